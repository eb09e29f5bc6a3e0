import SwaggerParser from '@apidevtools/swagger-parser'
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
      Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path.replace(/(.)\/$/, '$1')}`, operation })),
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
})
