// The browser tab's title for each page: the section it belongs to (the menu's name for it), and
// for a form what is done there — "New · Communities · Dey". A tab, a bookmark and a screen
// reader's page announcement then say where the user is, in the reader's language.
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation } from 'react-router'
import type { TFunction } from 'i18next'

const APP_NAME = 'Dey'

/** The message key of each section's name, by the first part of the path. */
const SECTIONS: Record<string, string> = {
  '': 'common.nav.map',
  work: 'work.nav',
  report: 'common.nav.report',
  incidents: 'common.nav.incidents',
  triage: 'common.nav.triage',
  intake: 'common.nav.intake',
  cases: 'common.nav.cases',
  calendar: 'common.nav.calendar',
  communities: 'common.nav.communities',
  parcels: 'common.nav.parcels',
  concessions: 'common.nav.concessions',
  dashboard: 'common.nav.dashboard',
  imports: 'imports.nav',
  account: 'common.nav.account',
  notifications: 'notifications.page.title',
  'sign-in': 'auth.signIn.title',
  'admin/users': 'common.nav.users',
  'admin/audit': 'common.nav.audit',
  'admin/templates': 'documentTemplates.nav',
}

/** The title of the page at `pathname`, or undefined for an address no section knows. */
export function pageTitleOf(pathname: string, t: TFunction): string | undefined {
  const parts = pathname.split('/').filter(Boolean)
  const sectionKey = parts[0] === 'admin' ? parts.slice(0, 2).join('/') : (parts[0] ?? '')
  const section = SECTIONS[sectionKey]
  if (!section) return undefined
  const last = parts.at(-1)
  const action = last === 'new' ? t('common.pageTitle.new') : last === 'edit' ? t('common.pageTitle.edit') : undefined
  return [action, t(section), APP_NAME].filter(Boolean).join(' · ')
}

/** Sets the tab's title: `title` when given (a page of its own, such as "Page not found"), else the section's. */
export function PageTitle({ title }: { title?: string }) {
  const { t, i18n } = useTranslation()
  const { pathname } = useLocation()
  const text = title ? `${title} · ${APP_NAME}` : (pageTitleOf(pathname, t) ?? APP_NAME)
  useEffect(() => {
    document.title = text
  }, [text, i18n.language])
  return null
}
