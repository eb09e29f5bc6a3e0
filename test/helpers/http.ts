import type { FastifyInstance } from 'fastify'
import type { LightMyRequestResponse } from 'fastify'
import { Problem } from '../../shared/errors.ts'

/** Follows nextCursor from `url` to the last page and returns every item. */
export async function collectAllPages(
  app: FastifyInstance,
  url: string,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = []
  let cursor: string | null = null
  for (let page = 0; page < 1000; page++) {
    const separator = url.includes('?') ? '&' : '?'
    const res = await app.inject({ url: cursor ? `${url}${separator}cursor=${encodeURIComponent(cursor)}` : url, headers })
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body}`)
    const body = res.json() as { items: Record<string, unknown>[]; nextCursor: string | null }
    items.push(...body.items)
    cursor = body.nextCursor
    if (!cursor) return items
  }
  throw new Error(`${url}: more than 1000 pages`)
}

/** The parsed problem+json body of an error response. */
export function problemOf(res: LightMyRequestResponse): Problem {
  if (!res.headers['content-type']?.toString().includes('application/problem+json')) {
    throw new Error(`expected problem+json, got ${res.headers['content-type']}: ${res.body}`)
  }
  return Problem.passthrough().parse(res.json())
}
