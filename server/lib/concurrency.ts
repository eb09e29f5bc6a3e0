// Optimistic concurrency: every change names the version it was based on, so two staff editing
// the same record cannot silently overwrite each other.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from './app-error.ts'

/** The expected version from `If-Match: "3"` (or W/"3"), else from the body's `version`. */
export function expectedVersion(request: FastifyRequest, bodyVersion?: number): number {
  const fromHeader = ifMatchVersion(request)
  if (fromHeader !== undefined) return fromHeader
  if (bodyVersion !== undefined) return bodyVersion
  throw new AppError(
    'version.required',
    428,
    'body.version: send the version this change is based on (body "version" or an If-Match header)',
    [{ field: 'body.version', message: 'is required' }],
  )
}

/** The version in an If-Match header, if one was sent (deletes may send it; updates must send a version). */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match']
  if (typeof header !== 'string' || header.trim() === '') return undefined
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header)
  if (!match) {
    throw new AppError('request.invalid', 400, 'header.if-match: must be the version in quotes, e.g. "3"', [
      { field: 'header.if-match', message: 'must be the version in quotes, e.g. "3"' },
    ])
  }
  return Number(match[1])
}

/** 409 with the row as it is now, so the client can show what changed. */
export function staleVersion(entity: string, expected: number, current: { version: number }) {
  return new AppError(
    `${entity}.version_conflict`,
    409,
    `Someone else changed this ${entity.replace(/_/g, ' ')} (version ${current.version}, your change was based on ${expected}); reload and review`,
    undefined,
    { current },
  )
}

/**
 * Runs a change whose 409 carries the current row, and masks that row as the response would be
 * masked: fields are dropped in the routes, errors included.
 */
export async function maskingConflicts<T, R extends object>(change: Promise<T>, mask: (row: R) => unknown): Promise<T> {
  try {
    return await change
  } catch (error) {
    const current = error instanceof AppError ? error.extra?.current : undefined
    if (!(error instanceof AppError) || !current || typeof current !== 'object') throw error
    throw new AppError(error.code, error.status, error.message, error.errors, { ...error.extra, current: mask(current as R) })
  }
}

/** ETag = the row's version, so a client can send it back as If-Match. */
export function setVersionTag(reply: FastifyReply, version: number) {
  reply.header('etag', `"${version}"`)
}

/** For deletes, where the version is optional (If-Match): 409 when one was sent and is stale. */
export function requireVersion(entity: string, expected: number | undefined, current: { version: number }) {
  if (expected !== undefined && expected !== current.version) throw staleVersion(entity, expected, current)
}
