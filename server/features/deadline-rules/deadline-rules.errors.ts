import { AppError } from '../../lib/app-error.ts'

/** A 422 naming the field of the event body that is wrong, and why. */
const invalidLink = (code: string, field: 'deadlineRuleId' | 'triggerEventId' | 'kind', message: string) =>
  new AppError(`deadline_rules.${code}`, 422, `body.${field}: ${message}`, [{ field: `body.${field}`, message }])

export const createRuleNotFoundError = (id: string) => invalidLink('rule_not_found', 'deadlineRuleId', `no deadline rule with id ${id}`)

export const createRuleInactiveError = () =>
  invalidLink('rule_inactive', 'deadlineRuleId', 'the rule is switched off; an admin may switch it on again')

export const createTriggerNotFoundError = (id: string) => invalidLink('trigger_not_found', 'triggerEventId', `no event ${id} on this case`)

export const createRuleNotForTriggerError = (triggerKind: string, eventKind: string) =>
  invalidLink('not_applicable', 'deadlineRuleId', `the rule counts from a ${triggerKind}, and the trigger event is a ${eventKind}`)

export const createRuleNotForCaseKindError = (caseKind: string) =>
  invalidLink('not_applicable', 'deadlineRuleId', `the rule does not apply to ${caseKind} cases`)

export const createRuleAndTriggerTogetherError = (missing: 'deadlineRuleId' | 'triggerEventId') =>
  invalidLink(
    'incomplete',
    missing,
    'a deadline from a rule names both the rule (deadlineRuleId) and the event it counts from (triggerEventId)',
  )

export const createNotADeadlineError = () => invalidLink('not_a_deadline', 'kind', 'an event computed from a deadline rule is a deadline')

export const createAlreadyConfirmedError = (eventId: string) =>
  new AppError(
    'deadline_rules.already_confirmed',
    409,
    `body.deadlineRuleId: this deadline was already added from this rule and event (event ${eventId})`,
    [{ field: 'body.deadlineRuleId', message: 'already added from this rule and trigger event' }],
    { eventId },
  )
