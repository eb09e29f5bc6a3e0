// The OpenAPI document's frame (licence, servers, the session cookie as the security scheme) and
// what every operation gets on top of its own schema: an operationId, its security (none for the
// public routes) and the problem+json answers it can give. Linted with Redocly's recommended rules.
import type { SwaggerTransform } from '@fastify/swagger'
import type { FastifySchema } from 'fastify'
import { jsonSchemaTransform } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Problem } from '../../shared/errors.ts'
import { SESSION_COOKIE } from './sessions.ts'

export const PROBLEM_SCHEMA_ID = 'Problem'

/** Problem as a shared JSON schema: the document lists it once, under components.schemas. */
export function problemJsonSchema() {
  const { $schema: _schema, ...schema } = z.toJSONSchema(Problem) as Record<string, unknown>
  return { $id: PROBLEM_SCHEMA_ID, ...schema }
}

export const openApiFrame = {
  openapi: '3.1.0',
  info: {
    title: 'Dey API',
    version: '0.1.0',
    description:
      'Land-dispute case management with mapping for Cambodian land communities. Sign in with POST /api/auth/login: ' +
      `the answer sets the httpOnly \`${SESSION_COOKIE}\` cookie that every other operation needs. Errors are application/problem+json (RFC 9457).`,
    license: { name: 'GNU Affero General Public License v3.0 or later', identifier: 'AGPL-3.0-or-later' },
  },
  // Relative: the server this document was fetched from.
  servers: [{ url: '/', description: 'The Dey server that serves this document' }],
  components: {
    securitySchemes: {
      session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie POST /api/auth/login sets' },
    },
  },
  security: [{ session: [] }],
} as const

const PROBLEM_ANSWERS: Record<number, string> = {
  400: 'The request is malformed or a value is invalid; `errors` names each field',
  401: 'Not signed in, or the session ended',
  403: 'Your role may not do this, or the request came from another site',
  404: 'No such record, or one you may not see',
  409: 'The record changed since the version you sent (the body holds the current one), or this would duplicate one',
  413: 'The file or body is larger than the limit',
  415: 'A type of file or body that is not accepted',
  422: 'The values are well-formed but break a rule (a geometry PostGIS refuses, a record that does not exist)',
  429: 'Too many attempts: wait and try again (Retry-After)',
  503: 'The server is too busy: try again in a moment',
  507: "The server's disk is full",
}

function problemAnswer(status: number) {
  return { description: PROBLEM_ANSWERS[status], content: { 'application/problem+json': { schema: { $ref: `${PROBLEM_SCHEMA_ID}#` } } } }
}

/** Which refusals an operation can answer with, from what it takes and who may call it. */
function problemStatuses(method: string, url: string, schema: FastifySchema, isPublic: boolean): number[] {
  const statuses = new Set<number>([400])
  if (!isPublic) statuses.add(401).add(403)
  if (url.includes(':') || url.includes('{')) statuses.add(404)
  if (method === 'PATCH' || method === 'DELETE') statuses.add(409)
  if (schema.body || method === 'POST' || method === 'PATCH') statuses.add(413).add(422)
  if (/\/(evidence|uploads)/.test(url) && method !== 'GET' && method !== 'DELETE') statuses.add(415)
  if (url.endsWith('/auth/login')) statuses.add(429)
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') statuses.add(507)
  statuses.add(503)
  return [...statuses].sort()
}

/** `GET /api/communities/{id}/overlaps` → `getCommunitiesIdOverlaps`: unique and stable. */
function operationIdOf(method: string, url: string) {
  const words = url
    .replace(/^\/api\/?/, '')
    .split(/[/.\-_{}:]+/)
    .filter(Boolean)
  return [method.toLowerCase(), ...words.map((word) => word[0]!.toUpperCase() + word.slice(1))].join('')
}

export const documentRoute: SwaggerTransform = (input) => {
  const { schema, url } = jsonSchemaTransform(input)
  // Feature plugins mount their lists at '/', which Fastify names '/api/x/': document '/api/x'.
  const path = url.replace(/(.)\/$/, '$1')
  const method = String(input.route.method)
  const isPublic = input.route.config?.permission === 'public'
  const responses = { ...((schema as { response?: Record<string, unknown> }).response ?? {}) }
  for (const status of problemStatuses(method, path, schema, isPublic)) responses[status] ??= problemAnswer(status)
  return {
    url: path,
    schema: {
      ...schema,
      operationId: operationIdOf(method, path),
      ...(isPublic ? { security: [] } : {}),
      response: responses,
    } as FastifySchema,
  }
}
