// `npm run evidence:verify`: re-hashes every stored evidence file; exit 1 when one is missing or altered.
import { runCliScript } from './run-cli.ts'

await runCliScript('evidence:verify')
