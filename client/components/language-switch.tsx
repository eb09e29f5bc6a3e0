import { useTranslation } from 'react-i18next'
import { currentLanguage, setLanguage } from '../lib/i18n.ts'

/** ខ្មែរ / English: each label in its own language, so either reader finds it. */
export function LanguageSwitch() {
  const { t } = useTranslation()
  const language = currentLanguage()
  return (
    <div className="language-switch" role="group" aria-label={t('common.language')}>
      <button type="button" lang="km" aria-pressed={language === 'km'} onClick={() => void setLanguage('km')}>
        ខ្មែរ
      </button>
      <button type="button" lang="en" aria-pressed={language === 'en'} onClick={() => void setLanguage('en')}>
        English
      </button>
    </div>
  )
}
