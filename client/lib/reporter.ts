// Who reported an incident, in one line: the source staff typed ("Community leader by phone"), the
// account that filed it (a representative's report from the app has only that), or both.
import type { TFunction } from 'i18next'
import type { Incident } from '../../shared/incidents.ts'

export function reporterText(incident: Pick<Incident, 'reportedBy' | 'reportedByName'>, t: TFunction): string | null {
  const { reportedBy, reportedByName } = incident
  if (reportedBy && reportedByName) return `${reportedBy} · ${t('common.reporter.filedBy', { name: reportedByName })}`
  return reportedBy ?? reportedByName ?? null
}
