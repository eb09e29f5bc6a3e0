// A guard for reading multipart bodies: busboy never finishes a part whose header block never
// ends (e.g. a part with no headers and a long body), so a request would wait for the server's
// request timeout holding a connection. Found by fuzzing the public report link; every multipart
// route reads its parts through this.
import type { Multipart } from '@fastify/multipart'
import type { Readable } from 'node:stream'

/**
 * While the next part is awaited, the parser has all it needs when the request has ended, or
 * should be reading when the request is paused for it (back-pressure, with no part of ours
 * unread); a parser that stays so this long without giving a part is stuck. A slow client is
 * never cut off: while its bytes are still arriving the request is neither ended nor paused.
 */
const PARSER_STALL_MS = 2000
const STALL_CHECK_MS = 250

/** `next`, or `refusal()` if the parser is stuck while it is awaited. */
export function unlessParserStalls<T>(next: Promise<T>, request: Readable, refusal: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let stalledChecks = 0
    const check = setInterval(() => {
      const isWaitingOnParser = request.readableEnded || request.readableFlowing === false
      stalledChecks = isWaitingOnParser ? stalledChecks + 1 : 0
      if (stalledChecks * STALL_CHECK_MS >= PARSER_STALL_MS) {
        clearInterval(check)
        reject(refusal())
      }
    }, STALL_CHECK_MS)
    next.then(
      (value) => (clearInterval(check), resolve(value)),
      (error: unknown) => (clearInterval(check), reject(error)),
    )
  })
}

/** The parts of a multipart body, failing with `refusal()` where the parser would hang. */
export async function* partsUnlessStalled(
  parts: AsyncIterable<Multipart>,
  request: Readable,
  refusal: () => Error,
): AsyncGenerator<Multipart> {
  const iterator = parts[Symbol.asyncIterator]()
  try {
    for (;;) {
      const next = await unlessParserStalls(iterator.next(), request, refusal)
      if (next.done) return
      yield next.value
    }
  } finally {
    // Not awaited: a stalled parser's iterator never settles.
    iterator.return?.().catch(() => undefined)
  }
}
