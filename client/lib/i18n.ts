// One i18next instance for the whole client: the language choice and the start-up. Which strings
// exist is the app shell's business (client/app/i18n.ts registers every feature's messages).
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Bilingual } from '../../shared/i18n.ts'

export const LANGUAGES = ['km', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

/** UI strings by namespace: the first segment of their keys (`common` in t('common.action.save')). */
export type Namespaces = Record<string, Bilingual<object>>

const STORAGE_KEY = 'dey.language'

function resourcesFor(namespaces: Namespaces, language: Language) {
  return Object.fromEntries(Object.entries(namespaces).map(([name, messages]) => [name, messages[language]]))
}

/** The remembered choice, else Khmer when the device prefers it, else English. */
export function initialLanguage(): Language {
  const stored = safeStorage()?.getItem(STORAGE_KEY)
  if (stored === 'km' || stored === 'en') return stored
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])
  return preferred.some((tag) => tag.toLowerCase().startsWith('km')) ? 'km' : 'en'
}

/** Starts i18next with the given namespaces (once: later calls only switch the language shown). */
export function startI18n(namespaces: Namespaces, language: Language) {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      resources: { en: { translation: resourcesFor(namespaces, 'en') }, km: { translation: resourcesFor(namespaces, 'km') } },
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
