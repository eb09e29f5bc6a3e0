// `npm run user:create -- --role admin --email ada@example.org [--name "Ada"] [--username ada]`
// Creates an account and prints a temporary password, to be changed at first sign-in.
import { parseArgs } from 'node:util'
import { openDatabase } from '../../db/open.ts'
import { migrateDatabase } from '../../db/migrate.ts'
import { CreateUserBody } from '../../shared/users.ts'
import { loadConfig, pgliteDirOf } from '../config.ts'
import { createUser } from '../features/users/users.service.ts'
import { CliError, runCli } from './run-cli.ts'

await runCli(async () => {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      username: { type: 'string' },
      community: { type: 'string', multiple: true },
    },
  })
  const parsed = CreateUserBody.safeParse({
    role: values.role,
    email: values.email,
    displayName: values.name ?? values.email?.split('@')[0],
    username: values.username,
    communityIds: values.community ?? [],
  })
  if (!parsed.success) {
    throw new CliError(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '))
  }
  const config = loadConfig(process.env)
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirOf(config) })
  try {
    await migrateDatabase(database)
    const { user, temporaryPassword } = await createUser(database.db, parsed.data)
    return `created ${user.role} ${user.email}; temporary password (shown once, must be changed at first sign-in): ${temporaryPassword}`
  } finally {
    await database.close()
  }
})
