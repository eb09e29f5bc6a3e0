// `npm run user:create -- --role admin --email ada@example.org [--name "Ada"] [--username ada] [--community <id>]…`
// Creates an account and prints a temporary password, to be changed at first sign-in.
import { runCliScript } from './run-cli.ts'

await runCliScript('user:create')
