// How every command-line task runs. On PostgreSQL it opens its own connection (any number of
// processes may). On the embedded database it must hold DATA_DIR's lock to open it: when a running
// server holds it, the task is handed to that server through its admin socket, or refused when it
// cannot run there (migrations, demo data). Opening the files behind the server's back would lose
// the task's writes and can corrupt the database.
import { DatabaseUnreachableError, openDatabase } from '../../db/open.ts'
import { ConfigError, loadConfig, pgliteDirOf, type Config } from '../config.ts'
import { sendCommand, type CommandResult } from '../lib/admin-socket.ts'
import { AppError } from '../lib/app-error.ts'
import { BackupError } from '../lib/backup-target.ts'
import { DataDirInUseError, lockDataDir } from '../lib/data-dir-lock.ts'
import { openBlobStore, S3StoreUnavailableError } from '../lib/blob-stores.ts'
import { serializeError } from '../logger.ts'
import { CliError, COMMANDS, type CommandContext, type DatabaseCommand, type StandaloneCommand } from './commands.ts'

export { CliError }

/** Runs a command from this process (the `npm run …` scripts), as the user's shell sees it. */
export async function runCommand(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const command = COMMANDS[name]
  if (!command) return { output: `unknown command ${name}`, exitCode: 2 }
  let config: Config
  try {
    config = loadConfig(env)
  } catch (error) {
    return failure(error)
  }
  if (command.opensDatabase === false) return runStandalone(command, args, config)
  if (config.databaseUrl) return runOnOwnDatabase(command, args, config)

  let lock: Awaited<ReturnType<typeof lockDataDir>>
  try {
    lock = await lockDataDir(config.dataDir, name)
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) return failure(error)
    if (!command.runsInServer) {
      return failure(new CliError(`${error.message}: stop it first (it applies migrations itself when it starts)`))
    }
    if (!error.owner.socketPath) {
      return failure(new CliError(`${error.message}, which does not take commands yet (still starting?): try again in a moment`))
    }
    try {
      return await sendCommand(error.owner.socketPath, name, args)
    } catch (sendError) {
      return failure(new CliError(`${error.message}, but it did not answer on ${error.owner.socketPath}: ${(sendError as Error).message}`))
    }
  }
  try {
    return await runOnOwnDatabase(command, args, config)
  } finally {
    await lock.release()
  }
}

/** Runs a command on a database this process already has open (inside the server, for its admin socket). */
export async function runCommandOn(context: CommandContext, name: string, args: string[]): Promise<CommandResult> {
  const command = COMMANDS[name]
  if (!command) return { output: `unknown command ${name}`, exitCode: 2 }
  if (!command.runsInServer) return { output: `${name} cannot run inside a running server: stop it first`, exitCode: 1 }
  try {
    return { output: await command.run(context, args), exitCode: 0 }
  } catch (error) {
    return failure(error)
  }
}

async function runOnOwnDatabase(command: DatabaseCommand, args: string[], config: Config): Promise<CommandResult> {
  let database
  let store
  try {
    store = await openBlobStore(config)
    database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirOf(config) })
  } catch (error) {
    return failure(error)
  }
  try {
    return { output: await command.run({ database, config, store }, args), exitCode: 0 }
  } catch (error) {
    return failure(error)
  } finally {
    await database.close()
  }
}

/** A command that opens what it needs itself (a restore must find DATA_DIR empty, not create a database there first). */
async function runStandalone(command: StandaloneCommand, args: string[], config: Config): Promise<CommandResult> {
  try {
    return { output: await command.run({ config, store: await openBlobStore(config) }, args), exitCode: 0 }
  } catch (error) {
    return failure(error)
  }
}

function failure(error: unknown): CommandResult {
  const isExpected =
    error instanceof CliError ||
    error instanceof ConfigError ||
    error instanceof DatabaseUnreachableError ||
    error instanceof AppError ||
    error instanceof BackupError ||
    error instanceof S3StoreUnavailableError
  // An unexpected failure prints its stack, but never a failed query's parameters (personal data).
  return { output: isExpected ? (error as Error).message : (serializeError(error).stack ?? String(error)), exitCode: 1 }
}

/** The body of each `server/cli/<task>.ts` script: runs the task and prints its result. */
export async function runCliScript(name: string): Promise<void> {
  const result = await runCommand(name, process.argv.slice(2), process.env)
  if (result.exitCode === 0) process.stdout.write(`${result.output}\n`)
  else process.stderr.write(`dey: ${result.output}\n`)
  process.exitCode = result.exitCode
}
