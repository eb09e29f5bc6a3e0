// PostgreSQL's own dump and restore programs (pg_dump, pg_restore), run as child processes. The
// password travels in the environment (PGPASSWORD), never on the command line, where any user of
// the machine could read it in the process list.
import { spawn } from 'node:child_process'
import { redactUrl } from '../../db/open.ts'
import { BackupError } from './backup-target.ts'

/** `pg_dump --format=custom` of the database at `databaseUrl` into `file`, reading the exported snapshot when given. */
export async function pgDump(databaseUrl: string, file: string, snapshotId?: string): Promise<void> {
  await runPgTool(
    'pg_dump',
    ['--format=custom', '--compress=6', `--file=${file}`, ...(snapshotId ? [`--snapshot=${snapshotId}`] : [])],
    databaseUrl,
  )
}

/**
 * Restores a custom-format dump into the (empty) database at `databaseUrl`, in one transaction: on
 * any error nothing is left behind. Objects belong to the restoring role; privileges are granted
 * afterwards by the caller, since the roles of the backed-up server may not exist here.
 */
export async function pgRestore(databaseUrl: string, file: string): Promise<void> {
  await runPgTool('pg_restore', ['--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges', file], databaseUrl)
}

async function runPgTool(program: string, args: string[], databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl)
  const password = decodeURIComponent(url.password)
  url.password = ''
  const env = { ...process.env, PGAPPNAME: `dey-${program}`, ...(password ? { PGPASSWORD: password } : {}) }
  const stderr = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn(program, [...args, `--dbname=${url.toString()}`], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let text = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => (text += chunk))
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new BackupError(`${program} was not found: install PostgreSQL's client programs (Debian: apt-get install postgresql-client)`)
          : error,
      ),
    )
    child.on('close', (code) => resolve({ code, text }))
  })
  if (stderr.code === 0) return
  const mismatch = /server version: ([\d.]+)[^;]*; \S+ version: ([\d.]+)/.exec(stderr.text)
  if (mismatch) {
    throw new BackupError(
      `${program} ${mismatch[2]} cannot work with the PostgreSQL ${mismatch[1]} server at ${redactUrl(databaseUrl)}: ` +
        `install PostgreSQL ${mismatch[1]!.split('.')[0]}'s client programs (or newer) and put them first in PATH`,
    )
  }
  throw new BackupError(`${program} failed (exit code ${stderr.code}) on ${redactUrl(databaseUrl)}: ${stderr.text.trim().slice(0, 2000)}`)
}
