import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultClientDir } from '../app.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
// The client bundles code from shared/ too, so a change there also needs a rebuild.
const clientSources = ['client', 'shared'].map((dir) => path.join(root, dir))

/** Runs `vite build` only when dist/client is missing or older than a client source file. */
export async function ensureClientBuild(): Promise<void> {
  const builtAt = await mtimeMs(path.join(defaultClientDir, 'index.html'))
  const newestSource = Math.max(...(await Promise.all(clientSources.map(newestMtimeMs))))
  if (builtAt !== undefined && builtAt >= newestSource) return

  process.stdout.write('Building the web client (first start or client sources changed)…\n')
  const { build } = await import('vite')
  await build({ configFile: path.join(root, 'client/vite.config.ts'), logLevel: 'warn' })
}

async function mtimeMs(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mtimeMs
  } catch {
    return undefined
  }
}

async function newestMtimeMs(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  const times = await Promise.all(
    entries.filter((entry) => entry.isFile()).map(async (entry) => (await stat(path.join(entry.parentPath, entry.name))).mtimeMs),
  )
  return Math.max(0, ...times)
}
