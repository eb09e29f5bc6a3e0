// `npm run openapi -- [file]`: writes the API's OpenAPI document (what /api/openapi.json serves) to
// a file, or prints it. No server needs to run: the document comes from the route table alone.
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { migrateDatabase } from '../../db/migrate.ts'
import { openDatabase } from '../../db/open.ts'
import { buildApp } from '../app.ts'
import { createLocalBlobStore } from '../lib/local-blob-store.ts'

const [file] = process.argv.slice(2).filter((arg) => arg !== '--')
// An empty in-memory database (the routes are registered, never called; start-up tasks need the tables).
const database = await openDatabase({})
await migrateDatabase(database)
const scratch = path.join(os.tmpdir(), 'dey-openapi')
const app = await buildApp({
  database,
  logger: false,
  clientDir: '/nonexistent',
  evidence: { store: createLocalBlobStore(scratch), maxUploadBytes: 1, uploadsDir: path.join(scratch, 'uploads') },
})
await app.ready()
const document = `${JSON.stringify(app.swagger(), null, 2)}\n`
await app.close()
await database.close()
if (file) {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true })
  await writeFile(file, document)
} else process.stdout.write(document)
