// A worker of the job queue in a process of its own, that a test can SIGKILL mid-job: it queues
// one job of the `mortal` queue, takes it (no other worker is running yet), prints
// "started <job id>" and never finishes it.
// Usage: node --import tsx test/helpers/job-worker-process.ts <postgres url> <time limit in seconds>
import { openDatabase } from '../../db/open.ts'
import { createJobs } from '../../server/lib/jobs.ts'

const [databaseUrl, timeoutSeconds] = process.argv.slice(2)
const database = await openDatabase({ databaseUrl: databaseUrl! })
const silent = { info() {}, warn() {}, error() {} }
const jobs = createJobs({ database, timeoutSeconds: Number(timeoutSeconds), log: silent })
jobs.define(
  'mortal',
  async (job) => {
    process.stdout.write(`started ${job.id}\n`)
    await new Promise(() => {})
  },
  { retryLimit: 2, retryDelaySeconds: 1 },
)
await jobs.start()
await jobs.send('mortal', { from: process.pid })
