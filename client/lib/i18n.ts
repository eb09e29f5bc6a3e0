// One i18next instance for the whole client. Each feature keeps its strings in its own
// messages.ts (English + Khmer, same keys); they are registered here under the feature's name,
// so a key reads t('incidents.list.title').
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { adminMessages } from '../features/admin/messages.ts'
import { authMessages } from '../features/auth/messages.ts'
import { calendarMessages } from '../features/calendar/messages.ts'
import { casesMessages } from '../features/cases/messages.ts'
import { communitiesMessages } from '../features/communities/messages.ts'
import { concessionsMessages } from '../features/concessions/messages.ts'
import { dashboardMessages } from '../features/dashboard/messages.ts'
import { dossiersMessages } from '../features/dossiers/messages.ts'
import { evidenceMessages } from '../features/evidence/messages.ts'
import { incidentsMessages } from '../features/incidents/messages.ts'
import { mapMessages } from '../features/map/messages.ts'
import { parcelsMessages } from '../features/parcels/messages.ts'
import { reportMessages } from '../features/report/messages.ts'
import { triageMessages } from '../features/triage/messages.ts'
import { geometryMessages } from '../map/messages.ts'
import { commonMessages } from './common-messages.ts'
import type { Bilingual } from '../../shared/i18n.ts'
import { vocabMessages } from '../../shared/vocabulary-labels.ts'

export const LANGUAGES = ['km', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

/** Every namespace of UI strings, by the first segment of its keys. */
export const NAMESPACES: Record<string, Bilingual<object>> = {
  common: commonMessages,
  vocab: vocabMessages,
  geometry: geometryMessages,
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
  dashboard: dashboardMessages,
  admin: adminMessages,
  dossiers: dossiersMessages,
}

const STORAGE_KEY = 'dey.language'

function resourcesFor(language: Language) {
  return Object.fromEntries(Object.entries(NAMESPACES).map(([name, messages]) => [name, messages[language]]))
}

/** The remembered choice, else Khmer when the device prefers it, else English. */
export function initialLanguage(): Language {
  const stored = safeStorage()?.getItem(STORAGE_KEY)
  if (stored === 'km' || stored === 'en') return stored
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])
  return preferred.some((tag) => tag.toLowerCase().startsWith('km')) ? 'km' : 'en'
}

export function initI18n(language: Language = initialLanguage()) {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      resources: { en: { translation: resourcesFor('en') }, km: { translation: resourcesFor('km') } },
      lng: language,
      fallbackLng: 'en',
      // React escapes what it renders.
      interpolation: { escapeValue: false },
      returnNull: false,
    })
  }
  syncDocumentLanguage(language)
  return i18next
}

export async function setLanguage(language: Language) {
  await i18next.changeLanguage(language)
  safeStorage()?.setItem(STORAGE_KEY, language)
  syncDocumentLanguage(language)
}

export const currentLanguage = (): Language => (i18next.language === 'km' ? 'km' : 'en')

function syncDocumentLanguage(language: Language) {
  if (typeof document !== 'undefined') document.documentElement.lang = language
}

function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined
  }
}
