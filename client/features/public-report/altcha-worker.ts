// One proof-of-work worker (proof-of-work.ts starts them): altcha-lib's worker protocol, with the
// browser's key derivation.
import { handler } from 'altcha-lib/workers/shared'
import { deriveKey } from './altcha-derive-key.ts'

handler({ deriveKey })
