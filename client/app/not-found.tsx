import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { PageTitle } from './page-title.tsx'

export function NotFound() {
  const { t } = useTranslation()
  return (
    <div className="page page-narrow">
      <PageTitle title={t('common.pageTitle.notFound')} />
      <h1>{t('common.pageTitle.notFound')}</h1>
      <p>{t('common.pageTitle.notFoundText')}</p>
      <Link to="/">{t('common.nav.map')}</Link>
    </div>
  )
}
