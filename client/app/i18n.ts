// The browser's start-up of the UI strings. The build makes one module per language out of
// client/app/messages.ts (client/build/language-messages.ts); only the language shown is fetched,
// about half the strings' weight on a first visit (issue 15), and the other on a switch.
import { initialLanguage, LANGUAGES, startI18n, type Language, type LanguageMessages } from '../lib/i18n.ts'

async function loadLanguage(language: Language): Promise<LanguageMessages> {
  const module = language === 'km' ? await import('virtual:dey-messages/km') : await import('virtual:dey-messages/en')
  return module.default
}

/** A public report link's page (/r/<slug>) opens in Khmer unless the visitor chose English. */
const isPublicReportPage = () => typeof location !== 'undefined' && location.pathname.startsWith('/r/')

/**
 * Fetches the reader's language, then starts i18next with it. A first visit whose connection
 * drops between the page and its strings opens in the other language rather than not at all.
 */
export async function startAppI18n(language: Language = initialLanguage(isPublicReportPage() ? 'km' : undefined)) {
  const candidates = [language, ...LANGUAGES.filter((other) => other !== language)]
  for (const [index, candidate] of candidates.entries()) {
    try {
      startI18n({ [candidate]: await loadLanguage(candidate) }, candidate, loadLanguage)
      return
    } catch (error) {
      if (index === candidates.length - 1) throw error
    }
  }
}
