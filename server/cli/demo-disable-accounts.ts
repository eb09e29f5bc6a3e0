// `npm run demo:disable-accounts`: deactivates the demo accounts (their passwords are public) and
// ends their sessions; a server started with NODE_ENV=production refuses to run while they are active.
import { runCliScript } from './run-cli.ts'

await runCliScript('demo:disable-accounts')
