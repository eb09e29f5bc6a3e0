// The public page's strings come with its own chunk, not with the app's strings module that every
// page loads first: only visitors of a report link need them, and every signed-in page stays as
// light as before (test/budget). Both languages travel together (about 1 kB compressed); each is
// merged into i18next's strings of its language once those are there — never before, or the app
// would take a language's partial strings for the whole and never fetch the rest.
import i18next from 'i18next'
import { LANGUAGES } from '../../lib/i18n.ts'
import { publicReportMessages } from './messages.ts'

function addTo(language: (typeof LANGUAGES)[number]) {
  if (!i18next.hasResourceBundle(language, 'translation') || i18next.exists('publicReport.tabTitle', { lng: language, fallbackLng: false }))
    return
  i18next.addResourceBundle(language, 'translation', { publicReport: publicReportMessages[language] }, true, true)
}

/** Adds the page's strings to each language loaded now, and to the other when it is fetched. */
export function registerPublicReportStrings() {
  for (const language of LANGUAGES) addTo(language)
  i18next.store.on('added', (language: string) => {
    if (language === 'km' || language === 'en') addTo(language)
  })
}
