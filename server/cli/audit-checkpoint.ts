// `npm run audit:checkpoint`: signs the audit trail's head now, into AUDIT_CHECKPOINT_DIR.
import { runCliScript } from './run-cli.ts'

await runCliScript('audit:checkpoint')
