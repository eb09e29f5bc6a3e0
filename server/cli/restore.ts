// `npm run restore -- <backup>`: a backup into an empty DATA_DIR or PostgreSQL database (server/lib/backup-restore.ts).
import { runCliScript } from './run-cli.ts'

await runCliScript('restore')
