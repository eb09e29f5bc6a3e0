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
