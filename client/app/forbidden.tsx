// A page the user's role may not open: said plainly (the server refuses it anyway), instead of a
// silent jump to the map that left people wondering whether the link was broken.
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { UserRole } from '../../shared/vocabularies.ts'
import { PageTitle } from './page-title.tsx'

export function Forbidden({ role }: { role: UserRole }) {
  const { t } = useTranslation()
  return (
    <div className="page page-narrow">
      <PageTitle title={t('common.pageTitle.forbidden')} />
      <h1>{t('common.pageTitle.forbidden')}</h1>
      <p>{t('common.pageTitle.forbiddenText', { role: t(`vocab.userRole.${role}`) })}</p>
      <Link to="/">{t('common.nav.map')}</Link>
    </div>
  )
}
