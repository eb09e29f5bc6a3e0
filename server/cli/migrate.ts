// `npm run db:migrate`: apply migrations to the configured database and exit.
import { migrateDatabase } from '../../db/migrate.ts'
import { openDatabase } from '../../db/open.ts'
import { loadConfig, pgliteDirOf } from '../config.ts'
import { runCli } from './run-cli.ts'

await runCli(async () => {
  const config = loadConfig(process.env)
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirOf(config) })
  try {
    await migrateDatabase(database)
    return `migrations applied (${database.driver})`
  } finally {
    await database.close()
  }
})
