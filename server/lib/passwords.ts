// Password hashing with scrypt (memory-hard, in node:crypto): N=2^15, r=8 uses 32 MiB per hash,
// which makes GPU guessing of a stolen hash expensive while a login stays around 100 ms.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const PARAMS = { N: 2 ** 15, r: 8, p: 1, keyLength: 64 }
const MAX_MEMORY = 64 * 1024 * 1024

function derive(password: string, salt: Buffer, options: ScryptOptions & { keyLength: number }): Promise<Buffer> {
  const { keyLength, ...scryptOptions } = options
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, { ...scryptOptions, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  )
}

/**
 * The same scheme at a cost fit for test accounts only (about 1 ms a login instead of 100 ms):
 * the hash records its parameters, so verifying it follows them.
 */
export const TEST_ONLY_PARAMS = { N: 2 ** 10, r: 8, p: 1, keyLength: 64 }

/** `scrypt$N$r$p$salt$key`, base64url: the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string, params: typeof PARAMS = PARAMS): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, params)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64url')
  const actual = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(N),
    r: Number(r),
    p: Number(p),
    keyLength: expected.length,
  })
  return timingSafeEqual(actual, expected)
}

/** A hash to compare against when the account does not exist, so timing does not reveal which logins exist. */
export const UNKNOWN_USER_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(86)

/** A temporary password an admin hands over; the user must change it at first login. */
export function temporaryPassword(): string {
  return randomBytes(12).toString('base64url')
}
