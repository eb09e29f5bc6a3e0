// From threat report to legal case: open a case from an incident, or add the incident to an
// existing case, carrying over its community, itself and its people, in one transaction.
import type { Db } from '../../../db/open.ts'
import { legalCases } from '../../../db/schema/index.ts'
import type { CaseFromIncidentBody } from '../../../shared/cases.ts'
import { notFound } from '../../lib/app-error.ts'
import { notifyCaseLeadsOfIncident } from '../../lib/notifications.ts'
import type { Viewer } from '../../lib/policy.ts'
import { requireLive } from '../../lib/references.ts'
import { copyIncidentPeopleToCase, lockIncidentForIntake, verifyReportedIncident } from './case-intake.queries.ts'
import { linkCommunity, linkIncident } from './cases.queries.ts'
import { openCase, requireCaseDetail, type LinkResult } from './cases.service.ts'
import { putCaseLead } from './case-team.service.ts'

/** Triage is for legal staff and admins (the route's permission): the incident is found unscoped. */
export async function takeIncidentIntoCase(db: Db, incidentId: string, body: CaseFromIncidentBody, viewer: Viewer): Promise<LinkResult> {
  return db.transaction(async (tx) => {
    const incident = await lockIncidentForIntake(tx, incidentId)
    if (!incident) throw notFound('incident', incidentId)

    let caseId: string
    if (body.caseId) {
      await requireLive(tx, legalCases, body.caseId, 'body.caseId', 'case')
      caseId = body.caseId
    } else {
      const { caseId: _caseId, leadUserId, kind, stage, title, titleKm, province, ...rest } = body
      caseId = await openCase(tx, {
        ...rest,
        // The schema demands kind when there is no caseId.
        kind: kind!,
        stage: stage ?? 'intake',
        title: title ?? incident.title,
        // The incident's Khmer title only goes with its English one.
        titleKm: titleKm !== undefined ? titleKm : title ? null : incident.titleKm,
        province: province !== undefined ? province : incident.province,
      })
      if (leadUserId) await putCaseLead(tx, caseId, leadUserId, viewer, 'body.leadUserId')
    }

    if (incident.communityId) await linkCommunity(tx, caseId, incident.communityId)
    await linkIncident(tx, caseId, incident.id)
    await copyIncidentPeopleToCase(tx, incident.id, caseId)
    if (incident.status === 'reported') await verifyReportedIncident(tx, incident.id)
    await notifyCaseLeadsOfIncident(tx, incident.id, { caseId, actorId: viewer.id })
    return { isNew: !body.caseId, detail: await requireCaseDetail(tx, caseId, viewer) }
  })
}
