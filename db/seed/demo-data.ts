// The demo data set, generated without touching the database: the same UTC day always gives
// the same rows (ids included), so a demo, a screenshot or a test can be reproduced.
import type { MultiPolygon, Point } from '../../shared/geo.ts'
import type {
  activities,
  activityCommunities,
  caseCommunities,
  caseEvents,
  caseIncidents,
  caseParcels,
  casePeople,
  caseReferenceCounters,
  committeeMembers,
  communities,
  communityPlans,
  concessionDeclaredAreas,
  concessions,
  incidents,
  intakeLinks,
  intakeReports,
  legalCases,
  parcels,
  people,
  programTargets,
} from '../schema/index.ts'
import { generateCases } from './demo-cases.ts'
import { createClock } from './demo-clock.ts'
import { generateCommunities, generateCommunityPlans } from './demo-communities.ts'
import { generateIncidents } from './demo-incidents.ts'
import { generateIntake } from './demo-intake.ts'
import { generateConcessions, generateParcels } from './demo-land.ts'
import { generateProgram } from './demo-program.ts'
import { generateDocumentTemplates, type DocumentTemplateRow } from './demo-templates.ts'
import { randomFor } from './random.ts'

/** Changing it reshuffles every generated value; keep it fixed so demos stay recognisable. */
const DEMO_SEED = 0x00de_7001

type WithId<T> = T & { id: string }

export type CommunityRow = WithId<typeof communities.$inferInsert> & { location: Point }
export type CommunityPlanRow = WithId<typeof communityPlans.$inferInsert>
export type ParcelRow = WithId<typeof parcels.$inferInsert> & { boundary: MultiPolygon }
export type ConcessionRow = WithId<typeof concessions.$inferInsert> & { boundary: MultiPolygon }
export type ConcessionDeclaredAreaRow = WithId<typeof concessionDeclaredAreas.$inferInsert>
export type IncidentRow = WithId<typeof incidents.$inferInsert> & { location: Point; occurredAt: Date }
export type PersonRow = WithId<typeof people.$inferInsert>
export type LegalCaseRow = WithId<typeof legalCases.$inferInsert>
export type CaseReferenceCounterRow = typeof caseReferenceCounters.$inferInsert
export type CaseEventRow = WithId<typeof caseEvents.$inferInsert>
export type CaseCommunityRow = typeof caseCommunities.$inferInsert
export type CaseParcelRow = typeof caseParcels.$inferInsert
export type CaseIncidentRow = typeof caseIncidents.$inferInsert
export type CasePersonRow = typeof casePeople.$inferInsert
export type ProgramTargetRow = WithId<typeof programTargets.$inferInsert>
export type ActivityRow = WithId<typeof activities.$inferInsert> & { startedOn: string }
export type ActivityCommunityRow = typeof activityCommunities.$inferInsert
export type CommitteeMemberRow = WithId<typeof committeeMembers.$inferInsert>
export type IntakeLinkRow = WithId<typeof intakeLinks.$inferInsert>
export type IntakeReportRow = WithId<typeof intakeReports.$inferInsert>

/** One array per table, in an order that satisfies the foreign keys when inserted as listed. */
export interface DemoData {
  /** Provincial networks come first: the other communities reference them. */
  communities: CommunityRow[]
  communityPlans: CommunityPlanRow[]
  concessions: ConcessionRow[]
  concessionDeclaredAreas: ConcessionDeclaredAreaRow[]
  parcels: ParcelRow[]
  incidents: IncidentRow[]
  people: PersonRow[]
  legalCases: LegalCaseRow[]
  caseReferenceCounters: CaseReferenceCounterRow[]
  caseEvents: CaseEventRow[]
  caseCommunities: CaseCommunityRow[]
  caseParcels: CaseParcelRow[]
  caseIncidents: CaseIncidentRow[]
  casePeople: CasePersonRow[]
  /** A year of trainings, meetings, exchanges and campaigns up to today, with the communities involved. */
  activities: ActivityRow[]
  activityCommunities: ActivityCommunityRow[]
  committeeMembers: CommitteeMemberRow[]
  /** The coalition's five-year strategic plan, starting this year. */
  programTargets: ProgramTargetRow[]
  /** Starter letter templates, in Khmer and English. */
  documentTemplates: DocumentTemplateRow[]
  /** A public report link, and reports from outside waiting in the moderation queue. */
  intakeLinks: IntakeLinkRow[]
  intakeReports: IntakeReportRow[]
}

export function generateDemoData(now: Date): DemoData {
  const clock = createClock(now)
  const random = (section: string) => randomFor(section, DEMO_SEED)

  const seededCommunities = generateCommunities(random('communities'), clock)
  const seededConcessions = generateConcessions(random('concessions'), clock, seededCommunities)
  const seededParcels = generateParcels(random('parcels'), seededCommunities, seededConcessions)
  const seededIncidents = generateIncidents(random('incidents'), clock, seededCommunities, seededConcessions)
  const cases = generateCases(random('cases'), clock, {
    communities: seededCommunities,
    concessions: seededConcessions,
    parcels: seededParcels,
    incidents: seededIncidents,
  })

  const communityPlans = generateCommunityPlans(random('plans'), clock, seededCommunities)

  return {
    communities: seededCommunities.map((community) => community.row),
    communityPlans,
    concessions: seededConcessions.map((concession) => concession.row),
    concessionDeclaredAreas: seededConcessions.flatMap((concession) => concession.declaredAreas),
    parcels: seededParcels,
    incidents: seededIncidents,
    ...cases,
    ...generateProgram(random, clock, seededCommunities, communityPlans),
    documentTemplates: generateDocumentTemplates(random('templates')),
    ...generateIntake(random('intake'), clock, seededCommunities, seededIncidents),
  }
}
