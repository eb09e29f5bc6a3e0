// The moderation queue's rules: what of a sender moderators see, and the decisions — accept (a new
// incident in the triage queue), merge (into an incident already known), reject — each in one
// transaction with the move of the report's photos; and erasing a sender on request.
import type { Db } from '../../../db/open.ts'
import {
  maskPhone,
  type AcceptIntakeBody,
  type EraseIntakeSenderBody,
  type IntakeDecision,
  type IntakeReport,
  type IntakeReportListQuery,
  type IntakeReportSummary,
  type IntakeSender,
  type MergeIntakeBody,
  type RejectIntakeBody,
} from '../../../shared/intake.ts'
import type { IntakeSource } from '../../../shared/vocabularies.ts'
import { recordAudit, type AuditContext } from '../../lib/audit.ts'
import type { GeometryWrite } from '../../lib/geometry.ts'
import type { Viewer } from '../../lib/policy.ts'
import { createIncident } from '../incidents/incidents.service.ts'
import {
  createAlreadyDecidedError,
  createIntakeReportNotFoundError,
  createIntakeVersionConflictError,
  createKindRequiredError,
  createLocationRequiredError,
  createMergeTargetError,
} from './intake-reports.errors.ts'
import {
  decideIntakeReport,
  deleteTelegramChatState,
  eraseIntakeSender,
  findIntakePhotos,
  findIntakeReport,
  findMergeCandidates,
  findMergeTarget,
  listIntakeReports,
  moveIntakePhotos,
  type IntakeDecisionColumns,
  type IntakeReportRow,
} from './intake-reports.queries.ts'

/** What an incident made from a report says reported it: the door and the receipt, never the sender. */
const REPORTED_BY: Record<IntakeSource, string> = {
  web: 'Public report link',
  telegram: 'Telegram report',
  sms: 'SMS report',
}

/** A name or user name as lists show it: its first letter only ("S…"). */
function maskName(name: string | null): string | null {
  if (!name) return null
  return `${Array.from(name.replace(/^@/, ''))[0] ?? ''}…`
}

/**
 * The sender as a moderator sees them. Lists always mask; one report shows the whole values only
 * where the sender agreed to be contacted (there is no other reason to read them).
 */
function senderOf(row: IntakeReportRow, isRevealed: boolean): IntakeSender {
  const isMasked = !(isRevealed && row.mayContact)
  return {
    name: isMasked ? maskName(row.senderName) : row.senderName,
    phone: isMasked ? maskPhone(row.phone) : row.phone,
    telegramUsername: isMasked ? maskName(row.telegramUsername) : row.telegramUsername,
    isMasked,
    mayContact: row.mayContact,
    userId: row.senderUserId,
    userDisplayName: row.senderUserDisplayName,
    erasedAt: row.senderErasedAt,
  }
}

/** The row as the API shows it: the sender's columns replaced by `sender`. */
function summaryOf(row: IntakeReportRow, isRevealed = false): IntakeReportSummary {
  const {
    senderName: _senderName,
    phone: _phone,
    telegramUsername: _telegramUsername,
    telegramChatId: _telegramChatId,
    mayContact: _mayContact,
    senderUserId: _senderUserId,
    senderUserDisplayName: _senderUserDisplayName,
    senderErasedAt: _senderErasedAt,
    ...report
  } = row
  return { ...report, sender: senderOf(row, isRevealed) }
}

const hasSenderValues = (row: IntakeReportRow) => Boolean(row.senderName || row.phone || row.telegramUsername)

export async function listQueue(db: Db, query: IntakeReportListQuery) {
  const page = await listIntakeReports(db, query)
  return { ...page, items: page.items.map((row) => summaryOf(row)) }
}

/**
 * One report with its photos and the incidents it may duplicate. Reading a sender's whole
 * contact details is recorded in the audit trail (that they were read, never the values).
 */
export async function getIntakeReport(db: Db, audit: AuditContext, id: string, viewer: Viewer): Promise<IntakeReport> {
  const row = await findIntakeReport(db, id)
  if (!row) throw createIntakeReportNotFoundError(id)
  const [photos, candidates] = await Promise.all([findIntakePhotos(db, id), findMergeCandidates(db, id, viewer)])
  if (row.mayContact && hasSenderValues(row)) {
    await recordAudit(db, audit, { action: 'read_sender', entity: 'intake_reports', entityId: id })
  }
  return { ...summaryOf(row, true), photos, candidates }
}

/** A report still waiting for a decision, at the version the moderator saw (locked until commit). */
async function requireUndecided(tx: Db, id: string, expectedVersion: number) {
  const row = await findIntakeReport(tx, id, { forUpdate: true })
  if (!row) throw createIntakeReportNotFoundError(id)
  if (row.status !== 'new') throw createAlreadyDecidedError(row.status, summaryOf(row))
  if (row.version !== expectedVersion) throw createIntakeVersionConflictError(expectedVersion, summaryOf(row))
  return row
}

async function decide(tx: Db, row: IntakeReportRow, expectedVersion: number, decision: IntakeDecisionColumns): Promise<IntakeDecision> {
  // The row is locked and was checked above; a miss here would be a bug, not a race.
  if (!(await decideIntakeReport(tx, row.id, expectedVersion, decision)))
    throw createIntakeVersionConflictError(expectedVersion, summaryOf(row))
  const decided = (await findIntakeReport(tx, row.id))!
  return { report: summaryOf(decided), incidentId: decided.incidentId }
}

/**
 * Accepts a report: a new incident in the triage queue (status reported), made through the
 * incidents feature like any other report, with the report's text and photos. The incident names
 * the door and the receipt code as its source — never the sender.
 */
export async function acceptIntakeReport(db: Db, id: string, body: AcceptIntakeBody, write: GeometryWrite, viewer: Viewer) {
  return db.transaction(async (tx) => {
    const row = await requireUndecided(tx, id, body.version)
    const kind = body.kind ?? row.kind
    if (!kind) throw createKindRequiredError()
    const location = body.location ?? row.location
    if (!location) throw createLocationRequiredError()
    const isDateKnown = row.occurredAt !== null && row.occurredPrecision !== 'unknown'
    const { incident } = await createIncident(
      tx,
      {
        title: body.title,
        titleKm: body.titleKm ?? null,
        kind,
        severity: body.severity,
        perpetratorKind: 'unknown',
        description: row.description,
        ...(isDateKnown
          ? { occurredAt: row.occurredAt!, occurredPrecision: row.occurredPrecision ?? 'day' }
          : { occurredPrecision: 'unknown' as const }),
        location,
        communityId: body.communityId ?? row.communityId,
        isConfidential: body.isConfidential,
        reportedBy: `${REPORTED_BY[row.source]} ${row.receiptCode}`,
      },
      write,
      viewer,
    )
    await moveIntakePhotos(tx, id, incident.id, incident.isConfidential)
    return decide(tx, row, body.version, { status: 'accepted', incidentId: incident.id, decidedByUserId: viewer.id })
  })
}

/** Merges a report into an incident already known: its photos join the incident; the incident's text stays. */
export async function mergeIntakeReport(db: Db, id: string, body: MergeIntakeBody, viewer: Viewer) {
  return db.transaction(async (tx) => {
    const row = await requireUndecided(tx, id, body.version)
    const incident = await findMergeTarget(tx, body.incidentId, viewer)
    if (!incident) throw createMergeTargetError(body.incidentId)
    await moveIntakePhotos(tx, id, incident.id, incident.isConfidential)
    return decide(tx, row, body.version, { status: 'merged', incidentId: incident.id, decidedByUserId: viewer.id })
  })
}

/** Rejects a report with a reason; its photos stay with it, confidential. */
export async function rejectIntakeReport(db: Db, id: string, body: RejectIntakeBody, viewer: Viewer) {
  return db.transaction(async (tx) => {
    const row = await requireUndecided(tx, id, body.version)
    return decide(tx, row, body.version, { status: 'rejected', rejectionReason: body.reason, decidedByUserId: viewer.id })
  })
}

/**
 * Erases the sender's name, phone and Telegram ids (on their request), whatever the report's
 * status, and the bot's conversation state for their chat, so nothing links the chat to the
 * report. The audit trail never held the values (the trigger masks those columns).
 */
export async function eraseSender(db: Db, id: string, body: EraseIntakeSenderBody): Promise<IntakeDecision> {
  return db.transaction(async (tx) => {
    const row = await findIntakeReport(tx, id, { forUpdate: true })
    if (!row) throw createIntakeReportNotFoundError(id)
    if (row.version !== body.version) throw createIntakeVersionConflictError(body.version, summaryOf(row))
    if (!(await eraseIntakeSender(tx, id, body.version))) throw createIntakeVersionConflictError(body.version, summaryOf(row))
    await deleteTelegramChatState(tx, id, row.telegramChatId)
    const erased = (await findIntakeReport(tx, id))!
    return { report: summaryOf(erased), incidentId: erased.incidentId }
  })
}
