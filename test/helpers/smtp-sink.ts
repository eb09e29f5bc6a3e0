// A real SMTP server on loopback (smtp-server) that keeps every message it accepts, parsed by
// mailparser, for tests of Dey's e-mail. No TLS, no authentication: what a test needs to see is
// what Dey sends.
import { simpleParser, type ParsedMail } from 'mailparser'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export interface ReceivedEmail {
  /** The message as it arrived (headers still encoded). */
  raw: string
  parsed: ParsedMail
  envelopeTo: string[]
}

export interface SmtpSink {
  port: number
  url: string
  messages: ReceivedEmail[]
  /** Refuse recipients whose address contains this text (550), or none. */
  refuse(addressPart: string | undefined): void
  /** Resolves once at least `count` messages have arrived (fails after `limitMs`: a hang, not a slow machine). */
  waitForMessages(count: number, limitMs?: number): Promise<ReceivedEmail[]>
  close(): Promise<void>
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedEmail[] = []
  let refused: string | undefined
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refused && address.address.includes(refused)) {
        const error = new Error(`5.1.1 <${address.address}>: Recipient address rejected`) as Error & { responseCode: number }
        error.responseCode = 550
        return callback(error)
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        simpleParser(raw).then(
          (parsed) => {
            messages.push({ raw, parsed, envelopeTo: session.envelope.rcptTo.map((to) => to.address) })
            callback()
          },
          (error: Error) => callback(error),
        )
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.server.address() as AddressInfo).port
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuse: (addressPart) => {
      refused = addressPart
    },
    waitForMessages: async (count, limitMs = 300_000) => {
      const startedAt = Date.now()
      while (messages.length < count) {
        if (Date.now() - startedAt > limitMs)
          throw new Error(`the SMTP server got ${messages.length} of ${count} messages in ${limitMs} ms`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      return messages
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
