// `npm run db:seed`: migrate, then load the fictional demo data set into the configured database.
import { loadAdminAreas } from '../../db/admin-areas/load-admin-areas.ts'
import { migrateDatabase } from '../../db/migrate.ts'
import { openDatabase } from '../../db/open.ts'
import { hasAnyCommunities, loadDemoData } from '../../db/seed/load-demo.ts'
import { evidenceDirOf, loadConfig, pgliteDirOf } from '../config.ts'
import { loadDemoEvidence } from '../lib/demo-evidence.ts'
import { createDemoUsers } from '../lib/demo-users.ts'
import { createLocalBlobStore } from '../lib/local-blob-store.ts'
import { runCli } from './run-cli.ts'

await runCli(async () => {
  const config = loadConfig(process.env)
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirOf(config) })
  try {
    await migrateDatabase(database)
    // The demo's places are checked against the boundaries; they are reference data, loaded once.
    await loadAdminAreas(database.db)
    if (await hasAnyCommunities(database.db)) {
      throw new Error('the database already holds communities; demo data goes only into an empty database')
    }
    const summary = {
      ...(await loadDemoData(database.db)),
      users: await createDemoUsers(database.db),
      evidence: await loadDemoEvidence(database.db, createLocalBlobStore(evidenceDirOf(config))),
    }
    return `demo data loaded: ${Object.entries(summary).map(([table, n]) => `${n} ${table}`).join(', ')}`
  } finally {
    await database.close()
  }
})
