// The SMS gateway as Dey uses it: SMS Gateway for Android™ (github.com/capcom6/android-sms-gateway,
// Apache-2.0), an app that turns an Android phone with a SIM card into an SMS gateway. It posts
// each received SMS to our webhook and sends our replies through its API:
//
//   POST <SMS_GATEWAY_URL>/message   (basic auth: the user and password in SMS_GATEWAY_URL)
//   { "textMessage": { "text": "…" }, "phoneNumbers": ["+855…"] }   → 202 Accepted
//
// SMS_GATEWAY_URL is the phone's local server (http://user:password@192.168.1.20:8080) or, through
// the project's cloud relay, https://user:password@api.sms-gate.app/3rdparty/v1.
import { createHmac, timingSafeEqual } from 'node:crypto'

export interface SmsGateway {
  /** Sends one SMS; throws when the gateway does not take it. */
  send(phoneNumber: string, text: string): Promise<void>
}

/** How long a reply may take to be taken by the gateway: the webhook answers only after trying. */
const SEND_TIMEOUT_MS = 10_000

export class SmsGatewayError extends Error {
  constructor(readonly status: number | undefined) {
    super(status === undefined ? 'the SMS gateway could not be reached' : `the SMS gateway answered ${status}`)
    this.name = 'SmsGatewayError'
  }
}

/** A client of the gateway's send API; the credentials move from the URL to a basic-auth header (fetch refuses them in URLs). */
export function smsGatewayClient(gatewayUrl: string): SmsGateway {
  const url = new URL(gatewayUrl)
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
  const hasCredentials = url.username !== '' || url.password !== ''
  url.username = ''
  url.password = ''
  const endpoint = `${url.origin}${url.pathname.replace(/\/+$/, '')}/message`
  return {
    async send(phoneNumber, text) {
      let response: Response
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(hasCredentials ? { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` } : {}),
          },
          // No delivery report: nothing in Dey listens for one.
          body: JSON.stringify({ textMessage: { text }, phoneNumbers: [phoneNumber], withDeliveryReport: false }),
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        })
      } catch {
        throw new SmsGatewayError(undefined)
      }
      // The body may repeat the recipient and the text: it is not read, so it never reaches a log.
      await response.body?.cancel()
      if (!response.ok) throw new SmsGatewayError(response.status)
    },
  }
}

/** How far a signed delivery's X-Timestamp may be from our clock, in seconds (the gateway's docs suggest ±5 minutes). */
export const SIGNATURE_TOLERANCE_SECONDS = 300

/**
 * The gateway signs each delivery: X-Signature is the hex HMAC-SHA256 of the raw body followed by
 * X-Timestamp (Unix seconds), keyed with the signing key set in the app (Settings → Webhooks →
 * Signing Key), which must be SMS_WEBHOOK_SECRET. Each retry is signed anew.
 */
export function isValidSignature(key: string, rawBody: string, timestamp: string, signature: string, now: Date): boolean {
  if (!/^\d{1,12}$/.test(timestamp) || !/^[0-9a-fA-F]{64}$/.test(signature)) return false
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) return false
  const expected = createHmac('sha256', key)
    .update(rawBody + timestamp)
    .digest()
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'))
}

/** A delivery's signature headers as the gateway would send them (tests, and anyone checking a set-up by hand). */
export function signDelivery(key: string, rawBody: string, at: Date) {
  const timestamp = String(Math.floor(at.getTime() / 1000))
  return {
    'x-timestamp': timestamp,
    'x-signature': createHmac('sha256', key)
      .update(rawBody + timestamp)
      .digest('hex'),
  }
}
