// One i18next instance for the whole client: the language choice and the start-up. Which strings
// exist is the app shell's business (client/app/messages.ts lists every feature's messages); the
// browser receives only the language it shows, and fetches the other on a switch.
import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Bilingual } from '../../shared/i18n.ts'

export const LANGUAGES = ['km', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

/** UI strings by namespace: the first segment of their keys (`common` in t('common.action.save')). */
export type Namespaces = Record<string, Bilingual<object>>

/** One language's strings, by namespace: what the build's per-language module exports. */
export type LanguageMessages = Record<string, object>

/** Fetches a language's strings the first time a reader switches to it. */
export type MessageLoader = (language: Language) => Promise<LanguageMessages>
let loadMessages: MessageLoader | undefined

const STORAGE_KEY = 'dey.language'

/** The strings of one language out of the bilingual namespaces. */
export function messagesIn(namespaces: Namespaces, language: Language): LanguageMessages {
  return Object.fromEntries(Object.entries(namespaces).map(([name, messages]) => [name, messages[language]]))
}

/**
 * The remembered choice, else `fallback` when given (a public report link's page: Khmer first,
 * whatever the phone's settings), else Khmer when the device prefers it, else English.
 */
export function initialLanguage(fallback?: Language): Language {
  const stored = safeStorage()?.getItem(STORAGE_KEY)
  if (stored === 'km' || stored === 'en') return stored
  if (fallback) return fallback
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])
  return preferred.some((tag) => tag.toLowerCase().startsWith('km')) ? 'km' : 'en'
}

/**
 * Starts i18next with the strings given (once: later calls only switch the language shown).
 * `load` fetches a language that was not given, when the reader switches to it.
 */
export function startI18n(messages: Partial<Record<Language, LanguageMessages>>, language: Language, load?: MessageLoader) {
  loadMessages ??= load
  if (!i18next.isInitialized) {
    const resources = Object.fromEntries(Object.entries(messages).map(([code, strings]) => [code, { translation: strings }]))
    void i18next.use(initReactI18next).init({
      resources,
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

/** Shows the UI in `language`, fetching its strings first if needed; false when they could not be fetched. */
export async function setLanguage(language: Language): Promise<boolean> {
  if (!i18next.hasResourceBundle(language, 'translation')) {
    try {
      if (!loadMessages) throw new Error(`no strings for ${language} and no way to load them`)
      i18next.addResourceBundle(language, 'translation', await loadMessages(language))
    } catch {
      // The service worker keeps both languages, so this is a first visit that lost its connection:
      // stay in the language that works.
      return false
    }
  }
  await i18next.changeLanguage(language)
  safeStorage()?.setItem(STORAGE_KEY, language)
  syncDocumentLanguage(language)
  return true
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
