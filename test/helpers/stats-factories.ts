// Rows the stats tests need beyond test/helpers/factories.ts: concessions and legal cases linked
// to parcels.
import type { MultiPolygon } from '../../shared/geo.ts'
import { rectangle, type Rect } from './geo.ts'
import type { Db } from '../../db/open.ts'
import { caseParcels, concessions, legalCases } from '../../db/schema/index.ts'
import type { CaseStage } from '../../shared/vocabularies.ts'

export async function makeConcessionOver(db: Db, area: Rect, overrides: Partial<typeof concessions.$inferInsert> = {}) {
  const [row] = await db
    .insert(concessions)
    .values({ name: 'Test concession', kind: 'elc', ...overrides, boundary: rectangle(area) as unknown as MultiPolygon })
    .returning({ id: concessions.id })
  return row!
}

let caseNumber = 9000

/** A legal case at `stage` that names the given parcels. */
export async function makeCaseAbout(
  db: Db,
  stage: CaseStage,
  parcelIds: string[],
  overrides: Partial<typeof legalCases.$inferInsert> = {},
) {
  caseNumber += 1
  const [row] = await db
    .insert(legalCases)
    .values({ reference: `CASE-2099-${caseNumber}`, title: `Test case ${caseNumber}`, kind: 'cadastral_commission', stage, ...overrides })
    .returning({ id: legalCases.id })
  if (parcelIds.length) await db.insert(caseParcels).values(parcelIds.map((parcelId) => ({ caseId: row!.id, parcelId })))
  return row!
}
