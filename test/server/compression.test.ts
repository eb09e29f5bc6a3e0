// What travels on a phone's slow link: the built client as precompressed brotli or gzip (with
// Vary, and a year's caching for hashed assets), API answers compressed above a threshold, and
// nothing compressed that the browser did not ask for.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tilePath } from '../../shared/tiles.ts'
import { COMPRESSION_THRESHOLD_BYTES } from '../../server/lib/compression.ts'
import { createTestApp, type TestApp } from '../helpers/test-app.ts'

let t: TestApp
let clientDir: string
// A built client as `npm run build` lays it out: each text asset with .br and .gz beside it.
const script = `export const greeting = ${JSON.stringify('សួស្តី '.repeat(400))}\n`
const page = `<!doctype html><html><head><title>Dey</title></head><body>${'<p>Dey</p>'.repeat(200)}</body></html>`

async function writeWithCopies(file: string, text: string) {
  await writeFile(file, text)
  await writeFile(`${file}.br`, brotliCompressSync(text))
  await writeFile(`${file}.gz`, gzipSync(text))
}

beforeAll(async () => {
  clientDir = await mkdtemp(path.join(os.tmpdir(), 'dey-client-'))
  await mkdir(path.join(clientDir, 'assets'))
  await writeWithCopies(path.join(clientDir, 'index.html'), page)
  await writeWithCopies(path.join(clientDir, 'assets', 'index-Ab12Cd34.js'), script)
  await writeFile(path.join(clientDir, 'sw.js'), `self.addEventListener('install', () => {})\n`)
  t = await createTestApp({ clientDir })
})

afterAll(async () => {
  await t?.close()
  await rm(clientDir, { recursive: true, force: true })
})

const get = (url: string, acceptEncoding?: string) =>
  t.app.inject({ method: 'GET', url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } })

describe('the built client', () => {
  it('sends a hashed asset as brotli when accepted, else gzip, else as it is; always with Vary and a year of caching', async () => {
    const br = await get('/assets/index-Ab12Cd34.js', 'gzip, deflate, br')
    expect(br.statusCode).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(br.headers['content-type']).toMatch(/javascript/)
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script)
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(script) / 4)

    const gzip = await get('/assets/index-Ab12Cd34.js', 'gzip')
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(script)

    const plain = await get('/assets/index-Ab12Cd34.js', 'identity')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers.vary).toMatch(/accept-encoding/i)
    expect(plain.body).toBe(script)
  })

  it('asks for the page and the service worker again every time (no-cache), compressed too', async () => {
    const home = await get('/', 'br')
    expect(home.statusCode).toBe(200)
    expect(home.headers['content-encoding']).toBe('br')
    expect(home.headers['cache-control']).toBe('no-cache')
    expect(brotliDecompressSync(home.rawPayload).toString()).toBe(page)
    const worker = await get('/sw.js', 'br')
    expect(worker.headers['cache-control']).toBe('no-cache')
    // A client-side route falls back to the page, compressed the same way.
    const route = await get('/incidents/new', 'br')
    expect(route.statusCode).toBe(200)
    expect(brotliDecompressSync(route.rawPayload).toString()).toBe(page)
  })
})

describe('API answers', () => {
  it('compresses a large JSON answer with the encoding asked for, and leaves small ones alone', async () => {
    const plain = await get('/api/admin-areas?level=1&limit=100', 'identity')
    expect(plain.statusCode).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESSION_THRESHOLD_BYTES)

    const br = await get('/api/admin-areas?level=1&limit=100', 'br, gzip')
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(JSON.parse(plain.body))
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3)

    const gzip = await get('/api/admin-areas?level=1&limit=100', 'gzip')
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString())).toEqual(JSON.parse(plain.body))

    const small = await get('/api/health', 'br, gzip')
    expect(small.statusCode).toBe(200)
    expect(small.rawPayload.length).toBeLessThan(COMPRESSION_THRESHOLD_BYTES)
    expect(small.headers['content-encoding']).toBeUndefined()
  })

  it('compresses a vector tile; an unchanged tile still answers 304', async () => {
    // Province and district outlines around Phnom Penh at zoom 8: a tile of some kilobytes.
    const [lng, lat] = [104.92, 11.56]
    const z = 8
    const x = Math.floor(((lng + 180) / 360) * 2 ** z)
    const y = Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z)
    const url = tilePath('admin-areas', z, x, y)
    const raw = await get(url, 'identity')
    expect(raw.rawPayload.length).toBeGreaterThan(COMPRESSION_THRESHOLD_BYTES)
    const tile = await get(url, 'gzip')
    expect(tile.statusCode).toBe(200)
    expect(tile.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(tile.rawPayload).equals(raw.rawPayload)).toBe(true)
    const again = await t.app.inject({
      method: 'GET',
      url,
      headers: { 'accept-encoding': 'gzip', 'if-none-match': tile.headers.etag as string },
    })
    expect(again.statusCode).toBe(304)
  })
})
