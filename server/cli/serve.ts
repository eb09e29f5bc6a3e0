// Runs the server without touching the client build (used by tests and process managers).
import { main } from '../main.ts'

await main(process.env)
