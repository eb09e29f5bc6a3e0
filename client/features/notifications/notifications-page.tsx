// My notifications, newest first, worded by the server in the reader's language; opening one
// marks it read.
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Notification } from '../../../shared/notifications.ts'
import { markAllRead, markRead, notificationListQuery, notificationsKey } from '../../components/notifications/api.ts'
import { PageHeader } from '../../components/page-header.tsx'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { currentLanguage } from '../../lib/i18n.ts'
import '../../components/segmented.css'

export function NotificationsPage() {
  const { t } = useTranslation()
  const language = currentLanguage()
  const [isUnreadOnly, setUnreadOnly] = useState(false)
  const queryClient = useQueryClient()
  const list = useInfiniteQuery(notificationListQuery(language, isUnreadOnly))
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationsKey })
  const readOne = useMutation({ mutationFn: markRead, onSettled: refresh })
  const readAll = useMutation({ mutationFn: markAllRead, onSettled: refresh })
  const items = list.data?.pages.flatMap((page) => page.items) ?? []
  const dateFormat = new Intl.DateTimeFormat(language === 'km' ? 'km-KH' : 'en-GB', {
    timeZone: 'Asia/Phnom_Penh',
    dateStyle: 'medium',
    timeStyle: 'short',
  })

  const open = (item: Notification) => {
    if (!item.readAt) readOne.mutate(item.id)
  }

  return (
    <div className="page page-narrow">
      <PageHeader
        title={t('notifications.page.title')}
        actions={
          <button
            type="button"
            className="button"
            disabled={readAll.isPending || items.every((item) => item.readAt)}
            onClick={() => readAll.mutate()}
          >
            {t('notifications.page.markAllRead')}
          </button>
        }
      />
      <div className="segmented" role="group">
        <button type="button" aria-pressed={!isUnreadOnly} onClick={() => setUnreadOnly(false)}>
          {t('notifications.page.all')}
        </button>
        <button type="button" aria-pressed={isUnreadOnly} onClick={() => setUnreadOnly(true)}>
          {t('notifications.page.unreadOnly')}
        </button>
      </div>
      {readAll.error && <ProblemMessage error={readAll.error} />}
      {list.isPending ? (
        <PageLoading />
      ) : list.error ? (
        <PageProblem error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <p className="empty card">{isUnreadOnly ? t('notifications.page.emptyUnread') : t('notifications.page.empty')}</p>
      ) : (
        <ul className="notification-list card">
          {items.map((item) => {
            const body = (
              <>
                <span className="notification-title">{item.title}</span>
                {item.detail && <span className="small muted"> · {item.detail}</span>}
                <br />
                <span className="small muted">
                  {dateFormat.format(item.createdAt)}
                  {!item.readAt && ` · ${t('notifications.page.unread')}`}
                </span>
              </>
            )
            return (
              <li key={item.id} className={item.readAt ? undefined : 'is-unread'}>
                {item.link ? (
                  <Link to={item.link} onClick={() => open(item)}>
                    {body}
                  </Link>
                ) : (
                  <button type="button" className="link-button notification-body" onClick={() => open(item)}>
                    {body}
                  </button>
                )}
              </li>
            )
          })}
        </ul>
      )}
      {list.hasNextPage && (
        <button type="button" className="button" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('notifications.page.more')}
        </button>
      )}
      <p className="small">
        <Link to="/account#notification-preferences-title">{t('notifications.page.settings')}</Link>
      </p>
    </div>
  )
}
