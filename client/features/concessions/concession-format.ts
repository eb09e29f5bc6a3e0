// Pure helpers of the concession screens.
import type { DeclaredArea } from '../../../shared/concessions.ts'

/** "8,460–9,921" (or one figure) from the declared areas; undefined when none was declared. */
export function declaredRange(areas: readonly Pick<DeclaredArea, 'areaHa'>[], format: (value: number) => string): string | undefined {
  if (areas.length === 0) return undefined
  const values = areas.map((area) => area.areaHa)
  const [min, max] = [Math.min(...values), Math.max(...values)]
  return min === max ? format(min) : `${format(min)}–${format(max)}`
}

/** How far a declared figure is from the mapped area, in percent of the mapped area (+ larger, − smaller). */
export function differencePercent(declaredHa: number, mappedHa: number): number | undefined {
  if (!(mappedHa > 0)) return undefined
  return ((declaredHa - mappedHa) / mappedHa) * 100
}

export interface DeclaredAreaForm {
  areaHa: string
  source: string
  sourceUrl: string
  statedOn: string
}

export const emptyDeclaredArea: DeclaredAreaForm = { areaHa: '', source: '', sourceUrl: '', statedOn: '' }

/** The body for a declared area from its form (also used on the new-concession form). */
export function declaredAreaBodyOf(form: DeclaredAreaForm) {
  const area = form.areaHa.trim().replace(',', '.')
  return {
    areaHa: area === '' ? undefined : Number(area),
    source: form.source,
    sourceUrl: form.sourceUrl.trim() || null,
    statedOn: form.statedOn || null,
  }
}
