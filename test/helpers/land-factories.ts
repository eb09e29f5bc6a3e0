// Factories for concessions and their declared areas.
import type { MultiPolygon, Polygon } from '../../shared/geo.ts'
import type { Db } from '../../db/open.ts'
import { concessionDeclaredAreas, concessions } from '../../db/schema/index.ts'
import { rectangle } from './geo.ts'

export async function makeConcession(
  db: Db,
  overrides: Partial<Omit<typeof concessions.$inferInsert, 'boundary'>> & { boundary?: Polygon | MultiPolygon } = {},
) {
  const { boundary = rectangle([104.5, 12.5, 104.52, 12.52]), ...rest } = overrides
  const [row] = await db
    .insert(concessions)
    .values({ name: 'Test concession', kind: 'elc', company: 'Test Company Co., Ltd.', ...rest, boundary: boundary as MultiPolygon })
    .returning({ id: concessions.id })
  return row!
}

export async function makeDeclaredArea(db: Db, values: typeof concessionDeclaredAreas.$inferInsert) {
  const [row] = await db.insert(concessionDeclaredAreas).values(values).returning({ id: concessionDeclaredAreas.id })
  return row!
}
