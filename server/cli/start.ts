// `npm start`: build the client if its sources changed since the last build, then run the server.
import { ensureClientBuild } from './ensure-client-build.ts'
import { main } from '../main.ts'

// Vite's build sets process.env.NODE_ENV to 'production': read the configuration from before it.
const environment = { ...process.env }
await ensureClientBuild()
await main(environment)
