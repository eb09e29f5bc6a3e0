// SQL of the conflict check: other cases naming the same or a similar person (pg_trgm on the
// people's Latin and Khmer names, read through their GIN trigram indexes).
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm'
import { queryRows, type Db } from '../../../db/open.ts'
import { incidents, legalCases, people } from '../../../db/schema/index.ts'
import { CONFLICT_MIN_SIMILARITY, type CaseConflict } from '../../../shared/case-conflicts.ts'
import { caseScope, incidentScope, personScope, type Viewer } from '../../lib/policy.ts'

/** The person's names, when they are live and the viewer may see them. */
export async function findPersonNames(db: Db, personId: string, viewer: Viewer) {
  const [row] = await db
    .select({ fullName: people.fullName, fullNameKm: people.fullNameKm })
    .from(people)
    .where(and(eq(people.id, personId), isNull(people.deletedAt), personScope(viewer, people.isConfidential)))
  return row
}

const andAlso = (condition: SQL | undefined) => (condition ? sql` AND ${condition}` : sql``)

interface ConflictRow extends Omit<CaseConflict, 'similarity'> {
  similarity: number | string
}

/**
 * Parties of other live cases, and people of incidents linked to other live cases, whose name is
 * like `latin` or `khmer` (or who are `samePersonId`), as the viewer may see people, incidents
 * and cases; the most similar first. `%` lets the trigram indexes find the candidates (at
 * pg_trgm's default threshold, 0.3); CONFLICT_MIN_SIMILARITY then keeps the close ones.
 */
export async function findNameConflicts(
  db: Db,
  caseId: string,
  names: { latin: string | null; khmer: string | null; samePersonId: string | null },
  viewer: Viewer,
): Promise<CaseConflict[]> {
  const { latin, khmer, samePersonId } = names
  const similarityOf = sql`GREATEST(
      CASE WHEN ${latin}::text IS NULL THEN 0 ELSE similarity(${people.fullName}, ${latin}::text) END,
      CASE WHEN ${khmer}::text IS NULL OR ${people.fullNameKm} IS NULL THEN 0 ELSE similarity(${people.fullNameKm}, ${khmer}::text) END,
      CASE WHEN ${people.id} = ${samePersonId}::uuid THEN 1 ELSE 0 END)`
  const rows = await queryRows<ConflictRow>(
    db,
    sql`WITH matched AS (
          SELECT ${people.id} AS id, ${people.fullName} AS full_name, ${people.fullNameKm} AS full_name_km, ${similarityOf} AS sim
          FROM ${people}
          WHERE ${people.deletedAt} IS NULL${andAlso(personScope(viewer, people.isConfidential))}
            AND (${people.id} = ${samePersonId}::uuid
              OR (${latin}::text IS NOT NULL AND ${people.fullName} % ${latin}::text)
              OR (${khmer}::text IS NOT NULL AND ${people.fullNameKm} % ${khmer}::text))
        ), found AS (
          SELECT m.*, ${legalCases.id} AS case_id, ${legalCases.reference} AS reference, ${legalCases.title} AS title,
                 cp.role::text AS role, 'party' AS source
          FROM matched m
          JOIN case_people cp ON cp.person_id = m.id
          JOIN ${legalCases} ON ${legalCases.id} = cp.case_id
          WHERE ${legalCases.deletedAt} IS NULL AND ${legalCases.id} <> ${caseId}::uuid${andAlso(caseScope(viewer, legalCases.id))}
          UNION ALL
          SELECT m.*, ${legalCases.id}, ${legalCases.reference}, ${legalCases.title}, ip.role::text, 'incident'
          FROM matched m
          JOIN incident_people ip ON ip.person_id = m.id
          JOIN ${incidents} ON ${incidents.id} = ip.incident_id
          JOIN case_incidents ci ON ci.incident_id = ${incidents.id}
          JOIN ${legalCases} ON ${legalCases.id} = ci.case_id
          WHERE ${incidents.deletedAt} IS NULL
            ${andAlso(incidentScope(viewer, { communityId: incidents.communityId, isConfidential: incidents.isConfidential }))}
            AND ${legalCases.deletedAt} IS NULL AND ${legalCases.id} <> ${caseId}::uuid${andAlso(caseScope(viewer, legalCases.id))}
        )
        SELECT DISTINCT case_id AS "caseId", reference AS "caseReference", title AS "caseTitle", id AS "personId",
               full_name AS "fullName", full_name_km AS "fullNameKm", sim AS similarity, role, source,
               (id = ${samePersonId}::uuid) IS TRUE AS "isSamePerson"
        FROM found
        WHERE sim >= ${CONFLICT_MIN_SIMILARITY}
        ORDER BY similarity DESC, "caseReference", "fullName", role, source
        LIMIT 100`,
  )
  return rows.map((row) => ({ ...row, similarity: Math.min(1, Math.round(Number(row.similarity) * 1000) / 1000) }))
}
