import { ConfigError } from '../config.ts'
import { DatabaseUnreachableError } from '../../db/open.ts'
import { AppError } from '../lib/app-error.ts'
import { serializeError } from '../logger.ts'

/** A failure the user can act on: printed as one line, without a stack trace. */
export class CliError extends Error {}

/** Runs a command-line task: prints its result, or one plain line and exit code 1 on failure. */
export async function runCli(task: () => Promise<string>): Promise<void> {
  try {
    process.stdout.write(`${await task()}\n`)
  } catch (error) {
    const isExpected =
      error instanceof CliError || error instanceof ConfigError || error instanceof DatabaseUnreachableError || error instanceof AppError
    // An unexpected failure prints its stack, but never a failed query's parameters (personal data).
    process.stderr.write(`dey: ${isExpected ? (error as Error).message : (serializeError(error).stack ?? String(error))}\n`)
    process.exitCode = 1
  }
}
