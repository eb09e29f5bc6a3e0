// The browser's start-up of the UI strings. The build makes one module per language out of
// client/app/messages.ts (client/build/language-messages.ts); only the language shown is fetched,
// about half the strings' weight on a first visit (issue 15), and the other on a switch.
import { initialLanguage, startI18n, type Language, type LanguageMessages } from '../lib/i18n.ts'

async function loadLanguage(language: Language): Promise<LanguageMessages> {
  const module = language === 'km' ? await import('virtual:dey-messages/km') : await import('virtual:dey-messages/en')
  return module.default
}

/** Fetches the reader's language, then starts i18next with it. */
export async function startAppI18n(language: Language = initialLanguage()) {
  startI18n({ [language]: await loadLanguage(language) }, language, loadLanguage)
}
