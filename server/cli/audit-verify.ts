// `npm run audit:verify`: re-walks the audit trail's hash chain; exit 1 at the first broken link.
import { runCliScript } from './run-cli.ts'

await runCliScript('audit:verify')
