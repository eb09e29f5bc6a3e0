// The errors of the moderation queue.
import { AppError } from '../../lib/app-error.ts'

export const createIntakeReportNotFoundError = (id: string) => new AppError('intake.not_found', 404, `No intake report with id ${id}`)

/** 409 with the report as it is now: someone else accepted, merged or rejected it first. */
export const createAlreadyDecidedError = (status: string, current: unknown) =>
  new AppError('intake.already_decided', 409, `This report was already decided (it is ${status}); reload the queue`, undefined, {
    current,
  })

export const createIntakeVersionConflictError = (expected: number, current: { version: number }) =>
  new AppError(
    'intake.version_conflict',
    409,
    `Someone else changed this report (version ${current.version}, your change was based on ${expected}); reload and review`,
    undefined,
    { current },
  )

export const createKindRequiredError = () =>
  new AppError('intake.kind_required', 422, 'body.kind: the report does not say what kind of incident it is; choose one', [
    { field: 'body.kind', message: 'is required: the report has no kind' },
  ])

export const createLocationRequiredError = () =>
  new AppError('intake.location_required', 422, 'body.location: the report has no location; place it on the map', [
    { field: 'body.location', message: 'is required: the report has no location' },
  ])

export const createMergeTargetError = (incidentId: string) =>
  new AppError('intake.merge_target_not_found', 422, `body.incidentId: no live incident with id ${incidentId} that you may see`, [
    { field: 'body.incidentId', message: 'is not a live incident you may see' },
  ])
