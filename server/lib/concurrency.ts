// Optimistic concurrency: every change names the version it was based on, so two staff editing
// the same record cannot silently overwrite each other.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from './app-error.ts'
import {
  createInvalidIfMatchError,
  createStaleVersionError,
  createVersionRequiredError,
  createConflictWithCurrentError,
} from './concurrency.errors.ts'

/** The expected version from `If-Match: "3"` (or W/"3"), else from the body's `version`. */
export function expectedVersion(request: FastifyRequest, bodyVersion?: number): number {
  const fromHeader = ifMatchVersion(request)
  if (fromHeader !== undefined) return fromHeader
  if (bodyVersion !== undefined) return bodyVersion
  throw createVersionRequiredError()
}

/** The version in an If-Match header, if one was sent (deletes may send it; updates must send a version). */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match']
  if (typeof header !== 'string' || header.trim() === '') return undefined
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header)
  if (!match) throw createInvalidIfMatchError()
  return Number(match[1])
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
    throw createConflictWithCurrentError(error, mask(current as R))
  }
}

/** ETag = the row's version, so a client can send it back as If-Match. */
export function setVersionTag(reply: FastifyReply, version: number) {
  reply.header('etag', `"${version}"`)
}

/** For deletes, where the version is optional (If-Match): 409 when one was sent and is stale. */
export function requireVersion(entity: string, expected: number | undefined, current: { version: number }) {
  if (expected !== undefined && expected !== current.version) throw createStaleVersionError(entity, expected, current)
}
