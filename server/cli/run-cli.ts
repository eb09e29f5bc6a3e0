import { ConfigError } from '../config.ts'
import { DatabaseUnreachableError } from '../../db/open.ts'

/** Runs a command-line task: prints its result, or one plain line and exit code 1 on failure. */
export async function runCli(task: () => Promise<string>): Promise<void> {
  try {
    process.stdout.write(`${await task()}\n`)
  } catch (error) {
    const isExpected = error instanceof ConfigError || error instanceof DatabaseUnreachableError
    process.stderr.write(`dey: ${isExpected ? error.message : ((error as Error).stack ?? String(error))}\n`)
    process.exitCode = 1
  }
}
