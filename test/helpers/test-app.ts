import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app.ts'
import type { Database, Db } from '../../db/open.ts'
import { createTestDatabase } from './test-db.ts'

export interface TestApp {
  app: FastifyInstance
  db: Db
  database: Database
  close(): Promise<void>
}

/** The real app over a fresh migrated database; call close() in afterAll. */
export async function createTestApp(): Promise<TestApp> {
  const database = await createTestDatabase()
  const app = await buildApp({ database, logger: false, clientDir: '/nonexistent' })
  await app.ready()
  return {
    app,
    db: database.db,
    database,
    close: async () => {
      await app.close()
      await database.close()
    },
  }
}
