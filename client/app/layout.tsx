// The frame around every signed-in page: brand, navigation for the user's role, the outbox's
// "waiting to send" status, language switch and account menu. On a phone the navigation folds
// into a menu and "Report a threat" stays one tap away.
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, NavLink, useLocation, useNavigate } from 'react-router'
import { LanguageSwitch } from '../components/language-switch.tsx'
import { NotificationBell } from '../components/notifications/notification-bell.tsx'
import { SyncStatus } from '../features/report/sync-status.tsx'
import { apiVoid } from '../lib/api-client.ts'
import { NAV_ITEMS } from './routes.tsx'
import { forgetMyPlaces, warmMyPlaces } from '../map/my-places.ts'
import { forgetBasemap } from '../map/offline-basemap.ts'
import { warmOfflineMap } from '../map/province-outlines.ts'
import { forgetMe, useCan, useMe } from '../lib/session.ts'

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  const { data: me } = useMe()
  const can = useCan()
  const [isMenuOpen, setMenuOpen] = useState(false)
  const location = useLocation()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  useEffect(() => setMenuOpen(false), [location.pathname])
  // While there is a connection, fetch what the map needs offline (the service worker keeps it).
  useEffect(() => warmOfflineMap(queryClient), [queryClient])
  const userId = me?.id
  useEffect(() => {
    if (userId) warmMyPlaces(queryClient, userId)
  }, [queryClient, userId])

  const items = NAV_ITEMS.filter((item) => !item.permission || can(item.permission))
  const signOut = async () => {
    await apiVoid('/api/auth/logout', { method: 'POST' }).catch(() => undefined)
    forgetMe()
    if (userId) await Promise.all([forgetMyPlaces(userId), forgetBasemap(userId)])
    queryClient.clear()
    void navigate('/sign-in')
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('common.nav.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label={t('common.appName')}>
          <span className="brand-mark" aria-hidden="true">
            ដី
          </span>
          <span className="brand-name" translate="no">
            Dey
          </span>
        </Link>
        <button
          type="button"
          className="menu-button"
          aria-expanded={isMenuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          ☰ <span>{t('common.nav.menu')}</span>
        </button>
        <div className="topbar-tools">
          <SyncStatus />
          {me && !me.mustChangePassword && !me.mustEnrolSecondFactor && <NotificationBell />}
          <LanguageSwitch />
          {me && (
            <details className="user-menu">
              <summary title={me.displayName}>
                <span className="user-initial" aria-hidden="true">
                  {me.displayName.slice(0, 1).toUpperCase()}
                </span>
                <span className="user-name">{me.displayName}</span>
              </summary>
              <div className="user-menu-panel">
                <p className="muted">{t(`vocab.userRole.${me.role}`)}</p>
                <Link to="/account">{t('common.nav.account')}</Link>
                <button type="button" className="link-button" onClick={signOut}>
                  {t('common.nav.signOut')}
                </button>
              </div>
            </details>
          )}
        </div>
      </header>
      <div className="shell-body">
        <nav id="main-nav" className={isMenuOpen ? 'nav is-open' : 'nav'} aria-label={t('common.nav.menu')}>
          {items.map((item) => (
            <NavLink
              key={item.path}
              to={item.path}
              end={item.path === '/'}
              className={item.path === '/report' ? 'nav-link nav-report' : 'nav-link'}
            >
              {t(item.label)}
            </NavLink>
          ))}
        </nav>
        <main id="main" className="main">
          {children}
        </main>
      </div>
      {can('incidents.create') && !isTaskPage(location.pathname) && !me?.mustChangePassword && !me?.mustEnrolSecondFactor && (
        <Link to="/report" className="report-fab">
          <span aria-hidden="true">+</span> {t('common.nav.report')}
        </Link>
      )}
    </div>
  )
}

/**
 * Pages where the floating "Report a threat" button stays away: the report itself, and forms in
 * the middle of a task (a new or edited record, an import), where on a phone it covered the map
 * being drawn on and the form's own buttons. It also stays away while a new password must be
 * chosen (it covered "Change password"), and, on phones, while the map's details sheet is open
 * (styles.css: a tap on "Open the incident" hit the report button).
 */
const isTaskPage = (pathname: string) => pathname === '/report' || /\/(new|edit)$/.test(pathname) || pathname.startsWith('/imports/')
