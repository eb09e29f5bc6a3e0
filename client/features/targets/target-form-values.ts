// The target form's values as typed (strings for numbers, every rule field kept while the count
// changes) and the body they make: the rule keeps only the fields of what it counts.
import type { ProgramTarget, TargetRule } from '../../../shared/targets.ts'
import type { ActivityKind, ActivityTopic, CommunityKind, CommunityStatus, TargetCount, TargetPace } from '../../../shared/vocabularies.ts'

export interface RuleDraft {
  count: TargetCount
  kinds: CommunityKind[]
  statuses: CommunityStatus[]
  founded: 'in_period' | 'before_period' | 'any'
  minActivities: string
  activityKinds: ActivityKind[]
  activityTopics: ActivityTopic[]
  needsPlan: boolean
  who: 'all' | 'women' | 'men' | 'youth'
}

export interface TargetFormValues {
  code: string
  label: string
  labelKm: string
  planStartYear: string
  planEndYear: string
  target: string
  baseline: string
  pace: TargetPace
  /** Cumulative totals by year, as typed. */
  milestones: Record<string, string>
  rule: RuleDraft
}

export const emptyRuleDraft: RuleDraft = {
  count: 'communities',
  kinds: [],
  statuses: [],
  founded: 'any',
  minActivities: '0',
  activityKinds: [],
  activityTopics: [],
  needsPlan: false,
  who: 'all',
}

export function ruleDraftOf(rule: TargetRule): RuleDraft {
  return { ...emptyRuleDraft, ...rule, minActivities: 'minActivities' in rule ? String(rule.minActivities) : '0' } as RuleDraft
}

export function newTargetValues(year: number): TargetFormValues {
  return {
    code: '',
    label: '',
    labelKm: '',
    planStartYear: String(year),
    planEndYear: String(year + 4),
    target: '',
    baseline: '0',
    pace: 'linear',
    milestones: {},
    rule: emptyRuleDraft,
  }
}

export function targetValuesOf(target: ProgramTarget): TargetFormValues {
  return {
    code: target.code ?? '',
    label: target.label,
    labelKm: target.labelKm ?? '',
    planStartYear: String(target.planStartYear),
    planEndYear: String(target.planEndYear),
    target: String(target.target),
    baseline: String(target.baseline),
    pace: target.pace,
    milestones: Object.fromEntries(target.milestones.map((milestone) => [String(milestone.year), String(milestone.value)])),
    rule: ruleDraftOf(target.rule),
  }
}

/** A typed number, or undefined when the field is empty (the schema then says "required"). */
const numberOf = (text: string) => (text.trim() === '' ? undefined : Number(text))

export function ruleOf(draft: RuleDraft): TargetRule {
  const activityFilter = { activityKinds: draft.activityKinds, activityTopics: draft.activityTopics }
  if (draft.count === 'activities') return { count: 'activities', ...activityFilter }
  if (draft.count === 'participants') return { count: 'participants', ...activityFilter, who: draft.who }
  return {
    count: 'communities',
    kinds: draft.kinds,
    statuses: draft.statuses,
    founded: draft.founded,
    minActivities: numberOf(draft.minActivities) ?? 0,
    ...activityFilter,
    needsPlan: draft.needsPlan,
  }
}

/** The years of the plan period, when both ends are sensible (at most 30 years). */
export function planYears(values: Pick<TargetFormValues, 'planStartYear' | 'planEndYear'>): number[] {
  const first = Number(values.planStartYear)
  const last = Number(values.planEndYear)
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 1990 || last < first || last - first >= 30) return []
  return Array.from({ length: last - first + 1 }, (_, index) => first + index)
}

/** Cumulative milestones on a straight line from the baseline to the target, ending at the target. */
export function spreadEvenly(years: number[], baseline: number, target: number): Record<string, string> {
  return Object.fromEntries(
    years.map((year, index) => [String(year), String(Math.round(baseline + ((target - baseline) * (index + 1)) / years.length))]),
  )
}

/** What the form sends (before the shared schema checks it). */
export function targetBodyOf(values: TargetFormValues) {
  return {
    code: values.code.trim() || null,
    label: values.label.trim(),
    labelKm: values.labelKm.trim() || null,
    planStartYear: numberOf(values.planStartYear),
    planEndYear: numberOf(values.planEndYear),
    target: numberOf(values.target),
    baseline: numberOf(values.baseline) ?? 0,
    pace: values.pace,
    milestones:
      values.pace === 'milestones'
        ? planYears(values).map((year) => ({ year, value: numberOf(values.milestones[String(year)] ?? '') }))
        : [],
    rule: ruleOf(values.rule),
  }
}
