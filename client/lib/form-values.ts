// Turning what people type into API bodies, and back. Forms hold strings (what inputs hold);
// these pure functions make the body the shared schema validates. Khmer keyboards type Khmer
// digits (០–៩), so numbers accept them too.
import type { FieldErrors } from './form-errors.ts'

const KHMER_ZERO = 0x17e0

/** Khmer digits to ASCII, and the Khmer/Arabic decimal separators to a dot. */
export function normalizeDigits(text: string): string {
  return text.replace(/[\u17e0-\u17e9]/g, (digit) => String(digit.charCodeAt(0) - KHMER_ZERO)).replace(/[٫,]/g, '.')
}

/** '' → null; otherwise a number (NaN when it is not one, so validation says "must be a number"). */
export function numberOrNull(text: string): number | null {
  const trimmed = normalizeDigits(text).trim()
  if (trimmed === '') return null
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN
}

/** Trimmed text, or null when empty. */
export function textOrNull(text: string): string | null {
  const trimmed = text.trim()
  return trimmed === '' ? null : trimmed
}

export const numberText = (value: number | null | undefined): string => (value === null || value === undefined ? '' : String(value))

export interface PointInputValue {
  type: 'Point'
  coordinates: number[]
}

/** A point from the longitude and latitude inputs; null when both are empty (so "required"). */
export function pointFrom(lon: string, lat: string): PointInputValue | null {
  if (lon.trim() === '' && lat.trim() === '') return null
  return { type: 'Point', coordinates: [numberOrNull(lon) ?? Number.NaN, numberOrNull(lat) ?? Number.NaN] }
}

/** Coordinates as typed text: 6 decimals is about 10 cm, plenty for a village. */
export const coordinateText = (value: number) => String(Math.round(value * 1e6) / 1e6)

/**
 * The fields of `body` that differ from `base` (both built by the same function from the form and
 * from the saved row): a PATCH sends only what the user changed, so it never rewrites a field
 * someone else changed meanwhile, and never sends a field the role may not see.
 */
export function changedFields<T extends Record<string, unknown>>(body: T, base: T): Partial<T> {
  const changes: Partial<T> = {}
  for (const key of Object.keys(body) as (keyof T)[]) {
    if (JSON.stringify(body[key] ?? null) !== JSON.stringify(base[key] ?? null)) changes[key] = body[key]
  }
  return changes
}

/** The first error for a field or anything inside it ("location" finds "location.coordinates.0"). */
export function errorOf(errors: FieldErrors, ...fields: string[]): string | undefined {
  for (const field of fields) {
    if (errors[field]) return errors[field]
  }
  for (const field of fields) {
    const key = Object.keys(errors).find((candidate) => candidate.startsWith(`${field}.`))
    if (key) return errors[key]
  }
  return undefined
}

/**
 * A choice left empty is "required", not "not valid": Zod reports an absent enum value as an
 * invalid option, without the input, so the shared issueText cannot tell the two apart.
 */
export function requiredWhenEmpty(
  errors: FieldErrors,
  values: Record<string, unknown>,
  fields: string[],
  requiredText: string,
): FieldErrors {
  const result = { ...errors }
  for (const field of fields) {
    if (result[field] && (values[field] === '' || values[field] === null || values[field] === undefined)) result[field] = requiredText
  }
  return result
}

/** Text typed where a number belongs says so (Zod's issue does not carry the input to tell). */
export function notANumberWhenText(
  errors: FieldErrors,
  values: Record<string, unknown>,
  fields: string[],
  notANumberText: string,
): FieldErrors {
  const result = { ...errors }
  for (const field of fields) {
    const value = values[field]
    if (result[field] && typeof value === 'string' && value.trim() !== '' && Number.isNaN(numberOrNull(value)))
      result[field] = notANumberText
  }
  return result
}
