// Building blocks of every API schema: ids, dates, versions, pages.
import { z } from 'zod'

export const Uuid = z.uuid()

/** An instant: ISO 8601 with offset on the wire, a Date in code (Zod codec: decoded on input, encoded on output). */
export const DateTime = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
})

/** A calendar day, YYYY-MM-DD, kept as text (no time zone to get wrong). */
export const IsoDate = z.iso.date()

/** Optimistic concurrency: the version a change was based on. */
export const Version = z.number().int().positive()

/** Shared read-only columns of every row. */
export const RowMeta = {
  id: Uuid,
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Version,
}

/** A page of a list: `nextCursor` is opaque; null on the last page. */
export function Page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}

export const IdParams = z.object({ id: Uuid })

/** A short free-text field: trimmed, and empty means absent. */
export const Text = (max = 500) => z.string().trim().max(max)
export const OptionalText = (max = 5000) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional()

export const Count = z.number().int().nonnegative()
