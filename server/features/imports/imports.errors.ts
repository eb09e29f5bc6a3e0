// The errors of the import job (the file readers' own are in read/imports-read.errors.ts).
import type { FieldIssue } from '../../../shared/errors.ts'
import { AppError } from '../../lib/app-error.ts'

export const createImportStateError = (status: string, action: string) =>
  new AppError('imports.wrong_state', 409, `This import is ${status.replace(/_/g, ' ')}: it cannot ${action} now`)

export const createInvalidMappingError = (errors: FieldIssue[]) =>
  new AppError(
    'imports.invalid_mapping',
    422,
    `The mapping does not fit the file: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
    errors,
  )

export const createNotConfiguredError = () =>
  new AppError('imports.not_configured', 409, 'Choose the target layer and map the columns (PATCH /api/imports/{id}) before a dry run')

export const createNoDryRunError = () =>
  new AppError('imports.no_dry_run', 409, 'Run a dry run of this mapping first (POST /api/imports/{id}/dry-run), then commit')

export const createMissingFileError = () =>
  new AppError('imports.no_file', 400, 'body.file: send the GIS file as a file part after the text fields', [
    { field: 'body.file', message: 'send one file' },
  ])

export const createUploadFieldError = (field: string, message: string) =>
  new AppError('imports.invalid_field', 400, `body.${field}: ${message}`, [{ field: `body.${field}`, message }])
