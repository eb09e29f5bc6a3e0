// `npm run backup -- <folder>`: one consistent backup of the database and its evidence (server/lib/backup.ts).
import { runCliScript } from './run-cli.ts'

await runCliScript('backup')
