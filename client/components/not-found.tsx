import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'

export function NotFound() {
  const { t } = useTranslation()
  return (
    <div className="page">
      <p className="alert">{t('common.error.notFound')}</p>
      <Link to="/">{t('common.nav.map')}</Link>
    </div>
  )
}
