// A full disk is an everyday fault on a small office server: an upload that hits it is refused
// with 507 and a clear problem, and leaves no row and no partial file behind. The disk is a real
// one: a 1 MiB tmpfs, which needs root to mount (CI runs as root; elsewhere this file is skipped
// and says so).
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'
import { multipart } from '../helpers/multipart.ts'

const canMount = (() => {
  if (process.getuid?.() !== 0) return false
  try {
    execFileSync('mount', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
if (!canMount) process.stderr.write('full-disk.test.ts: skipped, mounting a small tmpfs needs root\n')

describe.runIf(canMount)('a full disk', () => {
  let mountPoint: string
  let t: TestApp
  let communityId: string

  beforeAll(async () => {
    mountPoint = await mkdtemp(path.join(os.tmpdir(), 'dey-full-disk-'))
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint])
    t = await createTestApp({ evidenceDir: mountPoint, maxUploadBytes: 8 * 1024 * 1024 })
    communityId = (await makeCommunity(t.db)).id
  })
  afterAll(async () => {
    await t?.close()
    execFileSync('umount', [mountPoint])
    await rm(mountPoint, { recursive: true, force: true })
  })

  const evidenceCount = async () => (await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM evidence`))[0]!.n
  const filesOnDisk = async () =>
    (await readdir(mountPoint, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).length

  it('refuses an upload that does not fit with 507, keeping no row and no partial file', async () => {
    const body = multipart({ communityId }, [{ filename: 'video.txt', bytes: Buffer.from(randomBytes(1024 * 1024).toString('hex')) }])
    const res = await t.app.inject({ method: 'POST', url: '/api/evidence', ...body })
    expect(res.statusCode).toBe(507)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json()).toMatchObject({ code: 'storage.full' })
    expect(res.json().detail).toMatch(/disk is full/)
    expect(await evidenceCount()).toBe(0)
    expect(await filesOnDisk()).toBe(0)
  })

  it('stops a resumable upload that does not fit with 507 problem+json', async () => {
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' })
    const admin = await t.signIn('admin')
    const metadata = `filename ${Buffer.from('big.txt').toString('base64')},communityId ${Buffer.from(communityId).toString('base64')}`
    const size = 2 * 1024 * 1024
    const created = await fetch(`${base}/api/uploads`, {
      method: 'POST',
      headers: { ...admin.headers, 'tus-resumable': '1.0.0', 'upload-length': String(size), 'upload-metadata': metadata },
    })
    expect(created.status).toBe(201)
    const location = new URL(created.headers.get('location')!, base).toString()
    const patch = await fetch(location, {
      method: 'PATCH',
      body: Buffer.alloc(size, 'a'),
      headers: { ...admin.headers, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    })
    expect(patch.status).toBe(507)
    expect(patch.headers.get('content-type')).toContain('application/problem+json')
    expect((await patch.json()).code).toBe('storage.full')
    expect(await evidenceCount()).toBe(0)
    // Given up: the partial file goes, and the disk has room again.
    expect((await fetch(location, { method: 'DELETE', headers: { ...admin.headers, 'tus-resumable': '1.0.0' } })).status).toBe(204)
  })

  it('still takes a file that fits once there is room', async () => {
    const body = multipart({ communityId }, [{ filename: 'note.txt', bytes: Buffer.from('a short note that fits\n') }])
    const res = await t.app.inject({ method: 'POST', url: '/api/evidence', ...body })
    expect(res.statusCode, res.body).toBe(201)
    expect(await evidenceCount()).toBe(1)
  })
})
