// The conflict check: a known person is looked up by their names (and found themself); a typed
// name is compared with both the Latin and the Khmer names.
import type { Db } from '../../../db/open.ts'
import type { CaseConflictQuery } from '../../../shared/case-conflicts.ts'
import { notFound } from '../../lib/app-error.ts'
import type { Viewer } from '../../lib/policy.ts'
import { findNameConflicts, findPersonNames } from './case-conflicts.queries.ts'
import { isLiveCase } from './cases.queries.ts'

export async function findCaseConflicts(db: Db, caseId: string, query: CaseConflictQuery, viewer: Viewer) {
  if (!(await isLiveCase(db, caseId, viewer))) throw notFound('case', caseId)
  if (query.personId) {
    // A person the viewer may not see is unknown to them (404), like everywhere else.
    const person = await findPersonNames(db, query.personId, viewer)
    if (!person) throw notFound('person', query.personId)
    return findNameConflicts(db, caseId, { latin: person.fullName, khmer: person.fullNameKm, samePersonId: query.personId }, viewer)
  }
  const name = query.name ?? ''
  return findNameConflicts(db, caseId, { latin: name, khmer: name, samePersonId: null }, viewer)
}
