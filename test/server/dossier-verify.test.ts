// `dossier:verify`: dossier ZIPs written with archiver 8 in the test (as the exporter writes them),
// checked against their SHA256SUMS and manifest.json; once through the real CLI for exit codes.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { finished } from 'node:stream/promises'
import { ZipArchive } from 'archiver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyDossierZip } from '../../server/lib/dossier-verify.ts'

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/** A small dossier: the files, plus a manifest and SHA256SUMS computed from them. */
function dossierFiles(): Map<string, Buffer> {
  return new Map([
    ['index.html', Buffer.from('<!doctype html><h1>សំណុំរឿងដីធ្លីភូមិអូរអំពិល</h1>')],
    ['data/case.json', Buffer.from(JSON.stringify({ title: 'Ou Ampil' }))],
    ['data/case.geojson', Buffer.from('{"type":"FeatureCollection","features":[]}')],
    [
      'evidence/bulldozer.jpg',
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('TAMPER-TARGET-0123456789'), Buffer.alloc(4096, 7)]),
    ],
  ])
}

interface BuildOptions {
  /** Entries written after the index files are computed (not listed anywhere). */
  extra?: Record<string, Buffer>
  /** Drops the SHA256SUMS line of this path. */
  dropSumsLine?: string
  /** Overrides the manifest's files list. */
  manifestFiles?: (files: { path: string; sizeBytes: number; sha256: string }[]) => unknown[]
}

async function buildZip(dir: string, name: string, options: BuildOptions = {}): Promise<string> {
  const files = dossierFiles()
  const listed = [...files].map(([filePath, bytes]) => ({ path: filePath, sizeBytes: bytes.length, sha256: sha256(bytes) }))
  const manifest = Buffer.from(
    JSON.stringify({ exportedBy: 'Lawyer', exportedAt: '2026-05-01T00:00:00Z', files: options.manifestFiles?.(listed) ?? listed }, null, 2),
  )
  const summed = [...files, ['manifest.json', manifest] as const].filter(([filePath]) => filePath !== options.dropSumsLine)
  const sums = summed.map(([filePath, bytes]) => `${sha256(bytes)}  ${filePath}\n`).join('')

  const zipPath = path.join(dir, name)
  const output = createWriteStream(zipPath)
  const zip = new ZipArchive({ zlib: { level: 6 } })
  zip.pipe(output)
  for (const [filePath, bytes] of files) zip.append(bytes, { name: filePath, store: filePath.startsWith('evidence/') })
  for (const [filePath, bytes] of Object.entries(options.extra ?? {})) zip.append(bytes, { name: filePath })
  zip.append(manifest, { name: 'manifest.json' })
  zip.append(sums, { name: 'SHA256SUMS' })
  await zip.finalize()
  await finished(output)
  return zipPath
}

/** Flips one byte of a stored (uncompressed) entry inside the ZIP file, as tampering would. */
async function tamper(zipPath: string, marker: string) {
  const bytes = await readFile(zipPath)
  const at = bytes.indexOf(Buffer.from(marker))
  expect(at).toBeGreaterThan(0)
  bytes[at] = bytes[at]! ^ 0x01
  await writeFile(zipPath, bytes)
}

function runCli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/dossier-verify.ts', ...args], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    encoding: 'utf8',
    timeout: 300_000,
  })
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() }
}

describe('verifyDossierZip', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dey-dossier-verify-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('accepts an intact dossier', async () => {
    const zipPath = await buildZip(dir, 'good.zip')
    // 4 files + manifest.json + SHA256SUMS.
    expect(await verifyDossierZip(zipPath)).toEqual({ ok: true, files: 6 })
  })

  it('names the entry whose bytes were altered', async () => {
    const zipPath = await buildZip(dir, 'tampered.zip')
    await tamper(zipPath, 'TAMPER-TARGET')
    const result = await verifyDossierZip(zipPath)
    expect(result).toEqual({
      ok: false,
      path: 'evidence/bulldozer.jpg',
      reason: expect.stringMatching(/^SHA-256 is [0-9a-f]{64}, SHA256SUMS says [0-9a-f]{64}$/),
    })
  })

  it('rejects a file that neither SHA256SUMS nor the manifest lists', async () => {
    const zipPath = await buildZip(dir, 'extra.zip', { extra: { 'evidence/planted.pdf': Buffer.from('%PDF-1.4 planted') } })
    expect(await verifyDossierZip(zipPath)).toEqual({ ok: false, path: 'evidence/planted.pdf', reason: 'not listed in SHA256SUMS' })
  })

  it('rejects a SHA256SUMS with a line removed', async () => {
    const zipPath = await buildZip(dir, 'short-sums.zip', { dropSumsLine: 'data/case.json' })
    expect(await verifyDossierZip(zipPath)).toEqual({ ok: false, path: 'data/case.json', reason: 'not listed in SHA256SUMS' })
  })

  it('checks the manifest: a wrong size, a missing file, an unlisted file', async () => {
    const wrongSize = await buildZip(dir, 'manifest-size.zip', {
      manifestFiles: (files) => files.map((file) => (file.path === 'index.html' ? { ...file, sizeBytes: file.sizeBytes + 1 } : file)),
    })
    expect(await verifyDossierZip(wrongSize)).toEqual({
      ok: false,
      path: 'index.html',
      reason: expect.stringMatching(/^size is \d+ bytes, manifest.json says \d+$/),
    })

    const ghost = await buildZip(dir, 'manifest-ghost.zip', {
      manifestFiles: (files) => [...files, { path: 'evidence/ghost.mp4', sizeBytes: 1, sha256: '0'.repeat(64) }],
    })
    expect(await verifyDossierZip(ghost)).toEqual({
      ok: false,
      path: 'evidence/ghost.mp4',
      reason: 'listed in manifest.json but missing from the ZIP',
    })

    const unlisted = await buildZip(dir, 'manifest-short.zip', {
      manifestFiles: (files) => files.filter((file) => file.path !== 'data/case.geojson'),
    })
    expect(await verifyDossierZip(unlisted)).toEqual({ ok: false, path: 'data/case.geojson', reason: 'not listed in manifest.json' })

    const noList = await buildZip(dir, 'manifest-bad.zip', { manifestFiles: () => [{ path: 'index.html' }] })
    expect(await verifyDossierZip(noList)).toMatchObject({ ok: false, path: 'manifest.json' })
  })

  it('npm run dossier:verify: OK → 0, mismatch → 1, unreadable → 2', async () => {
    const good = await buildZip(dir, 'cli-good.zip')
    expect(runCli('--', good)).toEqual({ status: 0, stdout: 'OK: 6 files verified', stderr: '' })

    const bad = await buildZip(dir, 'cli-bad.zip')
    await tamper(bad, 'TAMPER-TARGET')
    const mismatch = runCli(bad)
    expect(mismatch.status).toBe(1)
    expect(mismatch.stdout).toMatch(/^MISMATCH: evidence\/bulldozer\.jpg: SHA-256 is [0-9a-f]{64}, SHA256SUMS says [0-9a-f]{64}$/)

    const missing = runCli(path.join(dir, 'nowhere.zip'))
    expect(missing.status).toBe(2)
    expect(missing.stderr).toBe(`dey: cannot read ${path.join(dir, 'nowhere.zip')}: no such file`)

    const notZip = path.join(dir, 'not-a.zip')
    await writeFile(notZip, 'hello, not a zip')
    const garbage = runCli(notZip)
    expect(garbage.status).toBe(2)
    expect(garbage.stderr.split('\n')).toHaveLength(1)
    expect(garbage.stderr).toMatch(/^dey: cannot read .*not-a\.zip: /)
  })
})
