import type { FieldIssue } from '../../../shared/errors.ts'
import { AppError } from '../../lib/app-error.ts'

export const createTooLargeError = (maxBytes: number) =>
  new AppError('evidence.too_large', 413, `file: larger than the limit of ${maxBytes} bytes; nothing was kept`, [
    { field: 'file', message: `is larger than ${maxBytes} bytes` },
  ])

/** A field of an upload refused: 400 request.invalid unless another code and status are given. */
export const createInvalidFieldError = (field: string, message: string, code = 'request.invalid', status = 400) =>
  new AppError(code, status, `${field}: ${message}`, [{ field, message }])

export const createUploadAbortedError = () =>
  new AppError('evidence.upload_aborted', 400, 'file: the upload was interrupted; nothing was kept', [
    { field: 'file', message: 'did not arrive whole' },
  ])

export const createHashMismatchError = (prefix: string, received: string, computed: string) =>
  new AppError(
    'evidence.hash_mismatch',
    422,
    `${prefix}.sha256: the file arrived with SHA-256 ${received}, not the ${computed} the device computed; nothing was kept`,
    [{ field: `${prefix}.sha256`, message: 'does not match the bytes received' }],
  )

export const createUnsupportedTypeError = (filename: string | null | undefined, mediaType: string | null | undefined) =>
  new AppError(
    'evidence.unsupported_type',
    415,
    `file: ${filename || 'the file'} is ${mediaType ?? 'of an unknown type'}, which is not accepted as evidence`,
    [{ field: 'file', message: `type ${mediaType ?? 'unknown'} is not allowed` }],
  )

export const createNotMultipartError = () =>
  new AppError('request.not_multipart', 415, 'body: send multipart/form-data', [{ field: 'body', message: 'must be multipart/form-data' }])

export const createNoThumbnailError = (id: string) => new AppError('evidence.no_thumbnail', 404, `Evidence ${id} has no thumbnail`)

/** Upload fields that fail their schema, each named. */
export const createInvalidFieldsError = (errors: FieldIssue[]) =>
  new AppError('request.invalid', 400, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors)

// ---- Resumable (tus) uploads ----------------------------------------------------------------

export const createMalformedUploadMetadataError = () =>
  new AppError('request.invalid', 400, 'Upload-Metadata: is not a list of "key base64value" pairs', [
    { field: 'headers.upload-metadata', message: 'is malformed' },
  ])

export const createMetadataNotBase64Error = (key: string) =>
  new AppError('request.invalid', 400, `metadata.${key}: is not base64`, [{ field: `metadata.${key}`, message: 'is not base64' }])

export const createUploadNotFoundError = () =>
  new AppError('upload.not_found', 404, `params.id: no upload with this id`, [{ field: 'params.id', message: 'no upload with this id' }])

export const createUploadLengthTooLargeError = (maxBytes: number) =>
  new AppError('evidence.too_large', 413, `headers.upload-length: larger than the limit of ${maxBytes} bytes; nothing was kept`, [
    { field: 'headers.upload-length', message: `is larger than ${maxBytes} bytes` },
  ])

/** An image too large to re-encode without its location, of a type whose metadata cannot be stripped losslessly. */
export const createTooLargeToStripError = (mediaType: string, pixels: number | undefined) =>
  new AppError(
    'evidence.too_large_to_strip',
    422,
    `file: this ${mediaType} image is too large (${pixels ?? 'unknown'} pixels) to remove its location from; ask legal staff for a copy`,
    [{ field: 'file', message: 'is too large to remove its location from' }],
  )
