// Strings that travel with a page's own chunk instead of the app's strings module that every page
// loads first (see client/features/intake/strings.ts, which this generalises): staff-only pages
// keep the first page of everyone else light (test/budget). Both languages travel together; each
// is merged into i18next's strings of its language once those are there — never before, or the
// app would take a language's partial strings for the whole and never fetch the rest.
import i18next from 'i18next'
import type { Bilingual } from '../../shared/i18n.ts'
import { LANGUAGES, type Language } from './i18n.ts'

const registered = new Map<string, Bilingual<object>>()
let isListening = false
let isWaiting = false

function addTo(language: Language, namespace: string, messages: Bilingual<object>) {
  if (!i18next.hasResourceBundle(language, 'translation')) return
  const resources = i18next.getResourceBundle(language, 'translation') as Record<string, unknown> | undefined
  if (resources?.[namespace]) return
  i18next.addResourceBundle(language, 'translation', { [namespace]: messages[language] }, true, true)
}

function addAll() {
  for (const language of LANGUAGES) for (const [namespace, messages] of registered) addTo(language, namespace, messages)
}

function addNowAndOnLoad() {
  addAll()
  if (isListening) return
  isListening = true
  i18next.store.on('added', (language: string) => {
    if (language !== 'km' && language !== 'en') return
    for (const [namespace, messages] of registered) addTo(language, namespace, messages)
  })
}

/** Adds a namespace's strings to each language loaded now, and to the other when it is fetched. */
export function registerChunkStrings(namespace: string, messages: Bilingual<object>) {
  registered.set(namespace, messages)
  // Before i18next starts (a test importing the page first) it has no store: wait for it.
  if (!i18next.isInitialized) {
    if (!isWaiting) i18next.on('initialized', addNowAndOnLoad)
    isWaiting = true
    return
  }
  addNowAndOnLoad()
}
