// How an audit entry reads: who (from the actor label), which record and where it lives in the
// app, and its changes as field → before/after. Pure functions; audit-page.tsx renders them.
import type { AuditEntry } from '../../../shared/audit.ts'
import { USER_ROLES, type UserRole } from '../../../shared/vocabularies.ts'
import type { Permission } from '../../../shared/permissions.ts'

/** Record types in the log: the audited tables (migration 0004) and 'route' for refusals. */
export const AUDIT_ENTITIES = [
  'communities',
  'community_plans',
  'parcels',
  'concessions',
  'concession_declared_areas',
  'incidents',
  'incident_people',
  'people',
  'legal_cases',
  'case_events',
  'case_people',
  'case_communities',
  'case_parcels',
  'case_incidents',
  'program_targets',
  'users',
  'user_communities',
  'evidence',
  'imports',
  'exports',
  'cases',
  'admin_areas',
  'calendar_feeds',
  'route',
] as const

/** Row changes (create/update/delete) and the events the app records itself. */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'login',
  'login_failed',
  'login_locked',
  'logout',
  'download',
  'purge',
  'denied',
  'export',
  'import_upload',
  'import_commit',
  'import_undo',
  'communities_changed',
  'regenerate',
  'revoke',
] as const

/** The value the database writes instead of a sensitive one (dey_audit_mask). */
export const MASKED = '[masked]'

export interface Actor {
  name: string
  role: UserRole | undefined
}

/** 'legal:Demo Lawyer' → the name and role; 'system' and loaders have no role. */
export function actorOf(label: string): Actor {
  const separator = label.indexOf(':')
  const role = separator > 0 ? label.slice(0, separator) : ''
  if ((USER_ROLES as readonly string[]).includes(role)) return { name: label.slice(separator + 1), role: role as UserRole }
  return { name: label, role: undefined }
}

export interface FieldChange {
  field: string
  before?: unknown
  after?: unknown
  /** Present on both sides: a change, shown before → after. */
  isChange: boolean
}

/** Bookkeeping columns that say nothing to a reader of the log. */
const NOISE = new Set(['id', 'created_at', 'updated_at', 'version'])

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

export interface ChangeSet {
  /** Fields that changed (update) or the fields of a created/deleted row, noise left out. */
  fields: FieldChange[]
  /** 'diff': before → after; 'snapshot': a whole row (create/delete); 'details': an app event's details. */
  kind: 'diff' | 'snapshot' | 'details' | 'none'
}

/**
 * The entry's changes: `{before, after}` for an update, `{after}` for a create, `{before}` for
 * a delete, `{key}` for link tables, or the details of an app event (a login, a download).
 */
export function changesOf(entry: Pick<AuditEntry, 'changes'>): ChangeSet {
  const changes = entry.changes
  if (!isObject(changes) || Object.keys(changes).length === 0) return { fields: [], kind: 'none' }
  const before = isObject(changes.before) ? changes.before : undefined
  const after = isObject(changes.after) ? changes.after : undefined
  const key = isObject(changes.key) ? changes.key : undefined
  if (!before && !after && !key) {
    return { kind: 'details', fields: Object.entries(changes).map(([field, value]) => ({ field, after: value, isChange: false })) }
  }
  if (before && after) {
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
      .filter((field) => !NOISE.has(field))
      .map((field) => ({ field, before: before[field], after: after[field], isChange: true }))
    return { kind: 'diff', fields }
  }
  const row = { ...(key ?? {}), ...(after ?? before ?? {}) }
  const fields = Object.entries(row)
    // A snapshot lists what the row holds: empty fields would only make it longer.
    .filter(([field, value]) => !NOISE.has(field) && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0))
    .map(([field, value]) => (after || key ? { field, after: value, isChange: false } : { field, before: value, isChange: false }))
  return { kind: 'snapshot', fields }
}

export interface NamedCommunity {
  id: string
  name: string | null
  nameKm: string | null
}

export interface MembershipChange {
  added: NamedCommunity[]
  removed: NamedCommunity[]
}

const namedCommunities = (value: unknown): NamedCommunity[] =>
  Array.isArray(value)
    ? value.filter(isObject).map((item) => ({
        id: String(item.id ?? ''),
        name: typeof item.name === 'string' ? item.name : null,
        nameKm: typeof item.nameKm === 'string' ? item.nameKm : null,
      }))
    : []

/** A user's communities added and removed, as the database writes them since migration 0018. */
export function membershipChangeOf(entry: Pick<AuditEntry, 'action' | 'changes'>): MembershipChange | undefined {
  if (entry.action !== 'communities_changed' || !isObject(entry.changes)) return undefined
  return { added: namedCommunities(entry.changes.added), removed: namedCommunities(entry.changes.removed) }
}

/** A community as a reader of `language` knows it; the short id when its name was not recorded. */
export const communityNameOf = (community: NamedCommunity, language: string) =>
  (language === 'km' ? community.nameKm || community.name : community.name || community.nameKm) || shortId(community.id)

/** Which vocabulary labels a field's values, by record type ('kind' of an incident ≠ of a case). */
export function vocabularyOf(entity: string, field: string): string | undefined {
  switch (field) {
    case 'kind':
      return (
        {
          incidents: 'incidentKind',
          communities: 'communityKind',
          legal_cases: 'caseKind',
          concessions: 'concessionKind',
          case_events: 'caseEventKind',
        } as Record<string, string>
      )[entity]
    case 'status':
      return ({ incidents: 'incidentStatus', communities: 'communityStatus', community_plans: 'planStatus' } as Record<string, string>)[
        entity
      ]
    case 'role':
      return entity === 'users' ? 'userRole' : entity === 'case_people' || entity === 'incident_people' ? 'partyRole' : undefined
    case 'stage':
      return 'caseStage'
    case 'severity':
      return 'severity'
    case 'tenure':
      return 'tenure'
    case 'title_status':
      return 'titleStatus'
    case 'land_use':
      return 'landUse'
    case 'perpetrator_kind':
      return 'perpetratorKind'
    case 'indicator':
      return 'targetIndicator'
    default:
      return undefined
  }
}

const fieldOf = (entry: Pick<AuditEntry, 'changes'>, field: string): string | undefined => {
  const changes = isObject(entry.changes) ? entry.changes : {}
  for (const part of ['after', 'before', 'key']) {
    const value = isObject(changes[part]) ? (changes[part] as Json)[field] : undefined
    if (typeof value === 'string' && value) return value
  }
  return undefined
}

export interface EntityLink {
  to: string
  /** The permission the linked page needs. */
  permission: Permission
}

/**
 * Where the record (or the record it belongs to) is shown in the app, if anywhere. A deleted
 * record has no page any more; an event on a case links to its case.
 */
export function entityLinkOf(entry: Pick<AuditEntry, 'entity' | 'entityId' | 'action' | 'changes'>): EntityLink | undefined {
  const id = entry.entityId
  const isGone = entry.action === 'delete' || entry.action === 'purge'
  const own = (path: string, permission: Permission) => (id && !isGone ? { to: `${path}/${id}`, permission } : undefined)
  const parent = (field: string, path: string, permission: Permission) => {
    const parentId = fieldOf(entry, field)
    return parentId ? { to: `${path}/${parentId}`, permission } : undefined
  }
  switch (entry.entity) {
    case 'communities':
      return own('/communities', 'communities.read')
    case 'parcels':
      return own('/parcels', 'land.read')
    case 'concessions':
      return own('/concessions', 'land.read')
    case 'incidents':
      return own('/incidents', 'incidents.read')
    case 'legal_cases':
      return own('/cases', 'cases.read')
    case 'users':
    case 'user_communities':
      return id && !isGone && entry.action !== 'login_failed'
        ? { to: `/admin/users?edit=${encodeURIComponent(id)}`, permission: 'users.manage' }
        : undefined
    case 'community_plans':
      return parent('community_id', '/communities', 'communities.read')
    case 'concession_declared_areas':
      return parent('concession_id', '/concessions', 'land.read')
    case 'incident_people':
      return (
        parent('incident_id', '/incidents', 'incidents.read') ?? (id ? { to: `/incidents/${id}`, permission: 'incidents.read' } : undefined)
      )
    case 'case_events':
    case 'case_people':
    case 'case_communities':
    case 'case_parcels':
    case 'case_incidents':
      return parent('case_id', '/cases', 'cases.read')
    case 'evidence':
      return parent('incident_id', '/incidents', 'incidents.read') ?? parent('case_id', '/cases', 'cases.read')
    case 'program_targets':
      return { to: '/dashboard', permission: 'targets.read' }
    default:
      return undefined
  }
}

/** A UUID's first block: enough to tell records apart on screen; the full one is in the title. */
export const shortId = (id: string) => (/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(id) ? id.slice(0, 8) : id)

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type DisplayValue =
  | { kind: 'masked' }
  | { kind: 'empty' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'dateTime'; value: string }
  | { kind: 'date'; value: string }
  | { kind: 'id'; value: string }
  | { kind: 'shape'; type: string; points?: number; sha256?: string }
  | { kind: 'vocab'; vocabulary: string; value: string }
  | { kind: 'text'; value: string; full: string }

/** The longest text shown whole in a row; the rest is in the title. */
export const MAX_TEXT = 120

/** What kind of value this is, so the page can render and localize it. */
export function displayValueOf(entity: string, field: string, value: unknown): DisplayValue {
  if (value === MASKED) return { kind: 'masked' }
  if (value === null || value === undefined || value === '') return { kind: 'empty' }
  if (typeof value === 'boolean') return { kind: 'boolean', value }
  if (typeof value === 'string') {
    const vocabulary = vocabularyOf(entity, field)
    if (vocabulary) return { kind: 'vocab', vocabulary, value }
    if (ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) return { kind: 'dateTime', value }
    if (ISO_DATE.test(value)) return { kind: 'date', value }
    if (UUID.test(value)) return { kind: 'id', value }
    return { kind: 'text', value: value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value, full: value }
  }
  if (isObject(value) && typeof value.type === 'string' && 'coordinates' in value) return { kind: 'shape', type: value.type }
  // Polygons recorded since migration 0014: the shape's vertex count and the SHA-256 it is kept under.
  if (isObject(value) && typeof value.type === 'string' && typeof value.sha256 === 'string' && typeof value.points === 'number')
    return { kind: 'shape', type: value.type, points: value.points, sha256: value.sha256 }
  const text = JSON.stringify(value)
  return { kind: 'text', value: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text, full: text }
}

/** A date input's day as the API's bound, in Cambodia's time (UTC+7, no daylight saving). */
export const dayStart = (day: string) => `${day}T00:00:00+07:00`
export const dayEnd = (day: string) => `${day}T23:59:59.999+07:00`
