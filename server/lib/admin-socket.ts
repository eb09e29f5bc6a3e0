// While a server holds an embedded database, command-line tasks (`npm run user:create`,
// `audit:verify`, `evidence:verify`…) cannot open it themselves: they hand their command to the
// server through this local socket, and the server runs it on its own connection. The socket is a
// Unix domain socket only its owner can open (mode 0600): the same operating-system user who could
// read DATA_DIR's files anyway. Nothing here listens on the network.
import { chmod, mkdtemp, rm, unlink } from 'node:fs/promises'
import { createServer, request as httpRequest, type Server } from 'node:http'
import os from 'node:os'
import path from 'node:path'

export interface CommandResult {
  output: string
  exitCode: number
}

export type CommandRunner = (command: string, args: string[]) => Promise<CommandResult>

export interface AdminSocket {
  path: string
  close(): Promise<void>
}

/** Unix socket paths are limited to about 100 bytes: a deep DATA_DIR gets a private folder in the system's temp. */
const MAX_SOCKET_PATH_BYTES = 100
const MAX_REQUEST_BYTES = 64 * 1024

export async function startAdminSocket(dataDir: string, run: CommandRunner): Promise<AdminSocket> {
  let socketPath = path.join(dataDir, 'dey.sock')
  let privateDir: string | undefined
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    privateDir = await mkdtemp(path.join(os.tmpdir(), 'dey-'))
    socketPath = path.join(privateDir, 'dey.sock')
  }
  // A socket file left by a server that was killed: the caller holds DATA_DIR's lock, so it is ours.
  await unlink(socketPath).catch(() => undefined)

  const server = createServer((req, res) => {
    const answer = (status: number, body: CommandResult) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    if (req.method !== 'POST' || req.url !== '/commands') return answer(404, { output: 'unknown request', exitCode: 2 })
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
      if (body.length > MAX_REQUEST_BYTES) req.destroy()
    })
    req.on('end', () => {
      let parsed: { command?: unknown; args?: unknown }
      try {
        parsed = JSON.parse(body) as typeof parsed
      } catch {
        return answer(400, { output: 'the request is not JSON', exitCode: 2 })
      }
      const { command, args } = parsed
      if (typeof command !== 'string' || !Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) {
        return answer(400, { output: 'send { command, args: string[] }', exitCode: 2 })
      }
      run(command, args).then(
        (result) => answer(200, result),
        (error: unknown) => answer(500, { output: `the command failed: ${(error as Error).message}`, exitCode: 1 }),
      )
    })
  })
  // A check of every evidence file can take hours: no request timeout on this socket.
  server.requestTimeout = 0
  server.headersTimeout = 60_000
  await listen(server, socketPath)
  await chmod(socketPath, 0o600)
  return {
    path: socketPath,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await unlink(socketPath).catch(() => undefined)
      if (privateDir) await rm(privateDir, { recursive: true, force: true })
    },
  }
}

/** Runs a command inside the server listening on `socketPath`. */
export function sendCommand(socketPath: string, command: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ socketPath, path: '/commands', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => {
        try {
          resolve(JSON.parse(text) as CommandResult)
        } catch {
          reject(new Error(`the server answered ${res.statusCode} with something that is not a command result`))
        }
      })
    })
    req.on('error', reject)
    req.end(JSON.stringify({ command, args }))
  })
}

function listen(server: Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(socketPath, () => {
      server.off('error', reject)
      resolve()
    })
  })
}
