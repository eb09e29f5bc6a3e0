// The staff's intake screens bring their strings with their own chunks, not with the app's strings
// module that every page loads first: only legal staff and admins open them, and the first page
// of everyone else (test/budget) stays as light as before. Both languages travel together (about
// 1 kB compressed each); each is merged into i18next's strings of its language once those are
// there — never before, or the app would take a language's partial strings for the whole and
// never fetch the rest. (client/features/public-report/strings.ts does the same for its page.)
import i18next from 'i18next'
import { LANGUAGES, type Language } from '../../lib/i18n.ts'
import { intakeMessages } from './messages.ts'

function addTo(language: Language) {
  if (!i18next.hasResourceBundle(language, 'translation') || i18next.exists('intake.title', { lng: language, fallbackLng: false })) return
  i18next.addResourceBundle(language, 'translation', { intake: intakeMessages[language] }, true, true)
}

let isRegistered = false
let isWaiting = false

/** Adds the screens' strings to each language loaded now, and to the other when it is fetched. */
export function registerIntakeStrings() {
  // Before i18next starts (a test importing the page first) it has no store: wait for it.
  if (!i18next.isInitialized) {
    if (!isWaiting) i18next.on('initialized', registerIntakeStrings)
    isWaiting = true
    return
  }
  for (const language of LANGUAGES) addTo(language)
  if (isRegistered) return
  isRegistered = true
  i18next.store.on('added', (language: string) => {
    if (language === 'km' || language === 'en') addTo(language)
  })
}
