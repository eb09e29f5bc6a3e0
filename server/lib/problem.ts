// Turns any thrown error into an RFC 9457 problem+json reply. Nothing else formats errors.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { STATUS_CODES } from 'node:http'
import type { FieldIssue, Problem } from '../../shared/errors.ts'
import { isPoolExhausted } from '../../db/open.ts'
import { AppError } from './app-error.ts'
import { recordAudit } from './audit.ts'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: Omit<Problem, 'type' | 'title' | 'instance' | 'requestId'> & Record<string, unknown>,
) {
  const body: Problem & Record<string, unknown> = {
    type: 'about:blank',
    title: STATUS_CODES[problem.status] ?? 'Error',
    ...problem,
    instance: request.url,
    requestId: String(request.id),
  }
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(body)
}

export async function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (error.code === 'auth.forbidden') await recordDenial(request, error)
    return sendProblem(reply, request, {
      status: error.status,
      code: error.code,
      detail: error.message,
      ...(error.errors ? { errors: error.errors } : {}),
      ...error.extra,
    })
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors: FieldIssue[] = error.validation.map((issue) => ({
      field: joinField(error.validationContext ?? 'request', issue.instancePath),
      message: issue.message ?? 'is invalid',
    }))
    return sendProblem(reply, request, {
      status: 400,
      code: 'request.invalid',
      detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    })
  }
  if (isDiskFull(error)) {
    request.log.error({ err: error }, 'the disk is full')
    return sendProblem(reply, request, {
      status: 507,
      code: 'storage.full',
      detail: "The server's disk is full: nothing was kept. Try again later, and tell your administrator.",
    })
  }
  const databaseProblem = describeDatabaseError(error)
  if (databaseProblem) {
    if (databaseProblem.status === 503) {
      // The client may try again: statement timeouts and a full pool pass once the load does.
      request.log.warn({ err: error }, 'request refused: the database is too busy')
      reply.header('Retry-After', String(BUSY_RETRY_AFTER_SECONDS))
    } else {
      request.log.warn({ err: error }, 'request refused by a database constraint')
    }
    return sendProblem(reply, request, databaseProblem)
  }
  // Fastify's own 4xx errors: malformed JSON, unsupported media type, body too large…
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) {
    return sendProblem(reply, request, {
      status,
      code: `request.${(error.code ?? 'invalid').replace(/^FST_ERR_/, '').toLowerCase()}`,
      detail: error.message,
    })
  }
  request.log.error({ err: error }, 'unexpected error')
  return sendProblem(reply, request, {
    status: 500,
    code: 'internal',
    detail: 'An unexpected error occurred. It has been logged with this request id.',
  })
}

/** "body" + "/boundary/coordinates/0" → "body.boundary.coordinates[0]" */
function joinField(context: string, instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean)
  return parts.reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : `${path}.${part}`), context)
}

/** No room left on the disk (or the user's quota), for a file or for the database. */
export function isDiskFull(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === '53100') return true
  }
  return false
}

/** Seconds a client is asked to wait after a 503 `server.busy`. */
export const BUSY_RETRY_AFTER_SECONDS = 5

const serverBusy = {
  status: 503,
  code: 'server.busy',
  detail: 'The server is too busy to answer this now: try again in a moment',
} as const

/** Constraint violations that slipped past validation: a 4xx naming the rule, never the SQL. */
function describeDatabaseError(error: unknown) {
  const cause = (error as { cause?: unknown }).cause ?? error
  if (isPoolExhausted(cause) || isPoolExhausted(error)) return serverBusy
  const { code, constraint } = cause as { code?: string; constraint?: string }
  const rule = constraint ? ` (${constraint})` : ''
  switch (code) {
    case '23505':
      return { status: 409, code: 'conflict.duplicate', detail: `This would duplicate an existing record${rule}` }
    case '23503':
      return { status: 422, code: 'reference.not_found', detail: `A referenced record does not exist${rule}` }
    case '23514':
    case '23502':
      return { status: 422, code: 'constraint.violated', detail: `The data breaks a rule of the database${rule}` }
    case '22003':
      return { status: 422, code: 'value.out_of_range', detail: 'A number is too large to store' }
    // Text the database cannot read as the type it needs: a NUL character in any string, or a
    // forged cursor whose value is not a date. Validation cannot foresee every such value.
    // The server is out of memory or connections, or a query ran past its time: try again later.
    case '53000':
    case '53200':
    case '53300':
    case '57014':
      return serverBusy
    case '22021':
    case '22P02':
    case '22007':
    case '22008':
      return { status: 400, code: 'request.invalid_value', detail: 'A value in the request cannot be read by the database' }
    default:
      return undefined
  }
}

/** Every refusal, by role or by record, goes into the audit trail (who tried what). */
async function recordDenial(request: FastifyRequest, error: AppError) {
  try {
    await recordAudit(request.server.db, request.auditContext, {
      action: 'denied',
      entity: 'route',
      entityId: `${request.method} ${request.routeOptions.url ?? request.url}`,
      details: { reason: error.message, permission: request.routeOptions.config?.permission ?? null },
    })
  } catch (auditError) {
    request.log.error({ err: auditError }, 'could not record a permission denial in the audit trail')
  }
}
