import { AppError } from '../../lib/app-error.ts'

export const createStageNoteWithoutChangeError = () =>
  new AppError('cases.stage_note_without_change', 422, 'body.stageNote: a stage note is kept only with a change of stage', [
    { field: 'body.stageNote', message: 'send it together with a new stage' },
  ])

export const createClosedBeforeOpenedError = (openedOn: string, closedOn: string) =>
  new AppError('cases.closed_before_opened', 422, `body.closedOn: ${closedOn} is before the case was opened (${openedOn})`, [
    { field: 'body.closedOn', message: `is before openedOn (${openedOn})` },
  ])

export const createLinkNotFoundError = (caseId: string, what: string, targetId: string) =>
  new AppError('case_link.not_found', 404, `The ${what} ${targetId} is not linked to case ${caseId}`)

/** A deadline computed by a rule keeps citing the rule's legal basis: it cannot become another kind of event. */
export const createRuleDeadlineKindError = (kind: string) =>
  new AppError(
    'case_events.rule_deadline_kind',
    422,
    `body.kind: this deadline was computed by a deadline rule and stays a deadline (not ${kind})`,
    [{ field: 'body.kind', message: 'a deadline computed by a rule stays a deadline; record another event instead' }],
  )
