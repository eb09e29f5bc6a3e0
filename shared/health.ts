import { z } from 'zod'

export const Health = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  postgis: z.string(),
})
export type Health = z.infer<typeof Health>

/** What GET /api/health/ready checked; every part answered (otherwise the answer is a 503 problem). */
export const Readiness = z.object({
  status: z.literal('ready'),
  checks: z.object({ database: z.literal('ok'), evidenceStore: z.literal('ok') }),
})
export type Readiness = z.infer<typeof Readiness>
