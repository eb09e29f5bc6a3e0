// Tests render without a build: both languages come straight from the bilingual sources, at once.
import { NAMESPACES } from '../../client/app/messages.ts'
import { initialLanguage, messagesIn, startI18n, type Language } from '../../client/lib/i18n.ts'

export function initI18n(language: Language = initialLanguage()) {
  return startI18n({ en: messagesIn(NAMESPACES, 'en'), km: messagesIn(NAMESPACES, 'km') }, language)
}
