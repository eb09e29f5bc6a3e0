// `npm run db:migrate`: apply migrations to the configured database, load the administrative
// boundaries into it if it has none, and exit.
import { loadAdminAreas } from '../../db/admin-areas/load-admin-areas.ts'
import { migrateDatabase } from '../../db/migrate.ts'
import { openDatabase } from '../../db/open.ts'
import { loadConfig, pgliteDirOf } from '../config.ts'
import { runCli } from './run-cli.ts'

await runCli(async () => {
  const config = loadConfig(process.env)
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirOf(config) })
  try {
    await migrateDatabase(database)
    const adminAreas = await loadAdminAreas(database.db)
    const loaded = adminAreas
      ? `; administrative boundaries loaded: ${adminAreas.provinces} provinces, ${adminAreas.districts} districts, ${adminAreas.communes} communes`
      : ''
    return `migrations applied (${database.driver})${loaded}`
  } finally {
    await database.close()
  }
})
