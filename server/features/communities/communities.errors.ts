import { AppError } from '../../lib/app-error.ts'

export const createNetworkSelfError = () =>
  new AppError('communities.network_self', 422, 'body.networkId: a community cannot be its own network', [
    { field: 'body.networkId', message: 'cannot be the community itself' },
  ])

export const createHasOpenCasesError = (references: string) =>
  new AppError('communities.has_open_cases', 409, `This community has open legal cases (${references}); close or unlink them first`)

export const createNotANetworkError = () =>
  new AppError('communities.not_a_network', 422, 'body.networkId: must be a community of kind provincial_network', [
    { field: 'body.networkId', message: 'is not a provincial network' },
  ])

export const createDuplicateIntakeCodeError = (code: string) =>
  new AppError('communities.duplicate_intake_code', 409, `body.intakeCode: ${code} is already another community's SMS code`, [
    { field: 'body.intakeCode', message: `is already another community's SMS code` },
  ])
