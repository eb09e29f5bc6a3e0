// Every feature keeps its strings in its own messages.ts (English + Khmer, same keys); the app
// shell registers them all under the feature's name, so a key reads t('incidents.list.title').
// The browser never loads this module: the build turns it into one module per language
// (client/build/language-messages.ts), so a phone downloads only the language it shows.
import { adminMessages } from '../features/admin/messages.ts'
import { authMessages } from '../features/auth/messages.ts'
import { calendarMessages } from '../features/calendar/messages.ts'
import { casesMessages } from '../features/cases/messages.ts'
import { communitiesMessages } from '../features/communities/messages.ts'
import { concessionsMessages } from '../features/concessions/messages.ts'
import { deadlineRulesMessages } from '../features/deadline-rules/messages.ts'
import { documentTemplatesMessages } from '../features/document-templates/messages.ts'
import { dossiersMessages } from '../components/dossiers/messages.ts'
import { evidenceMessages } from '../components/evidence/messages.ts'
import { gisExportMessages } from '../components/gis-export/messages.ts'
import { importsMessages } from '../features/imports/messages.ts'
import { incidentsMessages } from '../features/incidents/messages.ts'
import { mapMessages } from '../features/map/messages.ts'
import { notificationsMessages } from '../components/notifications/messages.ts'
import { parcelsMessages } from '../features/parcels/messages.ts'
import { reportMessages } from '../features/report/messages.ts'
import { triageMessages } from '../features/triage/messages.ts'
import { workMessages } from '../features/work/messages.ts'
import { geometryMessages, mapPartsMessages } from '../map/messages.ts'
import { commonMessages } from '../lib/common-messages.ts'
import type { Namespaces } from '../lib/i18n.ts'
import { vocabMessages } from '../../shared/vocabulary-labels.ts'

/** Every namespace of UI strings, by the first segment of its keys. */
export const NAMESPACES: Namespaces = {
  common: commonMessages,
  vocab: vocabMessages,
  geometry: geometryMessages,
  mapParts: mapPartsMessages,
  auth: authMessages,
  map: mapMessages,
  report: reportMessages,
  incidents: incidentsMessages,
  communities: communitiesMessages,
  parcels: parcelsMessages,
  concessions: concessionsMessages,
  cases: casesMessages,
  evidence: evidenceMessages,
  triage: triageMessages,
  calendar: calendarMessages,
  admin: adminMessages,
  dossiers: dossiersMessages,
  gisExport: gisExportMessages,
  imports: importsMessages,
  documentTemplates: documentTemplatesMessages,
  deadlineRules: deadlineRulesMessages,
  work: workMessages,
  notifications: notificationsMessages,
}
