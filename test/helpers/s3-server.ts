// A real S3-protocol server on loopback for tests: s3rver 3.7 (pure Node, speaks S3's HTTP API and
// checks SigV4 signatures, keeps objects in a folder). MinIO and Garage would be closer to
// production but cannot be installed here (no binary downloads; Debian has no MinIO package).
//
// It runs in a child process started with --openssl-legacy-provider: s3rver encrypts
// ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only has in its legacy provider, so
// without it every truncated listing is a 500. A child process also keeps the server up while a
// test kills app servers, and lets a test that runs no Vitest start one (`node --import tsx
// test/helpers/s3-server.ts` prints one JSON line `{ endpoint, bucket, prefix, env }`).
//
// Checked with AWS SDK v3 (client-s3 3.1178): PutObject, multipart upload through
// @aws-sdk/lib-storage (CreateMultipartUpload/UploadPart/CompleteMultipartUpload), GetObject with
// Range, HeadObject, HeadBucket, CopyObject, ListObjectsV2 with continuation tokens, DeleteObject.
// NOT implemented by s3rver, so Dey must not depend on these without a test against another
// server: ListParts and AbortMultipartUpload (GET/DELETE ?uploadId answer 405),
// ListMultipartUploads (501), UploadPartCopy (501), conditional requests (If-None-Match on PUT or
// copy, If-Match on GET are ignored: the write or read simply happens), versioning, object lock.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import S3rver from 's3rver'

/** s3rver checks SigV4 signatures against this fixed key pair. */
const ACCESS_KEY = 'S3RVER'
const SECRET_KEY = 'S3RVER'
/** A hang, not a slow machine. */
const START_LIMIT_MS = 60_000

export interface S3Server {
  /** http://127.0.0.1:<port> */
  endpoint: string
  bucket: string
  /** The key prefix inside the bucket used in env.EVIDENCE_STORE ('' or ends with '/'). */
  prefix: string
  /**
   * Dey's environment for an evidence store in this bucket: EVIDENCE_STORE, AWS_ENDPOINT_URL_S3,
   * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, S3_FORCE_PATH_STYLE.
   */
  env: Record<string, string>
  /** Stops the server and removes its folder. */
  stop(): Promise<void>
}

export interface S3ServerOptions {
  /** Key prefix for EVIDENCE_STORE; default 'evidence'. '' for the bucket's root. */
  prefix?: string
  /** More buckets to create, empty, at start (e.g. a backup target). */
  extraBuckets?: string[]
}

const thisFile = fileURLToPath(import.meta.url)
const root = path.resolve(path.dirname(thisFile), '../..')

/** Starts s3rver in a child process on a free loopback port with a fresh folder and a fresh, empty bucket. */
export async function startS3Server(options: S3ServerOptions = {}): Promise<S3Server> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', thisFile], {
    cwd: root,
    env: { ...process.env, S3_SERVER_OPTIONS: JSON.stringify(options) },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const started = await new Promise<Omit<S3Server, 'stop'>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`s3rver did not start within ${START_LIMIT_MS} ms:\n${output}`))
    }, START_LIMIT_MS)
    let stdout = ''
    child.stdout!.on('data', (chunk) => {
      stdout += chunk
      const newline = stdout.indexOf('\n')
      if (newline < 0) return
      clearTimeout(timer)
      resolve(JSON.parse(stdout.slice(0, newline)) as Omit<S3Server, 'stop'>)
    })
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`s3rver exited before it started:\n${output}`))
    })
  })
  return {
    ...started,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

/** The server itself, in this process (what the child runs). */
async function runS3Server(options: S3ServerOptions) {
  const directory = await mkdtemp(path.join(tmpdir(), 'dey-s3-'))
  const bucket = `dey-test-${randomBytes(4).toString('hex')}`
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: [bucket, ...(options.extraBuckets ?? [])].map((name) => ({ name })),
  })
  const { port } = await server.run()
  const endpoint = `http://127.0.0.1:${port}`
  const bare = (options.prefix ?? 'evidence').replace(/^\/+|\/+$/g, '')
  const prefix = bare ? `${bare}/` : ''
  const env = {
    EVIDENCE_STORE: `s3://${bucket}${bare ? `/${bare}` : ''}`,
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: SECRET_KEY,
    AWS_REGION: 'us-east-1',
    S3_FORCE_PATH_STYLE: '1',
  }
  return {
    description: { endpoint, bucket, prefix, env },
    async stop() {
      await server.close()
      await rm(directory, { recursive: true, force: true })
    },
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === thisFile) {
  const options = JSON.parse(process.env.S3_SERVER_OPTIONS ?? '{}') as S3ServerOptions
  const server = await runS3Server(options)
  process.stdout.write(`${JSON.stringify(server.description)}\n`)
  let isStopping = false
  const stop = () => {
    if (isStopping) return
    isStopping = true
    void server.stop().then(() => process.exit(0))
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  // The test process died without stopping us: do not outlive it.
  process.stdin.on('end', stop)
  process.stdin.resume()
}
