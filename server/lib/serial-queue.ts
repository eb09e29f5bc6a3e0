// Background jobs of one kind (dossier exports, GIS imports), run in this process one at a time:
// each is disk- and database-bound, and two at once would only slow both. Issue 17 moves them to
// a queue in PostgreSQL; until then, a job lost to a restart is failed at the next start.

export interface SerialQueue<Job> {
  enqueue(job: Job): void
  /** Stops taking jobs; resolves when the running one has finished. */
  close(): Promise<void>
  /** Resolves when nothing is queued or running (tests). */
  idle(): Promise<void>
  readonly isClosed: boolean
}

/**
 * `run` does one job and must not throw (it records its own failure); `beforeDrain` runs each
 * time the queue wakes up with work, before the first job.
 */
export function createSerialQueue<Job>(run: (job: Job) => Promise<void>, beforeDrain?: () => Promise<unknown>): SerialQueue<Job> {
  const queue: Job[] = []
  let running: Promise<void> | undefined
  let isClosed = false

  function kick() {
    if (running || isClosed || queue.length === 0) return
    running = drain().finally(() => {
      running = undefined
      kick()
    })
  }

  async function drain() {
    await beforeDrain?.()
    for (let job = queue.shift(); job !== undefined && !isClosed; job = queue.shift()) await run(job)
  }

  return {
    enqueue(job) {
      queue.push(job)
      kick()
    },
    async close() {
      isClosed = true
      await running
    },
    async idle() {
      while (running) await running
    },
    get isClosed() {
      return isClosed
    },
  }
}
