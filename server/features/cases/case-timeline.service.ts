// A case's timeline as a viewer may read it: the one query (case-timeline.queries.ts) with the
// custody entries' actors masked as the evidence's chain of custody masks them. The timeline
// route and the case dossier both read it here, so the two never differ.
import type { Db } from '../../../db/open.ts'
import type { TimelineItem } from '../../../shared/cases.ts'
import { notFound } from '../../lib/app-error.ts'
import { maskCustodyEntry, type Viewer } from '../../lib/policy.ts'
import { findTimeline } from './case-timeline.queries.ts'
import { isLiveCase } from './cases.queries.ts'

/** 404 when the case is not live or the viewer may not see it. */
export async function readCaseTimeline(db: Db, caseId: string, viewer: Viewer): Promise<TimelineItem[]> {
  if (!(await isLiveCase(db, caseId, viewer))) throw notFound('case', caseId)
  const items = await findTimeline(db, caseId, viewer)
  return items.map((item) => {
    if (item.type !== 'evidence') return item
    const { actorId, ...entry } = item
    if (item.custodyId === null) return entry
    const masked = maskCustodyEntry(viewer, { actorId: actorId ?? null, actorLabel: item.actorLabel ?? 'system', details: null }, null)
    return { ...entry, actorLabel: masked.actorLabel }
  })
}
