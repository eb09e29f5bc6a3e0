// The little SQL the public report link needs beyond what every way in shares (intake.queries.ts).
import { eq } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { intakeReports } from '../../../db/schema/index.ts'

/** Whether a report has already spent this proof-of-work challenge (by its signature). */
export async function isChallengeSpent(db: Db, challengeId: string): Promise<boolean> {
  const rows = await db.select({ id: intakeReports.id }).from(intakeReports).where(eq(intakeReports.powChallenge, challengeId)).limit(1)
  return rows.length > 0
}
