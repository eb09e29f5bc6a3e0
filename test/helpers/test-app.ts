import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import { buildApp } from '../../server/app.ts'
import type { Database, Db } from '../../db/open.ts'
import { createTestDatabase, type TestDatabaseOptions } from './test-db.ts'

export interface TestApp {
  app: FastifyInstance
  db: Db
  database: Database
  close(): Promise<void>
}

/** The real app over a fresh migrated database; call close() in afterAll. */
export async function createTestApp(options: TestDatabaseOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(options)
  // Only unexpected errors (500s) are logged, so a failing test shows their cause.
  const app = await buildApp({ database, logger: pino({ level: 'error' }), clientDir: '/nonexistent' })
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
