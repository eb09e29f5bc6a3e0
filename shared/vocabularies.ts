// The domain's controlled vocabularies (see DOMAIN.md). The database enums, the API schemas and
// the client's labels are all derived from these lists, so a value is added here and nowhere else.

export const COMMUNITY_KINDS = [
  'land_community',
  'indigenous_community',
  'womens_group',
  'youth_group',
  'food_system_community',
  'provincial_network',
] as const
export type CommunityKind = (typeof COMMUNITY_KINDS)[number]

export const COMMUNITY_STATUSES = ['forming', 'active', 'strengthening', 'inactive'] as const
export type CommunityStatus = (typeof COMMUNITY_STATUSES)[number]

export const PLAN_STATUSES = ['draft', 'adopted', 'in_progress', 'completed'] as const
export type PlanStatus = (typeof PLAN_STATUSES)[number]

export const LAND_USES = [
  'rice_field',
  'chamkar',
  'orchard',
  'residential',
  'forest',
  'spirit_forest',
  'burial_ground',
  'grazing',
  'water',
  'other',
] as const
export type LandUse = (typeof LAND_USES)[number]

export const TENURES = [
  'private_title',
  'possession_right',
  'communal_land_title',
  'communal_claim',
  'state_public',
  'state_private',
  'unknown',
] as const
export type Tenure = (typeof TENURES)[number]

export const TITLE_STATUSES = ['none', 'applied', 'registered', 'disputed'] as const
export type TitleStatus = (typeof TITLE_STATUSES)[number]

export const CONCESSION_KINDS = ['elc', 'slc', 'mining', 'hydropower', 'protected_area', 'other'] as const
export type ConcessionKind = (typeof CONCESSION_KINDS)[number]

export const INCIDENT_KINDS = [
  'forced_eviction',
  'eviction_threat',
  'land_grabbing',
  'encroachment',
  'demolition',
  'crop_destruction',
  'fencing',
  'intimidation',
  'violence',
  'arrest',
  'legal_harassment',
  'other',
] as const
export type IncidentKind = (typeof INCIDENT_KINDS)[number]

/** How much of a date is known: "May 2013" is month, "2013" is year; the stored instant is the period's first moment. */
export const DATE_PRECISIONS = ['day', 'month', 'year', 'unknown'] as const
export type DatePrecision = (typeof DATE_PRECISIONS)[number]

/** The layers a GIS file can be imported into. */
export const IMPORT_TARGETS = ['communities', 'parcels', 'concessions', 'incidents'] as const
export type ImportTarget = (typeof IMPORT_TARGETS)[number]

export const INCIDENT_STATUSES = ['reported', 'verified', 'ongoing', 'resolved', 'dismissed'] as const
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number]

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export const PERPETRATOR_KINDS = ['company', 'military', 'police', 'local_authority', 'individual', 'unknown'] as const
export type PerpetratorKind = (typeof PERPETRATOR_KINDS)[number]

export const CASE_KINDS = [
  'cadastral_commission',
  'court_civil',
  'court_criminal_defense',
  'naldr',
  'administrative_complaint',
  'mediation',
  'un_communication',
] as const
export type CaseKind = (typeof CASE_KINDS)[number]

export const CASE_STAGES = ['intake', 'investigation', 'filed', 'hearing', 'judgment', 'appeal', 'enforcement', 'closed'] as const
export type CaseStage = (typeof CASE_STAGES)[number]

export const CASE_EVENT_KINDS = ['filing', 'hearing', 'deadline', 'meeting', 'judgment', 'note'] as const
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number]

export const PARTY_ROLES = [
  'client',
  'plaintiff',
  'defendant',
  'witness',
  'official',
  'company_representative',
  /** A lawyer outside the team (another NGO, a bar association volunteer) working on the case. */
  'external_counsel',
  'other',
] as const
export type PartyRole = (typeof PARTY_ROLES)[number]

/** A case's team: one lead lawyer and any number of members, all accounts with the legal role (or admins). */
export const CASE_TEAM_ROLES = ['lead', 'member'] as const
export type CaseTeamRole = (typeof CASE_TEAM_ROLES)[number]

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export type TaskPriority = (typeof TASK_PRIORITIES)[number]

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

/** How a deadline rule counts its days: every day, or Monday to Friday only. */
export const DEADLINE_DAY_COUNTS = ['calendar_days', 'working_days'] as const
export type DeadlineDayCount = (typeof DEADLINE_DAY_COUNTS)[number]

/** What a user is told about (in the app, and by e-mail if they choose). */
export const NOTIFICATION_KINDS = [
  'hearing_reminder',
  'deadline_reminder',
  'task_assigned',
  'community_incident',
  'incident_into_case',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

/** One e-mail per notification, or one a day with all of them. */
export const EMAIL_DELIVERIES = ['each', 'daily_digest'] as const
export type EmailDelivery = (typeof EMAIL_DELIVERIES)[number]

export const EMAIL_STATUSES = ['pending', 'sent', 'failed'] as const
export type EmailStatus = (typeof EMAIL_STATUSES)[number]

/** The letters the legal team writes again and again (see DOMAIN.md). */
export const DOCUMENT_TEMPLATE_KINDS = [
  'cadastral_complaint',
  'concession_contract_request',
  'governor_letter',
  'power_of_attorney',
  'other',
] as const
export type DocumentTemplateKind = (typeof DOCUMENT_TEMPLATE_KINDS)[number]

/** Where a report from someone without an account came in. */
export const INTAKE_SOURCES = ['web', 'telegram', 'sms'] as const
export type IntakeSource = (typeof INTAKE_SOURCES)[number]

/** An intake report's way through moderation; `draft` is a Telegram conversation not yet finished. */
export const INTAKE_STATUSES = ['draft', 'new', 'accepted', 'merged', 'rejected'] as const
export type IntakeStatus = (typeof INTAKE_STATUSES)[number]

/** The languages of the UI, of e-mails and of document templates. */
export const LANGUAGES = ['km', 'en'] as const
export type LanguageCode = (typeof LANGUAGES)[number]

export const USER_ROLES = ['admin', 'legal', 'advocate', 'community_rep'] as const
export type UserRole = (typeof USER_ROLES)[number]

/**
 * The strategic plan's usual targets, offered as ready-made rules when an admin adds a target
 * (shared/targets.ts TARGET_PRESETS); a target itself is any rule, not one of these.
 */
export const TARGET_INDICATORS = ['new_land_communities', 'new_womens_groups', 'communities_strengthened', 'community_plans'] as const
export type TargetIndicator = (typeof TARGET_INDICATORS)[number]

/** The work that builds the movement (Deliver 1 of the program-monitoring issue). */
export const ACTIVITY_KINDS = ['training', 'meeting', 'exchange', 'campaign', 'legal_awareness', 'other'] as const
export type ActivityKind = (typeof ACTIVITY_KINDS)[number]

/** What a training or session was about. */
export const ACTIVITY_TOPICS = [
  'land_law',
  'advocacy',
  'leadership',
  'paralegal',
  'agro_ecology',
  'savings',
  'social_protection',
  'food_systems',
  'gender',
  'digital_security',
  'other',
] as const
export type ActivityTopic = (typeof ACTIVITY_TOPICS)[number]

/** A community committee member's role; `chair` and `deputy_chair` lead the community. */
export const COMMITTEE_ROLES = ['chair', 'deputy_chair', 'secretary', 'treasurer', 'committee_member', 'advisor'] as const
export type CommitteeRole = (typeof COMMITTEE_ROLES)[number]

/** As the person gives it; funders' disaggregation is by women and men. */
export const SEXES = ['female', 'male'] as const
export type Sex = (typeof SEXES)[number]

/** How a legal case ended, for "cases won / lost"; a case without a result is pending. */
export const CASE_RESULTS = ['won', 'partly_won', 'settled', 'lost', 'withdrawn'] as const
export type CaseResult = (typeof CASE_RESULTS)[number]

/** What a target's rule counts. */
export const TARGET_COUNTS = ['communities', 'activities', 'participants'] as const
export type TargetCount = (typeof TARGET_COUNTS)[number]

/** How "expected by today" is drawn: a straight line over the plan, or between yearly milestones. */
export const TARGET_PACES = ['linear', 'milestones'] as const
export type TargetPace = (typeof TARGET_PACES)[number]

/** Done against expected-by-today (shared/targets.ts paceOf says where the lines are). */
export const PACE_STATUSES = ['not_started', 'behind', 'on_track', 'ahead'] as const
export type PaceStatus = (typeof PACE_STATUSES)[number]
