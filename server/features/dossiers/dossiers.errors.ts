import { AppError } from '../../lib/app-error.ts'

export const createExportNotReadyError = (id: string, status: string) =>
  new AppError('exports.not_ready', 409, `Export ${id} is ${status}, not done`)

export const createExportExpiredError = (id: string) =>
  new AppError('exports.expired', 410, `The file of export ${id} was deleted after its retention time; export again`)
