// Scheduled backups (BACKUP_CRON + BACKUP_TARGET): the job queue runs each tick once across every
// app server on the database (lib/jobs.ts), on whichever server takes it; that server backs up its
// own connection to the database, which on the embedded database is the only one.
import type { FastifyBaseLogger } from 'fastify'
import type { S3Access } from '../config.ts'
import { createBackup, type BackupSources } from './backup.ts'
import type { Jobs, Schedule } from './jobs.ts'

/** A backup copies every new evidence file: give it hours, not the default job time limit. */
const BACKUP_TIME_LIMIT_SECONDS = 12 * 3600

export function scheduleBackups(
  jobs: Jobs,
  options: { when: Schedule; target: string; s3: S3Access; sources: BackupSources; log: Pick<FastifyBaseLogger, 'info' | 'error'> },
): void {
  const { sources, target, s3, log } = options
  jobs.schedule(
    'backup',
    options.when,
    async () => {
      const { location, manifest, durationMs } = await createBackup(sources, target, { s3 })
      const { evidence } = manifest
      const summary = {
        location,
        durationMs: Math.round(durationMs),
        blobs: evidence.blobs.length,
        newBlobs: evidence.newBlobs.length,
        newBytes: evidence.newBytes,
      }
      if (evidence.missingInStore.length + evidence.damagedInStore.length > 0) {
        log.error(
          { backup: { ...summary, missingInStore: evidence.missingInStore, damagedInStore: evidence.damagedInStore } },
          'scheduled backup written, but evidence files missing from the store or altered are NOT in it: run npm run evidence:verify',
        )
        return
      }
      log.info({ backup: summary }, 'scheduled backup written')
    },
    { retryLimit: 1, timeoutSeconds: BACKUP_TIME_LIMIT_SECONDS },
  )
}
