// Timing helpers of the map benchmark: requests through the in-process app, a budget per row so
// that today's multi-second paths are measured once instead of holding the run for an hour, and
// percentiles.
import { performance } from 'node:perf_hooks'
import type { App } from '../../../server/app.ts'

/** What one row measured: durations (ms), the response size, or why there is no figure. */
export interface Figure {
  ms: number[]
  bytes?: number
  /** Why the figure is missing or partial ("n/a (endpoint missing)", "HTTP 500 after 60.0 s", "1 run"). */
  note?: string
}

export const MISSING = 'n/a (endpoint missing)'

export const percentile = (values: readonly number[], p: number) => {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}
export const p50 = (f: Figure | undefined) => (f && f.ms.length ? percentile(f.ms, 0.5) : NaN)
export const p95 = (f: Figure | undefined) => (f && f.ms.length ? percentile(f.ms, 0.95) : NaN)

export interface Answer {
  status: number
  ms: number
  bytes: number
  body: Buffer
}

export async function get(app: App, cookie: string, url: string): Promise<Answer> {
  const started = performance.now()
  const res = await app.inject({ url, headers: { cookie } })
  const ms = performance.now() - started
  return { status: res.statusCode, ms, bytes: res.rawPayload.length, body: res.rawPayload }
}

export const isOk = (status: number) => status === 200 || status === 204

export interface SampleOptions {
  /** At most this many timed requests after the warm-up. */
  iterations: number
  /** Stop repeating once the row has taken this long. */
  budgetMs: number
  /** A warm-up slower than this is the only run: repeating it would say nothing new. */
  slowMs: number
}

/** Times a GET: one warm-up, then repeats within the budget. Missing routes and errors become notes. */
export async function sampleGet(
  app: App,
  cookie: string,
  url: string,
  options: SampleOptions,
  /** Untimed work before each request (e.g. a write, so that no answer comes from a cache). */
  before: () => Promise<void> = async () => {},
): Promise<Figure> {
  await before()
  const first = await get(app, cookie, url)
  if (first.status === 404) return { ms: [], note: MISSING }
  if (!isOk(first.status)) return { ms: [first.ms], note: `HTTP ${first.status} after ${(first.ms / 1000).toFixed(1)} s` }
  if (first.ms > options.slowMs) return { ms: [first.ms], bytes: first.bytes, note: '1 run' }
  const ms: number[] = []
  const started = performance.now()
  while (ms.length < options.iterations && performance.now() - started < options.budgetMs) {
    await before()
    const answer = await get(app, cookie, url)
    if (!isOk(answer.status)) return { ms, note: `HTTP ${answer.status}` }
    ms.push(answer.ms)
  }
  return { ms, bytes: first.bytes }
}

/** Times any async work repeatedly within a budget (one warm-up). */
export async function sampleWork(work: () => Promise<number | void>, options: SampleOptions): Promise<Figure> {
  const t0 = performance.now()
  const bytes = (await work()) ?? undefined
  const firstMs = performance.now() - t0
  if (firstMs > options.slowMs) return { ms: [firstMs], bytes, note: '1 run' }
  const ms: number[] = []
  const started = performance.now()
  while (ms.length < options.iterations && performance.now() - started < options.budgetMs) {
    const t = performance.now()
    await work()
    ms.push(performance.now() - t)
  }
  return { ms, bytes }
}

/** Runs `tasks` with `concurrency` in flight; resolves with the wall time in ms. */
export async function runConcurrently(tasks: (() => Promise<unknown>)[], concurrency: number): Promise<number> {
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tasks.length) }, async () => {
      while (next < tasks.length) await tasks[next++]!()
    }),
  )
  return performance.now() - started
}
