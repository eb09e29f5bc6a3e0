import SwaggerParser from '@apidevtools/swagger-parser'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'

let t: TestApp
let document: { paths: Record<string, Record<string, { summary?: string; responses?: Record<string, unknown>; tags?: string[] }>> }

beforeAll(async () => {
  t = await createTestApp()
  document = (await t.app.inject({ url: '/api/openapi.json' })).json()
})
afterAll(() => t?.close())

/** Every API route the app serves, in OpenAPI's path notation ("GET /api/cases/{id}"). */
function servedRoutes(): string[] {
  return t.app.apiRoutes.map((route) => route.replace(/:(\w+)/g, '{$1}'))
}

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document according to a real validator', async () => {
    // The validator mutates what it is given: hand it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy()
    expect((document as unknown as { openapi: string }).openapi).toBe('3.1.0')
  })

  it('lists every API route with a summary, a tag and a response schema', () => {
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path.replace(/(.)\/$/, '$1')}`,
        operation,
      })),
    )
    const served = servedRoutes()
    expect(served.length).toBeGreaterThan(5)
    for (const route of served) {
      const entry = documented.find((d) => d.route === route)
      expect(entry, `${route} is in the OpenAPI document`).toBeDefined()
      expect(entry!.operation.summary, `${route} has a summary`).toBeTruthy()
      expect(entry!.operation.tags?.length, `${route} has a tag`).toBeGreaterThan(0)
      const success = Object.entries(entry!.operation.responses ?? {}).filter(([status]) => status.startsWith('2'))
      expect(success.length, `${route} documents its success response`).toBeGreaterThan(0)
    }
  })

  it('passes Redocly’s recommended rules with no error and no warning (the real CLI)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dey-openapi-'))
    try {
      const file = path.join(dir, 'openapi.json')
      await writeFile(file, JSON.stringify(document))
      const redocly = path.resolve(import.meta.dirname, '../../node_modules/.bin/redocly')
      const { stdout } = await promisify(execFile)(redocly, ['lint', file, '--format=json', '--max-problems=1000'], {
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
      }).catch((failure: { stdout?: string }) => ({ stdout: failure.stdout ?? '' }))
      const problems = (JSON.parse(stdout) as { problems: { ruleId: string; severity: string; message: string }[] }).problems
      expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('names the session cookie as the security scheme, and every public route as needing none', () => {
    const full = document as unknown as {
      components: { securitySchemes: Record<string, { type: string; in: string; name: string }> }
      security: unknown[]
      paths: Record<string, Record<string, { security?: unknown[]; operationId?: string; responses: Record<string, unknown> }>>
    }
    expect(full.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'dey_session' })
    expect(full.security).toEqual([{ session: [] }])
    expect(full.paths['/api/auth/login']!.post!.security).toEqual([])
    expect(full.paths['/api/health']!.get!.security).toEqual([])
    expect(full.paths['/api/communities']!.get!.security).toBeUndefined()
    expect(Object.keys(full.paths['/api/communities/{id}']!.get!.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404']))
    const ids = Object.values(full.paths).flatMap((methods) => Object.values(methods).map((operation) => operation.operationId))
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('documents the resumable upload’s HEAD (the offset a client resumes from)', () => {
    expect(document.paths['/api/uploads/{id}']?.head?.summary).toMatch(/Offset/)
  })
})
