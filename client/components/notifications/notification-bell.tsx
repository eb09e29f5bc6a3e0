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
      <span aria-hidden="true">🔔</span>
      {count > 0 && (
        <span className="notification-count" aria-hidden="true">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </Link>
  )
}
