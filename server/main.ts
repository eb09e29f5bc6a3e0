// Start-up: config → database → migrations → demo data → HTTP server; and a clean shutdown.
import path from 'node:path'
import { loadAdminAreas } from '../db/admin-areas/load-admin-areas.ts'
import { migrateDatabase, withStartupLock } from '../db/migrate.ts'
import { DatabaseUnreachableError, openDatabase, postgisVersion, redactUrl, type Database } from '../db/open.ts'
import { hasAnyCommunities, loadDemoData } from '../db/seed/load-demo.ts'
import { buildApp } from './app.ts'
import { loadOrCreateSigner, scheduleCheckpoints, writeCheckpoint } from './features/audit/audit.checkpoints.ts'
import { loadDemoEvidence } from './lib/demo-evidence.ts'
import { startAdminSocket, type AdminSocket } from './lib/admin-socket.ts'
import { scheduleBackups } from './lib/backup-schedule.ts'
import { DataDirInUseError, lockDataDir, type DataDirLock } from './lib/data-dir-lock.ts'
import { createDemoUsers, findActiveDemoUsers } from './lib/demo-users.ts'
import { runCommandOn } from './cli/run-cli.ts'
import { ConfigError, evidenceDirOf, exportsDirOf, loadConfig, pgliteDirOf, type Config } from './config.ts'
import { refreshAllLandStats } from './features/stats/stats.service.ts'
import type { BlobStore } from './lib/blob-store.ts'
import { createPostgresTusLocker } from './features/evidence/evidence.tus-locker.ts'
import { openBlobStore, S3StoreUnavailableError } from './lib/blob-stores.ts'
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
  let lock: DataDirLock | undefined
  let database: Database
  let store: BlobStore
  try {
    store = await openBlobStore(config)
    lock = config.databaseUrl ? undefined : await lockEmbeddedDatabase(config)
    database = await openConfiguredDatabase(config)
  } catch (error) {
    await lock?.release()
    if (error instanceof StartupError || error instanceof DatabaseUnreachableError || error instanceof S3StoreUnavailableError) {
      exitWithMessage(error.message)
    }
    throw error
  }

  // Start-up work may take longer than a request may: on PostgreSQL it gets a pool of its own,
  // without the statement timeout.
  const setup = config.databaseUrl ? await openDatabase({ databaseUrl: config.databaseUrl }) : database
  await withStartupLock(setup, async () => {
    await migrateDatabase(setup, { ownerUrl: config.databaseOwnerUrl })
    await loadAdminAreasOnce(setup, logger)
    if (config.loadDemoData && !(await hasAnyCommunities(setup.db))) {
      const summary = await loadDemoData(setup.db)
      const demoUsers = await createDemoUsers(setup.db)
      const evidenceStartedAt = performance.now()
      const demoEvidence = await loadDemoEvidence(setup.db, store)
      const evidenceMs = Math.round(performance.now() - evidenceStartedAt)
      logger.info(
        { demoData: { ...summary, users: demoUsers, evidence: demoEvidence, evidenceMs } },
        'loaded the fictional demo data set, demo evidence and demo accounts (set DEY_DEMO=0 to skip)',
      )
    }
  })
  if (setup !== database) await setup.close()
  if (config.isProduction) {
    const demoAccounts = await findActiveDemoUsers(database.db)
    if (demoAccounts.length > 0) {
      await database.close()
      await lock?.release()
      exitWithMessage(
        `NODE_ENV=production, but the demo accounts ${demoAccounts.join(', ')} can sign in with the passwords published in the README: ` +
          'run `npm run demo:disable-accounts` (it deactivates them and ends their sessions), or start from a database without the demo data',
      )
    }
  }

  const leftovers = await store.cleanTemporaryFiles()
  if (leftovers > 0) logger.warn(`removed ${leftovers} temporary file(s) of uploads interrupted by a crash`)
  // The audit trail's head, signed now, every AUDIT_CHECKPOINT_MINUTES and at shutdown.
  const signer = await loadOrCreateSigner(config.auditSigningKeyFile)
  const checkpoints = scheduleCheckpoints(
    () => writeCheckpoint(database.db, signer, config.auditCheckpointDir),
    config.auditCheckpointMinutes,
    (error) => logger.error({ err: error }, 'could not write an audit checkpoint'),
  )
  // Several servers on one PostgreSQL may share the uploads folder: their tus locks must be shared too.
  const tusLocker = config.databaseUrl ? createPostgresTusLocker(config.databaseUrl) : undefined
  const app = await buildApp({
    database,
    auditCheckpoints: { dir: config.auditCheckpointDir, keyFile: config.auditSigningKeyFile },
    logger,
    evidence: {
      store,
      maxUploadBytes: config.evidenceMaxBytes,
      uploadsDir: config.uploadsDir,
      importsDir: path.join(evidenceDirOf(config), 'imports'),
      tusLocker,
    },
    trustProxy: config.trustProxy,
    map: { tileUrl: config.tileUrl, tileAttribution: config.tileAttribution, offlineMaxTiles: config.tileOfflineMaxTiles },
    tileCacheMB: config.tileCacheMB,
    geometryRules: config.geometryRules,
    security: {
      idleMinutes: config.sessionIdleMinutes,
      maxHours: config.sessionMaxHours,
      allowDemoAccounts: !config.isProduction,
      twoFactorRoles: config.twoFactorRoles,
      loginRateLimit: config.loginRateLimit,
      redisUrl: config.redisUrl,
    },
    exports: { dir: exportsDirOf(config), retentionHours: config.exportRetentionHours, chromiumPath: config.chromiumPath },
    notifications: { intervalSeconds: config.reminderIntervalSeconds, mail: config.mail, publicUrl: config.publicUrl },
    metrics: config.metricsToken ? { token: config.metricsToken } : undefined,
    jobs: { ownerUrl: config.databaseOwnerUrl, timeoutSeconds: config.jobTimeoutSeconds },
    intake: { publicUrl: config.publicUrl, telegram: config.telegram, sms: config.sms },
    // Tests only (NODE_ENV=test): DEY_TEST_NOW freezes the clock of reminders, digests and My work.
    ...(config.testNow ? { now: frozenClock(config.testNow) } : {}),
  })
  // Catches the land figures of /api/stats up with bulk changes between dashboard loads: one
  // server of the cluster each tick.
  if (config.statsRefreshSeconds > 0) {
    app.jobs.schedule('land-stats-refresh', { everySeconds: config.statsRefreshSeconds }, () => refreshAllLandStats(database.db), {
      timeoutSeconds: 600,
    })
  }
  if (config.backup) {
    scheduleBackups(app.jobs, {
      when: { cron: config.backup.cron },
      target: config.backup.target,
      s3: config.s3,
      sources: {
        database,
        databaseUrl: config.databaseOwnerUrl ?? config.databaseUrl,
        store,
        auditCheckpointDir: config.auditCheckpointDir,
        auditSigningKeyFile: config.auditSigningKeyFile,
      },
      log: app.log,
    })
  }
  await app.listen({ port: config.port, host: config.host })
  // Command-line tasks cannot open the embedded database while this server holds it: they send
  // their commands here instead (server/lib/admin-socket.ts).
  let adminSocket: AdminSocket | undefined
  if (lock) {
    adminSocket = await startAdminSocket(config.dataDir, (command, args) => runCommandOn({ database, config, store }, command, args))
    await lock.setSocketPath(adminSocket.path)
  }
  const where = config.databaseUrl ? `PostgreSQL at ${redactUrl(config.databaseUrl)}` : `embedded PGlite in ${pgliteDirOf(config)}`
  logger.info(`Dey is listening on http://${config.host}:${config.port} — database: ${where}, PostGIS ${await postgisVersion(database.db)}`)

  let isClosing = false
  const shutdown = async (signal: string) => {
    if (isClosing) {
      logger.warn(`${signal} again: exiting without waiting`)
      process.exit(1)
    }
    isClosing = true
    logger.info(`${signal} received: closing the server and the database`)
    // Readiness fails from now on: the load balancer stops sending requests while these finish.
    app.readiness.isShuttingDown = true
    await adminSocket?.close()
    await app.close()
    await tusLocker?.close()
    await checkpoints.stop()
    // Closing PGlite flushes its files; skipping this is what corrupts an embedded database.
    await database.close()
    await lock?.release()
    logger.info('closed cleanly')
    logger.flush?.()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

const frozenClock = (at: Date) => () => new Date(at.getTime())

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
  if (config.databaseUrl) return openDatabase({ databaseUrl: config.databaseUrl, statementTimeoutMs: config.statementTimeoutMs })
  return openDatabase({ pgliteDir: pgliteDirOf(config) })
}

/** Two processes writing one PGlite directory corrupt it: refuse to start a second one. */
async function lockEmbeddedDatabase(config: Config): Promise<DataDirLock> {
  try {
    return await lockDataDir(config.dataDir, 'server')
  } catch (error) {
    if (error instanceof DataDirInUseError) throw new StartupError(error.message)
    throw new StartupError(`DATA_DIR ${config.dataDir} is not writable: ${(error as Error).message}`)
  }
}

function exitWithMessage(message: string): never {
  process.stderr.write(`dey: ${message}\n`)
  process.exit(1)
}
