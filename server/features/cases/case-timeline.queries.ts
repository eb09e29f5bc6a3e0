// The one query behind a case's timeline: the API, the case page and the case dossier all read it.
// Incidents, events, stage changes, and the evidence of the case and of its incidents: when each
// file was captured, and its chain of custody (the audit trail's entries about it).
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../../db/open.ts'
import { caseEvents, caseIncidents, caseStageChanges, evidence, incidents } from '../../../db/schema/index.ts'
import type { TimelineItem } from '../../../shared/cases.ts'
import type { CaseEventKind, CaseStage, DatePrecision, IncidentKind, IncidentStatus } from '../../../shared/vocabularies.ts'
import { evidenceScope, incidentScope, type Viewer } from '../../lib/policy.ts'

interface TimelineRow {
  at: string
  type: TimelineItem['type']
  id: string
  title: string
  kind: string | null
  status: string | null
  isDone: boolean | null
  location: string | null
  fromStage: string | null
  toStage: string | null
  note: string | null
  precision: string | null
  action: string | null
  custodyId: number | null
  actorId: string | null
  actorLabel: string | null
  mediaType: string | null
  attachedTo: 'case' | 'incident' | null
  isLive: boolean | null
}

/** A timeline row before the route's masks: custody entries still carry who acted (actorId). */
export type TimelineRowItem = TimelineItem & { actorId?: string | null }

/**
 * Date order, incidents of unknown date last (their instant is only when they were reported);
 * ties by type, id and custody entry. Evidence is that of the case and of its incidents the viewer
 * may see (lib/policy.ts evidenceScope: advocates no confidential files, none of confidential
 * incidents), purged files left out; a deleted file keeps its custody entries, not its capture.
 */
export async function findTimeline(db: Db, caseId: string, viewer: Viewer): Promise<TimelineRowItem[]> {
  const seenIncidents = incidentScope(viewer, { communityId: incidents.communityId, isConfidential: incidents.isConfidential })
  const seenEvidence = evidenceScope(viewer, evidence)
  const rows = await queryRows<TimelineRow>(
    db,
    sql`WITH case_incidents AS (
          SELECT ${incidents.id} AS id, ${incidents.occurredAt} AS occurred_at, ${incidents.title} AS title,
                 ${incidents.kind} AS kind, ${incidents.status} AS status, ${incidents.occurredPrecision} AS precision
          FROM ${caseIncidents} ci JOIN ${incidents} ON ${incidents.id} = ci.incident_id
          WHERE ci.case_id = ${caseId} AND ${incidents.deletedAt} IS NULL${seenIncidents ? sql` AND ${seenIncidents}` : sql``}
        ), case_evidence AS (
          SELECT ${evidence.id} AS id, ${evidence.title} AS title, ${evidence.mediaType} AS media_type,
                 ${evidence.capturedAt} AS captured_at,
                 CASE WHEN ${evidence.caseId} IS NOT NULL THEN 'case' ELSE 'incident' END AS attached_to,
                 (${evidence.deletedAt} IS NULL) AS is_live
          FROM ${evidence}
          WHERE (${evidence.caseId} = ${caseId} OR ${evidence.incidentId} IN (SELECT id FROM case_incidents))
            AND ${evidence.purgedAt} IS NULL${seenEvidence ? sql` AND ${seenEvidence}` : sql``}
        )
        SELECT to_json(t.at) #>> '{}' AS at, t.type, t.id, t.title, t.kind, t.status, t."isDone", t.location,
               t."fromStage", t."toStage", t.note, t.precision, t.action, t."custodyId", t."actorId", t."actorLabel",
               t."mediaType", t."attachedTo", t."isLive"
        FROM (
          SELECT i.occurred_at AS at, 'incident'::text AS type, i.id, i.title, i.kind::text AS kind, i.status::text AS status,
                 NULL::boolean AS "isDone", NULL::text AS location, NULL::text AS "fromStage", NULL::text AS "toStage",
                 NULL::text AS note, i.precision::text AS precision, NULL::text AS action, NULL::int AS "custodyId",
                 NULL::uuid AS "actorId", NULL::text AS "actorLabel", NULL::text AS "mediaType", NULL::text AS "attachedTo",
                 NULL::boolean AS "isLive"
          FROM case_incidents i
          UNION ALL
          SELECT e.starts_at, 'event', e.id, e.title, e.kind::text, NULL, e.is_done, e.location, NULL, NULL, NULL, NULL,
                 NULL, NULL, NULL, NULL, NULL, NULL, NULL
          FROM ${caseEvents} e
          WHERE e.case_id = ${caseId} AND e.deleted_at IS NULL
          UNION ALL
          SELECT s.changed_at, 'stage', s.id,
                 CASE WHEN s.from_stage IS NULL THEN 'Case opened at stage ' || s.to_stage::text
                      ELSE 'Stage changed from ' || s.from_stage::text || ' to ' || s.to_stage::text END,
                 NULL, NULL, NULL, NULL, s.from_stage::text, s.to_stage::text, s.note, NULL,
                 NULL, NULL, NULL, NULL, NULL, NULL, NULL
          FROM ${caseStageChanges} s
          WHERE s.case_id = ${caseId}
          UNION ALL
          SELECT ev.captured_at, 'evidence', ev.id, ev.title, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                 'captured', NULL, NULL, NULL, ev.media_type, ev.attached_to, ev.is_live
          FROM case_evidence ev
          WHERE ev.captured_at IS NOT NULL AND ev.is_live
          UNION ALL
          SELECT a.at, 'evidence', ev.id, ev.title, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                 a.action, a.id::int, a.actor_id, a.actor_label, ev.media_type, ev.attached_to, ev.is_live
          FROM case_evidence ev JOIN audit_log a ON a.entity = 'evidence' AND a.entity_id = ev.id::text
        ) t
        ORDER BY (t.precision IS NOT DISTINCT FROM 'unknown'), t.at, t.type, t.id, t."custodyId" NULLS FIRST`,
  )
  return rows.map(toTimelineItem)
}

function toTimelineItem(row: TimelineRow): TimelineRowItem {
  const base = { at: new Date(row.at), id: row.id, title: row.title }
  switch (row.type) {
    case 'incident':
      return {
        ...base,
        type: 'incident',
        kind: row.kind as IncidentKind,
        status: row.status as IncidentStatus,
        occurredPrecision: row.precision as DatePrecision,
      }
    case 'event':
      return { ...base, type: 'event', kind: row.kind as CaseEventKind, isDone: row.isDone ?? false, location: row.location }
    case 'stage':
      return { ...base, type: 'stage', fromStage: row.fromStage as CaseStage | null, toStage: row.toStage as CaseStage, note: row.note }
    case 'evidence':
      return {
        ...base,
        type: 'evidence',
        action: row.action ?? 'captured',
        custodyId: row.custodyId,
        actorId: row.actorId,
        actorLabel: row.actorLabel,
        mediaType: row.mediaType ?? 'application/octet-stream',
        attachedTo: row.attachedTo ?? 'case',
        isLive: row.isLive ?? true,
      }
  }
}
