// A save that hit 409: the row as it is now, from the answer's `current` (or, if that cannot be
// read, from a fresh GET), so the form can offer "load theirs" or "save mine over it".
import type { z } from 'zod'
import { isConflict } from './api-client.ts'

export async function currentRowOf<S extends z.ZodType>(
  error: unknown,
  schema: S,
  refetch: () => Promise<z.output<S>>,
): Promise<z.output<S> | undefined> {
  if (!isConflict(error)) return undefined
  const parsed = schema.safeParse(error.body.current)
  return parsed.success ? parsed.data : refetch()
}
