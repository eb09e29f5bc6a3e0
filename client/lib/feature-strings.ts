// A staff feature's strings, brought by its own chunk instead of the app's strings module that
// every page loads first (test/budget weighs the first pages). Both languages travel together;
// each is merged into i18next's strings of its language once those are there — never before, or
// the app would take a language's partial strings for the whole and never fetch the rest.
// (client/features/intake/strings.ts does the same for the intake screens.)
import i18next from 'i18next'
import { LANGUAGES, type Language } from './i18n.ts'

type Bilingual = Record<Language, object>

const registered = new Map<string, Bilingual>()
let isListening = false
let isWaiting = false

function addTo(language: Language) {
  if (!i18next.hasResourceBundle(language, 'translation')) return
  const bundle = i18next.getResourceBundle(language, 'translation') as Record<string, unknown>
  for (const [namespace, messages] of registered) {
    if (bundle[namespace] === undefined) i18next.addResourceBundle(language, 'translation', { [namespace]: messages[language] }, true, true)
  }
}

function addEverywhere() {
  // Before i18next starts (a test importing the page first) it has no store: wait for it.
  if (!i18next.isInitialized) {
    if (!isWaiting) i18next.on('initialized', addEverywhere)
    isWaiting = true
    return
  }
  for (const language of LANGUAGES) addTo(language)
  if (isListening) return
  isListening = true
  i18next.store.on('added', (language: string) => {
    if (language === 'km' || language === 'en') addTo(language)
  })
}

/** Adds a namespace's strings to each language loaded now, and to the other when it is fetched. */
export function registerFeatureStrings(namespace: string, messages: Bilingual) {
  registered.set(namespace, messages)
  addEverywhere()
}
