// The key derivation of a challenge's algorithm, with the browser's Web Crypto (altcha-lib's web
// builds; its plain ones use node:crypto).
import { deriveKey as derivePbkdf2 } from 'altcha-lib/algorithms/web/pbkdf2'
import { deriveKey as deriveSha } from 'altcha-lib/algorithms/web/sha'
import type { DeriveKeyFunction } from 'altcha-lib/types'

export const deriveKey: DeriveKeyFunction = (parameters, salt, password) =>
  parameters.algorithm.startsWith('PBKDF2/') ? derivePbkdf2(parameters, salt, password) : deriveSha(parameters, salt, password)
