import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { id, rowMeta, softDelete } from '../columns.ts'
import { communities } from './communities.ts'
import { deadlineRules } from './deadline-rules.ts'
import { caseEventKind, caseKind, caseResult, caseStage, caseTeamRole, partyRole } from './enums.ts'
import { incidents } from './incidents.ts'
import { parcels } from './parcels.ts'
import { people } from './people.ts'
import { users } from './users.ts'

export const legalCases = pgTable(
  'legal_cases',
  {
    id: id(),
    /** CASE-YYYY-NNNN, assigned by the server from case_reference_counters, never reused. */
    reference: text('reference').notNull(),
    title: text('title').notNull(),
    titleKm: text('title_km'),
    kind: caseKind('kind').notNull(),
    stage: caseStage('stage').notNull().default('intake'),
    forum: text('forum'),
    leadLawyer: text('lead_lawyer'),
    province: text('province'),
    summary: text('summary'),
    // Lawyer–client privileged: legal staff and admins only, never exported by default.
    privilegedNotes: text('privileged_notes'),
    outcome: text('outcome'),
    /** How the case ended, for "cases won / lost" (the outcome text says the rest); null while pending. */
    result: caseResult('result'),
    openedOn: date('opened_on').notNull().defaultNow(),
    closedOn: date('closed_on'),
    ...rowMeta(),
    ...softDelete(),
  },
  (t) => [
    uniqueIndex('legal_cases_reference_key').on(t.reference),
    index('legal_cases_stage_idx').on(t.stage),
    index('legal_cases_kind_idx').on(t.kind),
    // Every sort the list offers reads a (column, id) index in order: no sort step, O(page) keyset pages.
    index('legal_cases_opened_on_id_idx').on(t.openedOn, t.id),
    index('legal_cases_reference_id_idx').on(t.reference, t.id),
    index('legal_cases_created_at_id_idx').on(t.createdAt, t.id),
    index('legal_cases_updated_at_id_idx').on(t.updatedAt, t.id),
    index('legal_cases_title_trgm').using('gin', t.title.op('gin_trgm_ops')),
    index('legal_cases_title_km_trgm').using('gin', t.titleKm.op('gin_trgm_ops')),
    index('legal_cases_reference_trgm').using('gin', t.reference.op('gin_trgm_ops')),
    index('legal_cases_summary_trgm').using('gin', t.summary.op('gin_trgm_ops')),
    check('legal_cases_reference_format', sql`reference ~ '^CASE-[0-9]{4}-[0-9]{4,}$'`),
  ],
)

/** One row per year; the last number handed out, so references are never reused. */
export const caseReferenceCounters = pgTable('case_reference_counters', {
  year: smallint('year').primaryKey(),
  lastNumber: integer('last_number').notNull().default(0),
})

export const caseEvents = pgTable(
  'case_events',
  {
    id: id(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => legalCases.id),
    kind: caseEventKind('kind').notNull(),
    title: text('title').notNull(),
    details: text('details'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    location: text('location'),
    isDone: boolean('is_done').notNull().default(false),
    /** A deadline computed by a rule and confirmed by a lawyer: the rule, and the event that started the count. */
    deadlineRuleId: uuid('deadline_rule_id').references(() => deadlineRules.id),
    triggerEventId: uuid('trigger_event_id'),
    ...rowMeta(),
    ...softDelete(),
  },
  (t) => [
    // A case's events in the list's default order, read from the index.
    index('case_events_case_starts_idx').on(t.caseId, t.startsAt, t.id),
    // The calendar reads upcoming hearings and deadlines across all cases, in (starts_at, id) order.
    index('case_events_starts_idx').on(t.startsAt, t.id),
  ],
)

export const casePeople = pgTable(
  'case_people',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => legalCases.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    role: partyRole('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.personId, t.role] }), index('case_people_person_idx').on(t.personId)],
)

export const caseCommunities = pgTable(
  'case_communities',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => legalCases.id),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.communityId] }), index('case_communities_community_idx').on(t.communityId)],
)

export const caseParcels = pgTable(
  'case_parcels',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => legalCases.id),
    parcelId: uuid('parcel_id')
      .notNull()
      .references(() => parcels.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.parcelId] }), index('case_parcels_parcel_idx').on(t.parcelId)],
)

export const caseIncidents = pgTable(
  'case_incidents',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => legalCases.id),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.incidentId] }), index('case_incidents_incident_idx').on(t.incidentId)],
)

/**
 * Who works on a case: one lead lawyer and team members, all accounts (legal staff or admins).
 * External counsel are people, linked in case_people with the role external_counsel. Every change
 * is in the audit trail (row trigger), so a reassignment shows who was removed and who added.
 */
export const caseTeam = pgTable(
  'case_team',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => legalCases.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: caseTeamRole('role').notNull(),
    addedByUserId: uuid('added_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.userId] }),
    // "My cases" reads a user's memberships.
    index('case_team_user_idx').on(t.userId, t.caseId),
    uniqueIndex('case_team_one_lead_key')
      .on(t.caseId)
      .where(sql`role = 'lead'`),
  ],
)

/** Every change of a case's stage, for the stage history on the case page. */
export const caseStageChanges = pgTable(
  'case_stage_changes',
  {
    id: id(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => legalCases.id),
    fromStage: caseStage('from_stage'),
    toStage: caseStage('to_stage').notNull(),
    note: text('note'),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_stage_changes_case_idx').on(t.caseId, t.changedAt)],
)

/** People involved in an incident (affected, witnesses, perpetrators); carried into a case opened from it. */
export const incidentPeople = pgTable(
  'incident_people',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    role: partyRole('role').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.personId, t.role] }), index('incident_people_person_idx').on(t.personId)],
)
