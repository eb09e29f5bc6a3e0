// The problem+json (RFC 9457) body every API error uses. The client switches on `code`.
import { z } from 'zod'

export const FieldIssue = z.object({
  /** Where the problem is: "body.boundary.coordinates[0]", "querystring.limit", "header.if-match". */
  field: z.string(),
  message: z.string(),
})
export type FieldIssue = z.infer<typeof FieldIssue>

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  /** A dotted machine-readable code such as `cases.not_found` or `request.invalid`. */
  code: z.string(),
  detail: z.string(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(FieldIssue).optional(),
})
export type Problem = z.infer<typeof Problem>
