// `npm start`: build the client if its sources changed since the last build, then run the server.
import { ensureClientBuild } from './ensure-client-build.ts'
import { main } from '../main.ts'

await ensureClientBuild()
await main(process.env)
