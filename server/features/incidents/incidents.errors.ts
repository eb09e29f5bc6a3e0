import { AppError } from '../../lib/app-error.ts'

const clientReportIdField = [{ field: 'body.clientReportId', message: 'was already used for another report' }]

export const createClientReportIdTakenError = () =>
  new AppError(
    'incidents.client_report_id_taken',
    409,
    'body.clientReportId: another report already uses this id; generate a new one',
    clientReportIdField,
  )

export const createAlreadyReportedError = (incidentId: string) =>
  new AppError(
    'incidents.already_reported',
    409,
    'This report was already received, and has since been deleted or is no longer visible to you',
    clientReportIdField,
    { incidentId },
  )

export const createTransitionNotAllowedError = (from: string, to: string, allowed: readonly string[]) =>
  new AppError(
    'incidents.transition_not_allowed',
    409,
    `An incident that is ${from} cannot become ${to}; it can become: ${allowed.join(', ') || 'nothing'}`,
    [{ field: 'body.status', message: `must be one of: ${allowed.join(', ')}` }],
    { from, allowed },
  )

export const createPersonNotLinkedError = (incidentId: string, personId: string, role: string | undefined) =>
  new AppError('incidents.person_not_linked', 404, `Person ${personId} is not linked to incident ${incidentId}${role ? ` as ${role}` : ''}`)

export const createCommunityRequiredError = () =>
  new AppError('incidents.community_required', 422, 'body.communityId: name the community this report is about', [
    { field: 'body.communityId', message: 'is required for community representatives' },
  ])

export const createPrecisionRequiredError = () =>
  new AppError(
    'incidents.occurred_precision_required',
    400,
    "body.occurredPrecision: this incident's date is unknown; say how precise the new date is (day, month or year)",
    [{ field: 'body.occurredPrecision', message: 'is required with occurredAt while the date is unknown' }],
  )
