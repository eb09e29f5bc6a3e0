// A real local HTTP server playing SMS Gateway for Android™'s send API (POST /message with basic
// auth, answering 202 as the app does), recording every SMS it is asked to send. It can be made to
// fail (`mode`): 'error' answers 500, 'down' drops the connection as a phone off the network would.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface SentSms {
  phoneNumbers: string[]
  text: string
  /** The Authorization header the request carried. */
  authorization: string | undefined
}

export interface FakeSmsGateway {
  /** SMS_GATEWAY_URL for this server, with its user and password. */
  url: string
  sent: SentSms[]
  mode: 'ok' | 'error' | 'down'
  close(): Promise<void>
}

export const FAKE_GATEWAY_USER = 'sms'
export const FAKE_GATEWAY_PASSWORD = 'gateway pass'

export async function startFakeSmsGateway(): Promise<FakeSmsGateway> {
  const gateway: FakeSmsGateway = { url: '', sent: [], mode: 'ok', close: async () => {} }
  const server: Server = createServer((req, res) => {
    if (gateway.mode === 'down') {
      req.socket.destroy()
      return
    }
    void readBody(req).then((body) => {
      if (req.method !== 'POST' || req.url !== '/message') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}')
        return
      }
      const expected = `Basic ${Buffer.from(`${FAKE_GATEWAY_USER}:${FAKE_GATEWAY_PASSWORD}`).toString('base64')}`
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Unauthorized"}')
        return
      }
      if (gateway.mode === 'error') {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"Failed to enqueue message"}')
        return
      }
      const message = JSON.parse(body) as { textMessage: { text: string }; phoneNumbers: string[] }
      gateway.sent.push({ phoneNumbers: message.phoneNumbers, text: message.textMessage.text, authorization: req.headers.authorization })
      // What the app answers: the message, queued (MessagesRoutes.kt, POST → 202 Accepted).
      res.writeHead(202, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: `msg-${gateway.sent.length}`,
          deviceId: 'ffffffffceb0b1db0000018e937c815b',
          state: 'Pending',
          isHashed: false,
          isEncrypted: false,
          recipients: message.phoneNumbers.map((phoneNumber) => ({ phoneNumber, state: 'Pending', error: null })),
          states: {},
        }),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  gateway.url = `http://${FAKE_GATEWAY_USER}:${encodeURIComponent(FAKE_GATEWAY_PASSWORD)}@127.0.0.1:${port}`
  gateway.close = () =>
    new Promise((resolve, reject) => {
      server.closeAllConnections()
      server.close((error) => (error ? reject(error) : resolve()))
    })
  return gateway
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
