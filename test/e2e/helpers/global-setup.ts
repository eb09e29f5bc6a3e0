// Starts the real server (`server/cli/serve.ts`, as `npm start` runs it) on a fresh data folder
// with the demo data, for all journeys of the run. The client must already be built (npm run
// test:e2e builds it first).
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { startServer, type ServerProcess } from '../../helpers/server-process.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    e2eBaseUrl: string
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(path.resolve('dist/client/index.html'))) {
    throw new Error('dist/client is missing: run `npm run build` first (npm run test:e2e does)')
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dey-e2e-'))
  let server: ServerProcess | undefined
  try {
    server = await startServer({
      DATA_DIR: dataDir,
      DEY_DEMO: '1',
      LOG_LEVEL: 'info',
      // No internet in CI: a basemap that cannot load, so the offline fallback (province outlines) is what shows.
      TILE_URL: 'https://tiles.invalid/{z}/{x}/{y}.png',
      // Every journey signs in from 127.0.0.1: journeys that sign in often (two-step sign-in, then
      // sign-in) would otherwise meet the 10-a-minute limit depending on their order in the run.
      LOGIN_RATE_LIMIT: '1000',
    })
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true })
    throw error
  }
  project.provide('e2eBaseUrl', server.baseUrl)
  return async () => {
    await server?.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
