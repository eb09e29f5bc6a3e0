// The one way the client talks to the API: JSON in, a shared schema parses what comes back, and
// every failure is an ApiError carrying the server's problem+json (the UI switches on `code`).
import type { z } from 'zod'
import { Problem } from '../../shared/errors.ts'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    /** The whole JSON body: a 409 conflict also carries `current`, the row as it is now. */
    readonly body: Record<string, unknown> = {},
  ) {
    super(problem.detail)
    this.name = 'ApiError'
  }
  get code() {
    return this.problem.code
  }
  /** Field issues keyed by the field's path inside the body ("boundary", "name"). */
  get fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {}
    for (const issue of this.problem.errors ?? []) {
      const field = issue.field.replace(/^(body|querystring|params|metadata)\./, '')
      result[field] ??= issue.message
    }
    return result
  }
}

/** The request never reached the server (offline, DNS, connection reset): worth retrying later. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('The server could not be reached', { cause })
    this.name = 'NetworkError'
  }
}

export type QueryValue = string | number | boolean | Date | null | undefined | readonly (string | number)[]

/** A query string from an object: empty values are left out, arrays become `a,b`. */
export function toQueryString(params: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','))
    } else if (value instanceof Date) {
      search.set(key, value.toISOString())
    } else {
      search.set(key, String(value))
    }
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  query?: Record<string, QueryValue>
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
  let body: BodyInit | undefined
  if (options.body instanceof FormData) body = options.body
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  let response: Response
  try {
    response = await fetch(`${path}${toQueryString(options.query)}`, {
      method: options.method ?? 'GET',
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw new NetworkError(error)
  }
  if (!response.ok) throw await apiErrorOf(response)
  return response
}

export async function apiErrorOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '')
  let parsed: Problem | undefined
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(text) as Record<string, unknown>
    parsed = Problem.parse(body)
  } catch {
    parsed = undefined
  }
  return new ApiError(
    response.status,
    parsed ?? {
      type: 'about:blank',
      title: response.statusText,
      status: response.status,
      code: `http.${response.status}`,
      detail: text.slice(0, 300) || response.statusText,
    },
    body,
  )
}

/** Calls the API and parses the JSON answer with a shared schema (which also revives dates). */
export async function api<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
  const response = await send(path, options)
  return schema.parse(await response.json())
}

/** Calls the API for a binary answer (a vector tile); no content is an empty answer. */
export async function apiBytes(path: string, options: RequestOptions = {}): Promise<Uint8Array> {
  const response = await send(path, { ...options, headers: { accept: 'application/vnd.mapbox-vector-tile', ...options.headers } })
  return new Uint8Array(await response.arrayBuffer())
}

/** Calls the API for its effect (204 No Content, or an answer the caller does not need). */
export async function apiVoid(path: string, options: RequestOptions = {}): Promise<void> {
  const response = await send(path, options)
  await response.body?.cancel()
}

/** A conflict (409) from an optimistic-concurrency check: someone else saved first. */
export const isConflict = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.status === 409 && error.code.endsWith('version_conflict')
