// The bell in the header: the unread count, asked again every minute and when the window gets
// focus; it opens the notifications page.
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import './notifications.css'
import { unreadCountQuery } from './api.ts'

export function NotificationBell() {
  const { t } = useTranslation()
  const { data } = useQuery(unreadCountQuery())
  const count = data?.count ?? 0
  const label = count > 0 ? t('notifications.bell.unreadCount', { count }) : t('notifications.bell.label')
  return (
    <Link to="/notifications" className="notification-bell" aria-label={label} title={label}>
      {/* Drawn, not an emoji: phones and Linux desktops without a colour emoji font showed an empty box. */}
      <svg className="notification-bell-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
        <path
          d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15L6 16Z M10 20a2 2 0 0 0 4 0"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      {count > 0 && (
        <span className="notification-count" aria-hidden="true">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </Link>
  )
}
