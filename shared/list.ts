// Query-string building blocks shared by every list endpoint (and by the client that calls them).
import { z } from 'zod'
import { BboxParam } from './geo.ts'

export const MAX_PAGE_SIZE = 500

/** Accepts `kind=a,b` and `kind=a&kind=b`; every value must be one of the vocabulary. */
export function EnumFilter<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .preprocess(
      (input) =>
        typeof input === 'string'
          ? input
              .split(',')
              .map((v) => v.trim())
              .filter(Boolean)
          : input,
      z.array(z.enum(values)).min(1),
    )
    .optional()
}

/** `sort=name` ascending or `sort=-name` descending, over the listed keys. */
export function SortParam<const K extends readonly [string, ...string[]]>(keys: K, fallback: K[number] | `-${K[number]}`) {
  const options = keys.flatMap((key) => [key, `-${key}`]) as [string, ...string[]]
  return z.enum(options).default(fallback)
}

/** A date or date-time bound, inclusive; a bare date means that whole day. */
export const DateBound = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  // Far-off years are typos, and date arithmetic on them (a window of +90 days) overflows.
  .refine((text) => {
    const year = Number(text.slice(0, 4))
    return year >= 1900 && year <= 2100
  }, 'must be a date between 1900 and 2100')

export const listQueryFields = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  cursor: z.string().min(1).max(1000).optional(),
  /** Free text; substring match, so it works for Khmer, which has no spaces between words. */
  q: z.string().trim().min(1).max(200).optional(),
  format: z.enum(['json', 'geojson']).optional(),
}

export const spatialQueryFields = {
  bbox: BboxParam.optional(),
}

export const placeQueryFields = {
  province: z.string().trim().min(1).max(100).optional(),
  community: z.uuid().optional(),
}

export const dateRangeFields = {
  from: DateBound.optional(),
  to: DateBound.optional(),
}
