// Fetchers and query options of the bell: shared by the header, the notifications page, My account
// and the community page (so it lives in components/, not in one feature).
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query'
import {
  FollowState,
  NotificationPage,
  NotificationPreferences,
  UnreadCount,
  type UpdateNotificationPreferencesBody,
} from '../../../shared/notifications.ts'
import { api, apiVoid } from '../../lib/api-client.ts'
import type { Language } from '../../lib/i18n.ts'

export const notificationsKey = ['notifications'] as const

/** The unread count under the bell: asked again every minute and when the window gets focus. */
export const unreadCountQuery = () =>
  queryOptions({
    queryKey: [...notificationsKey, 'unread-count'],
    queryFn: ({ signal }) => api('/api/notifications/unread-count', UnreadCount, { signal }),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    staleTime: 30_000,
  })

export const notificationListQuery = (language: Language, isUnreadOnly: boolean) =>
  infiniteQueryOptions({
    queryKey: [...notificationsKey, 'list', language, isUnreadOnly],
    queryFn: ({ signal, pageParam }) =>
      api('/api/notifications', NotificationPage, {
        signal,
        query: { lang: language, limit: 30, cursor: pageParam, unread: isUnreadOnly ? 'true' : undefined },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  })

export const markRead = (id: string) => apiVoid(`/api/notifications/${id}/read`, { method: 'POST' })
export const markAllRead = () => apiVoid('/api/notifications/read-all', { method: 'POST' })

export const preferencesQuery = () =>
  queryOptions({
    queryKey: [...notificationsKey, 'preferences'],
    queryFn: ({ signal }) => api('/api/notifications/preferences', NotificationPreferences, { signal }),
  })

export const savePreferences = (body: UpdateNotificationPreferencesBody) =>
  api('/api/notifications/preferences', NotificationPreferences, { method: 'PUT', body })

export const followStateQuery = (communityId: string) =>
  queryOptions({
    queryKey: [...notificationsKey, 'follows', communityId],
    queryFn: ({ signal }) => api(`/api/communities/${communityId}/follow`, FollowState, { signal }),
  })

export const setFollowing = (communityId: string, isFollowing: boolean) =>
  api(`/api/communities/${communityId}/follow`, FollowState, { method: isFollowing ? 'PUT' : 'DELETE' })
