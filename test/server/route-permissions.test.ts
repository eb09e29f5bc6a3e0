// Every API route declares who may call it: start-up refuses one that does not.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Database } from '../../db/open.ts'
import { buildApp } from '../../server/app.ts'
import { createLocalBlobStore } from '../../server/lib/local-blob-store.ts'
import { createTestDatabase } from '../helpers/test-db.ts'

let database: Database
let evidenceDir: string

beforeAll(async () => {
  database = await createTestDatabase()
  evidenceDir = await mkdtemp(path.join(os.tmpdir(), 'dey-evidence-'))
})

afterAll(async () => {
  await database.close()
  await rm(evidenceDir, { recursive: true, force: true })
})

it('refuses to start with an API route that declares no permission, naming the route', async () => {
  const app = await buildApp({
    database,
    logger: false,
    clientDir: '/nonexistent',
    evidence: { store: createLocalBlobStore(evidenceDir), maxUploadBytes: 1024, uploadsDir: path.join(evidenceDir, 'uploads') },
  })
  const startUp = async () => {
    await app.register(async (child) => {
      child.get('/api/undeclared', () => ({ ok: true }))
    })
    await app.ready()
  }
  await expect(startUp()).rejects.toThrow('GET /api/undeclared declares no permission')
  await app.close().catch(() => undefined)
})
