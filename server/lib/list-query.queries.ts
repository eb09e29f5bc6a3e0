// The SQL of lib/list-query.ts that runs on its own: the first step of a free-text search.
import { sql, type SQL } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/open.ts'

/**
 * Beyond this many hits a search is not selective: the list then checks the text row by row in
 * its sort order, which finds a page of dense hits quickly, rather than sorting every hit.
 */
export const MAX_TEXT_MATCHES = 1000

/**
 * The distinct ids `matchIds` (from textMatchIds) yields, or undefined when there are more than
 * MAX_TEXT_MATCHES of them (or no query). UNION ALL under a LIMIT stops reading at the cap, where a
 * UNION would first collect every hit.
 */
export async function findTextMatches(db: Db, matchIds: SQL | undefined): Promise<string[] | undefined> {
  if (!matchIds) return undefined
  const rows = await queryRows<{ id: string }>(db, sql`SELECT m.id FROM (${matchIds}) m(id) LIMIT ${MAX_TEXT_MATCHES + 1}`)
  if (rows.length > MAX_TEXT_MATCHES) return undefined
  return [...new Set(rows.map((row) => row.id))]
}
