// The SQL that every way in (public link, Telegram, SMS) shares: filing a report, the delivery
// ledger that makes webhooks idempotent, and the look-ups that place a report.
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../../db/open.ts'
import { communities, intakeLinks, intakeReports, intakeWebhookDeliveries, serverSecrets, users } from '../../../db/schema/index.ts'
import type { IntakeSource } from '../../../shared/vocabularies.ts'

export type NewIntakeReport = typeof intakeReports.$inferInsert

/** Inserts a report; undefined when its clientReportId or receipt code is already taken (the caller decides which). */
export async function insertIntakeReport(db: Db, values: NewIntakeReport) {
  const [row] = await db
    .insert(intakeReports)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: intakeReports.id, receiptCode: intakeReports.receiptCode, createdAt: intakeReports.createdAt })
  return row
}

/** The receipt an earlier request with this device id was given. */
export async function findReceiptByClientReportId(db: Db, clientReportId: string) {
  const [row] = await db
    .select({
      id: intakeReports.id,
      receiptCode: intakeReports.receiptCode,
      createdAt: intakeReports.createdAt,
      linkId: intakeReports.linkId,
    })
    .from(intakeReports)
    .where(eq(intakeReports.clientReportId, clientReportId))
  return row
}

/** An open link by its slug, with its community's names (what the public page shows). */
export async function findOpenLinkBySlug(db: Db, slug: string) {
  const [row] = await db
    .select({
      id: intakeLinks.id,
      slug: intakeLinks.slug,
      title: intakeLinks.title,
      titleKm: intakeLinks.titleKm,
      communityId: intakeLinks.communityId,
      communityName: communities.name,
      communityNameKm: communities.nameKm,
      hourlyLimit: intakeLinks.hourlyLimit,
      closedAt: intakeLinks.closedAt,
    })
    .from(intakeLinks)
    .leftJoin(communities, eq(communities.id, intakeLinks.communityId))
    .where(eq(intakeLinks.slug, slug))
  return row
}

/** A live community by the code senders type in SMS reports. */
export async function findCommunityByIntakeCode(db: Db, code: string) {
  const [row] = await db
    .select({ id: communities.id, name: communities.name, nameKm: communities.nameKm })
    .from(communities)
    .where(and(eq(communities.intakeCode, code), isNull(communities.deletedAt)))
  return row
}

/** The active account registered with this phone number (E.164), with its communities. */
export async function findActiveUserByPhone(db: Db, phone: string) {
  const [row] = await db
    .select({
      id: users.id,
      role: users.role,
      displayName: users.displayName,
      language: users.language,
      communityIds: sql<
        string[]
      >`coalesce((SELECT array_agg(uc.community_id) FROM user_communities uc WHERE uc.user_id = ${users.id}), '{}')`,
    })
    .from(users)
    .where(and(eq(users.phone, phone), eq(users.isActive, true)))
  return row
}

/**
 * Records a webhook delivery (Telegram's update_id, an SMS gateway's message id) in the caller's
 * transaction: false when it was already handled, so a replay changes nothing.
 */
export async function recordWebhookDelivery(db: Db, source: IntakeSource, externalId: string): Promise<boolean> {
  const rows = await db
    .insert(intakeWebhookDeliveries)
    .values({ source, externalId })
    .onConflictDoNothing()
    .returning({ externalId: intakeWebhookDeliveries.externalId })
  return rows.length === 1
}

export async function findServerSecret(db: Db, name: string) {
  const [row] = await db.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, name))
  return row?.value
}

/** Stores a secret unless another server stored one first; either way, the one kept is returned. */
export async function insertServerSecret(db: Db, name: string, value: string) {
  await db.insert(serverSecrets).values({ name, value }).onConflictDoNothing()
  return (await findServerSecret(db, name))!
}
