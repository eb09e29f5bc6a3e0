// `npm run db:migrate`: apply migrations to the configured database, load the administrative
// boundaries into it if it has none, and exit.
import { runCliScript } from './run-cli.ts'

await runCliScript('db:migrate')
