// The activity form's values (strings, as inputs hold them), the body they make, and the checks
// across fields that the shared contract makes (youth are counted among the women and men).
import { activityInputIssues, type Activity } from '../../../shared/activities.ts'
import { changedFields, numberOrNull, numberText, textOrNull } from '../../lib/form-values.ts'

export interface ActivityFormValues {
  kind: string
  topic: string
  title: string
  startedOn: string
  endedOn: string
  communityIds: string[]
  women: string
  men: string
  youth: string
  facilitators: string
  costUsd: string
  notes: string
  province: string
  district: string
  commune: string
  village: string
}

export const emptyActivityValues = (today: string, communityIds: string[] = []): ActivityFormValues => ({
  kind: '',
  topic: '',
  title: '',
  startedOn: today,
  endedOn: '',
  communityIds,
  women: '',
  men: '',
  youth: '',
  facilitators: '',
  costUsd: '',
  notes: '',
  province: '',
  district: '',
  commune: '',
  village: '',
})

export function activityValuesOf(row: Activity): ActivityFormValues {
  return {
    kind: row.kind,
    topic: row.topic ?? '',
    title: row.title,
    startedOn: row.startedOn,
    endedOn: row.endedOn ?? '',
    communityIds: row.communities.map((community) => community.id),
    women: numberText(row.participants.women),
    men: numberText(row.participants.men),
    youth: numberText(row.participants.youth),
    facilitators: row.facilitators ?? '',
    costUsd: numberText(row.costUsd),
    notes: row.notes ?? '',
    province: row.province,
    district: row.district ?? '',
    commune: row.commune ?? '',
    village: row.village ?? '',
  }
}

/** An empty count is nobody (0); text that is not a number stays NaN, so validation says so. */
const headCount = (text: string) => numberOrNull(text) ?? 0

/** Everyone who took part: women + men (youth are among them). */
export function participantsTotal(values: Pick<ActivityFormValues, 'women' | 'men'>): number {
  const total = headCount(values.women) + headCount(values.men)
  return Number.isFinite(total) ? total : 0
}

/**
 * The body for CreateActivityBody / UpdateActivityBody. Empty place names are left out on create
 * (the server takes the first community's place) and sent as null on update.
 */
export function activityBodyOf(values: ActivityFormValues, mode: 'create' | 'update'): Record<string, unknown> {
  const place = (text: string) => (mode === 'create' ? (textOrNull(text) ?? undefined) : textOrNull(text))
  return {
    kind: values.kind || undefined,
    topic: values.topic || null,
    title: values.title.trim(),
    startedOn: values.startedOn || undefined,
    endedOn: values.endedOn || null,
    communityIds: values.communityIds,
    participantsWomen: headCount(values.women),
    participantsMen: headCount(values.men),
    participantsYouth: headCount(values.youth),
    facilitators: textOrNull(values.facilitators),
    costUsd: numberOrNull(values.costUsd),
    notes: textOrNull(values.notes),
    // Never null: every activity has a province (left out, it keeps its own or takes the community's).
    province: textOrNull(values.province) ?? undefined,
    district: place(values.district),
    commune: place(values.commune),
    village: place(values.village),
  }
}

/** An edit sends only what changed (nothing at all when nothing did). */
export function activityChangesOf(values: ActivityFormValues, row: Activity): Record<string, unknown> {
  return changedFields(activityBodyOf(values, 'update'), activityBodyOf(activityValuesOf(row), 'update'))
}

export type CrossFieldErrors = Partial<Record<'participantsYouth' | 'endedOn', 'youthTooMany' | 'endBeforeStart'>>

/** The shared rules across fields (activityInputIssues), as the form's message keys. */
export function crossFieldErrors(values: ActivityFormValues): CrossFieldErrors {
  const issues = activityInputIssues({
    startedOn: values.startedOn || undefined,
    endedOn: values.endedOn || undefined,
    participantsWomen: participantsTotal({ women: values.women, men: '' }),
    participantsMen: participantsTotal({ women: '', men: values.men }),
    participantsYouth: participantsTotal({ women: values.youth, men: '' }),
  })
  const errors: CrossFieldErrors = {}
  for (const issue of issues) {
    if (issue.path[0] === 'participantsYouth') errors.participantsYouth = 'youthTooMany'
    if (issue.path[0] === 'endedOn') errors.endedOn = 'endBeforeStart'
  }
  return errors
}
