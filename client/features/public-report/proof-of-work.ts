// Solving the link's proof-of-work challenge (altcha-lib v2) before a report goes out: a fraction
// of a second for one report on a phone, too slow for a robot sending thousands. The work runs in
// Web Workers (altcha-worker.ts), off the page's thread; where the browser has none, on it. Loaded
// only when a report is sent, so the page's first load does not carry it.
import { solveChallenge, solveChallengeWorkers } from 'altcha-lib'
import type { IntakeChallenge } from '../../../shared/intake.ts'
import { deriveKey } from './altcha-derive-key.ts'

/** Two workers: the phones this is for have few cores, and the page stays responsive. */
const WORKERS = 2

export class ProofOfWorkFailed extends Error {
  constructor() {
    super('The proof-of-work challenge could not be solved in time')
    this.name = 'ProofOfWorkFailed'
  }
}

/** The solved challenge as the server takes it: base64 of {challenge, solution} (the ALTCHA widget's payload). */
export async function solveAltcha(challenge: IntakeChallenge, signal?: AbortSignal): Promise<string> {
  const controller = new AbortController()
  const abort = () => controller.abort()
  signal?.addEventListener('abort', abort)
  try {
    const solution =
      typeof Worker === 'undefined'
        ? await solveChallenge({ challenge, deriveKey, controller })
        : await solveChallengeWorkers({
            challenge,
            controller,
            concurrency: Math.min(WORKERS, navigator.hardwareConcurrency || 1),
            createWorker: () => new Worker(new URL('./altcha-worker.ts', import.meta.url), { type: 'module' }),
          })
    if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError')
    if (!solution) throw new ProofOfWorkFailed()
    return toBase64(JSON.stringify({ challenge, solution }))
  } finally {
    signal?.removeEventListener('abort', abort)
  }
}

/** btoa of UTF-8 (the challenge's data may hold any text). */
function toBase64(text: string): string {
  let binary = ''
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary)
}
