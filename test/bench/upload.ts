// Upload throughput of evidence through the real API (a server process on loopback, multipart,
// streamed to disk with SHA-256), against this machine's ceiling measured in the same run: the
// same bytes read, hashed and written by `tee | sha256sum`. Also the server's peak RSS growth.
// Then a dossier of the community holding that file: the export job streams it into a ZIP
// (hashing it twice: once to check the stored bytes, once for SHA256SUMS); its time and the
// server's peak memory while it runs show that a dossier is never held in memory.
import { execFile, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface UploadResult {
  sizeMB: number
  ceilingMBps: number
  uploadMBps: number
  ratio: number
  rssGrowthMB: number
  dossier: { seconds: number; MBps: number; ratio: number; rssGrowthMB: number; zipMB: number; verified: string }
}

export async function benchUpload(sizeMB: number): Promise<UploadResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dey-bench-upload-'))
  try {
    const file = path.join(dir, 'evidence.bin')
    await writeRandomFile(file, sizeMB)
    const ceilingMBps = measureCeiling(file, path.join(dir, 'copy.bin'), sizeMB)
    await rm(path.join(dir, 'copy.bin'), { force: true })
    const upload = await measureUpload(file, sizeMB, path.join(dir, 'data'))
    return {
      sizeMB,
      ceilingMBps,
      ...upload,
      ratio: upload.uploadMBps / ceilingMBps,
      dossier: { ...upload.dossier, ratio: upload.dossier.MBps / ceilingMBps },
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function writeRandomFile(file: string, sizeMB: number) {
  const handle = await open(file, 'w')
  const chunk = randomBytes(16 * 1024 * 1024)
  // An MP4 'ftyp' box first, so the server sniffs an allowed type and keeps the file, like a video.
  await handle.write(Buffer.from('000000186674797069736f6d0000000069736f6d6d703431', 'hex'))
  for (let written = 0; written < sizeMB; written += 16) {
    // Vary each chunk a little so no layer can deduplicate or compress it away.
    chunk.writeUInt32LE(written, 0)
    await handle.write(chunk, 0, Math.min(16, sizeMB - written) * 1024 * 1024)
  }
  await handle.sync()
  await handle.close()
}

function measureCeiling(file: string, copy: string, sizeMB: number): number {
  execFileSync('sync')
  const started = performance.now()
  execFileSync('bash', ['-c', `tee "${copy}" < "${file}" | sha256sum > /dev/null && sync "${copy}"`])
  return sizeMB / ((performance.now() - started) / 1000)
}

async function measureUpload(file: string, sizeMB: number, dataDir: string) {
  const port = await freePort()
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/cli/serve.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DEY_DEMO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  server.stdout!.on('data', (chunk) => (output += chunk))
  server.stderr!.on('data', (chunk) => (output += chunk))
  try {
    const base = `http://127.0.0.1:${port}`
    await waitFor(
      async () => (await fetch(`${base}/api/health`).catch(() => undefined))?.ok === true,
      120_000,
      () => output,
    )
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'demo-legal', password: 'demo-legal-2026' }),
    })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const communities = (await (await fetch(`${base}/api/communities?limit=1`, { headers: { cookie } })).json()) as {
      items: { id: string }[]
    }
    // Start the peak-RSS counter afresh: start-up (database boot, demo data) peaks higher.
    await writeFile(`/proc/${server.pid}/clear_refs`, '5')
    const rssBefore = await rssKb(server.pid!)

    // curl as the client, as a browser would be: native, so the figure is the server's cost.
    const started = performance.now()
    const status = await run('curl', [
      '-sS',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-H',
      `cookie: ${cookie}`,
      '-F',
      `communityId=${communities.items[0]!.id}`,
      '-F',
      'title=Benchmark video',
      '-F',
      `file=@${file};type=video/mp4;filename=benchmark.mp4`,
      `${base}/api/evidence`,
    ])
    const seconds = (performance.now() - started) / 1000
    if (status.trim() !== '201') throw new Error(`upload answered ${status}:\n${output}`)
    const peakKb = await peakRssKb(server.pid!)
    const dossier = await measureDossier(base, cookie, communities.items[0]!.id, server.pid!, sizeMB, dataDir)
    return { uploadMBps: sizeMB / seconds, rssGrowthMB: (peakKb - rssBefore) / 1024, dossier }
  } finally {
    server.kill('SIGTERM')
    await new Promise((resolve) => server.on('exit', resolve))
  }
}

/** Exports the community's dossier (the 1 GiB file included) and downloads the finished ZIP. */
async function measureDossier(base: string, cookie: string, communityId: string, pid: number, sizeMB: number, dataDir: string) {
  const headers = { cookie, origin: base, 'content-type': 'application/json' }
  await writeFile(`/proc/${pid}/clear_refs`, '5')
  const rssBefore = await rssKb(pid)
  const started = performance.now()
  const created = await fetch(`${base}/api/communities/${communityId}/dossier`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ language: 'km' }),
  })
  if (created.status !== 202) throw new Error(`dossier answered ${created.status}: ${await created.text()}`)
  const { id } = (await created.json()) as { id: string }
  let job: { status: string; error?: string } = { status: 'queued' }
  while (job.status === 'queued' || job.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 200))
    job = (await (await fetch(`${base}/api/exports/${id}`, { headers: { cookie } })).json()) as typeof job
  }
  const seconds = (performance.now() - started) / 1000
  if (job.status !== 'done') throw new Error(`the dossier job ended ${job.status}: ${job.error}`)
  const peakKb = await peakRssKb(pid)
  const zip = path.join(dataDir, 'dossier.zip')
  await run('curl', ['-sS', '-o', zip, '-H', `cookie: ${cookie}`, `${base}/api/exports/${id}/file`])
  const zipMB = (await stat(zip)).size / 1024 / 1024
  const verified = (await run(process.execPath, ['--import', 'tsx', path.join(root, 'server/cli/dossier-verify.ts'), zip])).trim()
  return { seconds, MBps: sizeMB / seconds, rssGrowthMB: (peakKb - rssBefore) / 1024, zipMB, verified }
}

const statusField = async (pid: number, field: string) => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
}
const rssKb = (pid: number) => statusField(pid, 'VmRSS')
const peakRssKb = (pid: number) => statusField(pid, 'VmHWM')

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, output: () => string) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`the server did not start:\n${output()}`)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(command, args, { maxBuffer: 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command}: ${stderr || error.message}`)) : resolve(stdout),
    ),
  )
}
