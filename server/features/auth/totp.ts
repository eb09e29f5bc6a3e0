// TOTP (RFC 6238) with the otpauth library: 6 digits, 30-second steps, SHA-1 — the parameters every
// authenticator app (Google Authenticator, Aegis, FreeOTP, 1Password…) supports. Recovery codes
// are random and checked by their SHA-256.
import { createHash, randomInt } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'

const ISSUER = 'Dey'
const PERIOD_SECONDS = 30
/** One step either side: a phone clock up to ~30 s off, or a code typed as it changed, still works. */
const WINDOW_STEPS = 1

/** 160 random bits, the size RFC 4226 recommends for HMAC-SHA-1, as base32. */
export const newTotpSecret = () => new Secret({ size: 20 }).base32

function totpOf(secret: string, label = '') {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) })
}

/** The `otpauth://` URI an authenticator app reads from the QR code. */
export const totpUri = (secret: string, accountName: string) => totpOf(secret, accountName).toString()

/** The QR code of the URI as an SVG document, made here so the client bundle carries no QR library. */
export const qrSvgOf = (uri: string) => QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })

/** The 30-second step a code belongs to (within the window around `now`), or undefined when it matches none. */
export function matchingTotpStep(secret: string, code: string, now: Date): number | undefined {
  const totp = totpOf(secret)
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: WINDOW_STEPS })
  return delta === null ? undefined : totp.counter({ timestamp: now.getTime() }) + delta
}

/** Ten codes, each 12 characters from 31 letters and digits without look-alikes (no i, l, o, 0, 1): 59 random bits. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
export const RECOVERY_CODE_COUNT = 10

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const characters = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)])
    return [0, 4, 8].map((start) => characters.slice(start, start + 4).join('')).join('-')
  })
}

/**
 * A recovery code's stored form: SHA-256 of the user id and the code as typed, without case,
 * spaces or dashes. A fast hash is enough here, unlike for passwords: the codes are random with 59
 * bits of entropy (no dictionary to try), and whoever could read this table could read the TOTP
 * secret beside it anyway. A salted slow hash (scrypt) would also make finding the code one of ten
 * scrypt runs per sign-in; this way it is one indexed lookup. The user id keeps equal codes of two
 * users from having equal hashes.
 */
export function recoveryCodeHash(userId: string, code: string): string {
  const normalized = code.toLowerCase().replace(/[\s-]/g, '')
  return createHash('sha256').update(`${userId}:${normalized}`).digest('hex')
}
