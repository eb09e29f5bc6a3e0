// The SQL of lib/evidence-integrity.ts. "Live" evidence is evidence not purged.
import { and, asc, gt, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/open.ts'
import { evidence } from '../../db/schema/evidence.ts'
import { imports } from '../../db/schema/imports.ts'

/** One page of the distinct hashes of live evidence after `after`, by hash, with the ids of their records (oldest first). */
export async function findLiveBlobPage(db: Db, after: string, limit: number): Promise<{ sha256: string; evidenceIds: string[] }[]> {
  const page = await db
    .select({
      sha256: evidence.sha256,
      evidenceIds: sql<string[]>`json_agg(${evidence.id} ORDER BY ${evidence.createdAt}, ${evidence.id})`,
    })
    .from(evidence)
    .where(and(isNull(evidence.purgedAt), gt(evidence.sha256, after)))
    .groupBy(evidence.sha256)
    .orderBy(asc(evidence.sha256))
    .limit(limit)
  // Depending on the driver, the json arrives parsed or as text.
  return page.map((row) => ({
    sha256: row.sha256,
    evidenceIds: typeof row.evidenceIds === 'string' ? (JSON.parse(row.evidenceIds) as string[]) : row.evidenceIds,
  }))
}

/** Those of the given hashes that live evidence, or an import's source file, references. */
export async function findReferencedHashes(db: Db, sha256s: readonly string[]): Promise<Set<string>> {
  if (sha256s.length === 0) return new Set()
  const rows = await db
    .selectDistinct({ sha256: evidence.sha256 })
    .from(evidence)
    .where(and(isNull(evidence.purgedAt), inArray(evidence.sha256, [...sha256s])))
  const sources = await db
    .selectDistinct({ sha256: imports.fileSha256 })
    .from(imports)
    .where(inArray(imports.fileSha256, [...sha256s]))
  return new Set([...rows, ...sources].map((row) => row.sha256))
}
