// What a sender without an account is told when a report is refused: plain words, the field at
// fault, and never anything about other records.
import { INTAKE_MAX_PHOTOS } from '../../../shared/intake.ts'
import { AppError } from '../../lib/app-error.ts'

/** The same answer for a slug that never existed and one that is malformed: no oracle. */
export const createLinkNotFoundError = () =>
  new AppError('intake.link_not_found', 404, 'This report link does not exist. Check the address, or ask who gave it to you for a new one.')

export const createLinkClosedError = () =>
  new AppError(
    'intake.link_closed',
    410,
    'This report link has been closed and takes no more reports. Ask who gave it to you for a new one.',
  )

export const createHoneypotError = () =>
  new AppError('intake.honeypot', 400, 'body.report.website: must be left empty (it is a trap for robots); nothing was kept', [
    { field: 'body.report.website', message: 'must be left empty' },
  ])

export const createProofMissingError = () =>
  new AppError(
    'intake.proof_of_work',
    400,
    'body.report.altcha: missing; solve the challenge from GET …/challenge and send its payload; nothing was kept',
    [{ field: 'body.report.altcha', message: 'is required' }],
  )

const PROOF_REASONS = {
  invalid: 'is not a solved challenge from this server',
  expired: 'has expired: fetch a new challenge and send again',
  spent: 'was already used by another report: fetch a new challenge and send again',
} as const

export const createProofRefusedError = (reason: keyof typeof PROOF_REASONS) =>
  new AppError('intake.proof_of_work', 422, `body.report.altcha: ${PROOF_REASONS[reason]}; nothing was kept`, [
    { field: 'body.report.altcha', message: PROOF_REASONS[reason] },
  ])

export const createTooManyReportsError = (scope: 'address' | 'link', retryAfterSeconds: number) =>
  new AppError(
    'intake.too_many_reports',
    429,
    scope === 'address'
      ? `Too many reports from this network: try again in ${Math.ceil(retryAfterSeconds / 60)} minutes; nothing was kept`
      : `This report link has received too many reports this hour: try again in ${Math.ceil(retryAfterSeconds / 60)} minutes; nothing was kept`,
    undefined,
    { retryAfterSeconds },
  )

/** Too many link pages or challenges asked for from one network (a guesser of slugs, or a robot). */
export const createTooManyRequestsError = (retryAfterSeconds: number) =>
  new AppError(
    'intake.too_many_requests',
    429,
    `Too many requests from this network: try again in ${retryAfterSeconds} seconds`,
    undefined,
    {
      retryAfterSeconds,
    },
  )

export const createTooManyPhotosError = () =>
  new AppError('intake.too_many_photos', 413, `body.photo: at most ${INTAKE_MAX_PHOTOS} photos per report; nothing was kept`, [
    { field: 'body.photo', message: `at most ${INTAKE_MAX_PHOTOS} photos` },
  ])

export const createReportFieldTooLargeError = (maxBytes: number) =>
  new AppError('intake.report_too_large', 413, `body.report: larger than ${maxBytes} bytes; nothing was kept`, [
    { field: 'body.report', message: `is larger than ${maxBytes} bytes` },
  ])

export const createBodyTooLargeError = (maxBytes: number) =>
  new AppError('intake.report_too_large', 413, `body: larger than ${maxBytes} bytes; nothing was kept`, [
    { field: 'body', message: `is larger than ${maxBytes} bytes` },
  ])

/** A multipart body not shaped as asked (field `report` first, then `photo` files). */
export const createMalformedReportError = (field: string, message: string) =>
  new AppError('request.invalid', 400, `${field}: ${message}; nothing was kept`, [{ field, message }])
