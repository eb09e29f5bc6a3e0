// Start-up: config → database → migrations → demo data → HTTP server; and a clean shutdown.
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import lockfile from 'proper-lockfile'
import { loadAdminAreas } from '../db/admin-areas/load-admin-areas.ts'
import { migrateDatabase } from '../db/migrate.ts'
import { DatabaseUnreachableError, openDatabase, postgisVersion, redactUrl, type Database } from '../db/open.ts'
import { hasAnyCommunities, loadDemoData } from '../db/seed/load-demo.ts'
import { buildApp } from './app.ts'
import { loadDemoEvidence } from './lib/demo-evidence.ts'
import { countDemoUsers, createDemoUsers } from './lib/demo-users.ts'
import { ConfigError, evidenceDirOf, exportsDirOf, loadConfig, pgliteDirOf, type Config } from './config.ts'
import { createLocalBlobStore } from './lib/local-blob-store.ts'
import { createLogger } from './logger.ts'

/** Errors the operator can fix: printed as one line, no stack trace, exit code 1. */
class StartupError extends Error {}

export async function main(env: NodeJS.ProcessEnv): Promise<void> {
  let config: Config
  try {
    config = loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) exitWithMessage(error.message)
    throw error
  }
  const logger = createLogger(config)
  let releaseLock: (() => Promise<void>) | undefined
  let database: Database
  try {
    releaseLock = config.databaseUrl ? undefined : await lockDataDir(config)
    database = await openConfiguredDatabase(config)
  } catch (error) {
    await releaseLock?.()
    if (error instanceof StartupError || error instanceof DatabaseUnreachableError) {
      exitWithMessage(error.message)
    }
    throw error
  }

  await migrateDatabase(database)
  await loadAdminAreasOnce(database, logger)
  const store = createLocalBlobStore(evidenceDirOf(config))
  if (config.loadDemoData && !(await hasAnyCommunities(database.db))) {
    const summary = await loadDemoData(database.db)
    const demoUsers = await createDemoUsers(database.db)
    const evidenceStartedAt = performance.now()
    const demoEvidence = await loadDemoEvidence(database.db, store)
    const evidenceMs = Math.round(performance.now() - evidenceStartedAt)
    logger.info({ demoData: { ...summary, users: demoUsers, evidence: demoEvidence, evidenceMs } }, 'loaded the fictional demo data set, demo evidence and demo accounts (set DEY_DEMO=0 to skip)')
  }
  if (config.isProduction && (await countDemoUsers(database.db)) > 0) {
    logger.warn('!!! DEMO ACCOUNTS EXIST IN PRODUCTION: their passwords are public (README). Deactivate them, or start from a database without demo data (DEY_DEMO=0). !!!')
  }

  const leftovers = await store.cleanTemporaryFiles()
  if (leftovers > 0) logger.warn(`removed ${leftovers} temporary file(s) of uploads interrupted by a crash`)
  const app = await buildApp({
    database,
    logger,
    evidence: { store, maxUploadBytes: config.evidenceMaxBytes, uploadsDir: path.join(evidenceDirOf(config), 'uploads') },
    trustProxy: config.trustProxy,
    map: { tileUrl: config.tileUrl, tileAttribution: config.tileAttribution },
    security: { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours },
    exports: { dir: exportsDirOf(config), retentionHours: config.exportRetentionHours, chromiumPath: config.chromiumPath },
  })
  await app.listen({ port: config.port, host: config.host })
  const where = config.databaseUrl
    ? `PostgreSQL at ${redactUrl(config.databaseUrl)}`
    : `embedded PGlite in ${pgliteDirOf(config)}`
  logger.info(
    `Dey is listening on http://${config.host}:${config.port} — database: ${where}, PostGIS ${await postgisVersion(database.db)}`,
  )

  let isClosing = false
  const shutdown = async (signal: string) => {
    if (isClosing) {
      logger.warn(`${signal} again: exiting without waiting`)
      process.exit(1)
    }
    isClosing = true
    logger.info(`${signal} received: closing the server and the database`)
    await app.close()
    // Closing PGlite flushes its files; skipping this is what corrupts an embedded database.
    await database.close()
    await releaseLock?.()
    logger.info('closed cleanly')
    logger.flush?.()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

/** Reference data every database needs (province look-up, map outlines), demo or not. */
async function loadAdminAreasOnce(database: Database, logger: ReturnType<typeof createLogger>) {
  const startedAt = performance.now()
  const loaded = await loadAdminAreas(database.db)
  if (loaded) {
    const ms = Math.round(performance.now() - startedAt)
    logger.info({ adminAreas: loaded, ms }, "loaded Cambodia's administrative boundaries (geoBoundaries)")
  }
}

async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ databaseUrl: config.databaseUrl })
  return openDatabase({ pgliteDir: pgliteDirOf(config) })
}

/** Two processes writing one PGlite directory corrupt it: refuse to start a second one. */
async function lockDataDir(config: Config): Promise<() => Promise<void>> {
  const dir = pgliteDirOf(config)
  try {
    await mkdir(dir, { recursive: true })
  } catch (error) {
    throw new StartupError(`DATA_DIR ${config.dataDir} is not writable: ${(error as Error).message}`)
  }
  try {
    return await lockfile.lock(dir, { stale: 30_000, update: 10_000, realpath: false })
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') {
      throw new StartupError(`DATA_DIR ${config.dataDir} is in use by another running Dey server`)
    }
    throw error
  }
}

function exitWithMessage(message: string): never {
  process.stderr.write(`dey: ${message}\n`)
  process.exit(1)
}
