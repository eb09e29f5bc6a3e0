// `npm run backup:verify -- <backup>`: restores a backup into a scratch database and checks it; exit 1 on any problem.
import { runCliScript } from './run-cli.ts'

await runCliScript('backup:verify')
