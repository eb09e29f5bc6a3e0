// @vitest-environment happy-dom
// The bell's unread count, the notifications page, the preferences card and the Follow button.
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FollowButton } from '../../client/components/notifications/follow-button.tsx'
import { NotificationBell } from '../../client/components/notifications/notification-bell.tsx'
import { NotificationPreferencesCard } from '../../client/components/notifications/notification-preferences-card.tsx'
import { NotificationsPage } from '../../client/features/notifications/notifications-page.tsx'
import { NOTIFICATION_KINDS } from '../../shared/vocabularies.ts'
import { fakeApi, meOf, problem, renderPage, type FakeRequest } from './admin-render.tsx'

const COMMUNITY = '5b0b8f0e-4d8e-4c55-9d7b-7f3b2c1a0001'
const NOTE = '5b0b8f0e-4d8e-4c55-9d7b-7f3b2c1a0002'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('NotificationBell', () => {
  it('shows the unread count and names it for screen readers', async () => {
    fakeApi((request) => (request.path === '/api/notifications/unread-count' ? { body: { count: 3 } } : undefined))
    await renderPage(<NotificationBell />, { me: meOf('legal'), path: '/', route: '/' })
    const bell = await screen.findByRole('link', { name: 'Notifications: 3 unread' })
    expect(bell.getAttribute('href')).toBe('/notifications')
    expect(bell.textContent).toContain('3')
  })
})

describe('NotificationsPage', () => {
  it('lists the notifications in the reader’s language and marks one read when it is opened', async () => {
    const { requests } = fakeApi((request: FakeRequest) => {
      if (request.path === '/api/notifications' && request.method === 'GET') {
        return {
          body: {
            items: [
              {
                id: NOTE,
                kind: 'hearing_reminder',
                title: request.query.get('lang') === 'km' ? 'សវនាការនៅ …' : 'Hearing on 8 Mar 2027, 09:00: Hearing on the merits',
                detail: 'Case CASE-2027-0001 — Phum Thmei',
                link: '/cases/abc',
                params: {},
                createdAt: '2027-03-01T03:00:00.000Z',
                readAt: null,
              },
            ],
            nextCursor: null,
          },
        }
      }
      if (request.path === `/api/notifications/${NOTE}/read`) return { status: 204 }
      return undefined
    })
    await renderPage(<NotificationsPage />, { me: meOf('legal'), path: '/notifications', route: '/notifications' })
    const link = await screen.findByRole('link', { name: /Hearing on 8 Mar 2027/ })
    expect(link.getAttribute('href')).toBe('/cases/abc')
    expect(requests.find((request) => request.path === '/api/notifications')?.query.get('lang')).toBe('en')
    await userEvent.setup().click(link)
    await waitFor(() =>
      expect(requests.some((request) => request.method === 'POST' && request.path === `/api/notifications/${NOTE}/read`)).toBe(true),
    )
  })
})

describe('NotificationPreferencesCard', () => {
  it('saves the kinds, the daily digest at an hour and the language of e-mails', async () => {
    let saved: unknown
    const preferences = {
      kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, inApp: true, email: true })),
      emailDelivery: 'each',
      digestHour: 7,
      language: 'km',
      isEmailEnabled: false,
    }
    fakeApi((request) => {
      if (request.path !== '/api/notifications/preferences') return undefined
      if (request.method === 'PUT') saved = request.body
      return { body: { ...preferences, ...(request.body as object) } }
    })
    await renderPage(<NotificationPreferencesCard />, { me: meOf('legal'), path: '/account', route: '/account' })
    expect(await screen.findByText(/This server sends no e-mail/)).toBeTruthy()
    const user = userEvent.setup()
    await user.click(screen.getByRole('checkbox', { name: 'A new incident in a community I follow: By e-mail' }))
    await user.selectOptions(screen.getByLabelText('E-mail'), 'daily_digest')
    await user.selectOptions(screen.getByLabelText('Send the digest at (Phnom Penh time)'), '18')
    await user.selectOptions(screen.getByLabelText('Language of e-mails'), 'en')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Saved.')).toBeTruthy()
    expect(saved).toMatchObject({ emailDelivery: 'daily_digest', digestHour: 18, language: 'en' })
    expect((saved as { kinds: { kind: string; email: boolean }[] }).kinds.find((row) => row.kind === 'community_incident')?.email).toBe(
      false,
    )
  })
})

describe('FollowButton', () => {
  it('follows and unfollows the community', async () => {
    let isFollowing = false
    const { requests } = fakeApi((request) => {
      if (request.path !== `/api/communities/${COMMUNITY}/follow`) return undefined
      if (request.method === 'PUT') isFollowing = true
      if (request.method === 'DELETE') isFollowing = false
      return { body: { communityId: COMMUNITY, isFollowing } }
    })
    await renderPage(<FollowButton communityId={COMMUNITY} />, { me: meOf('advocate'), path: '/c', route: '/c' })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Follow' }))
    expect(await screen.findByRole('button', { name: '✓ Following' })).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Stop following' }))
    expect(await screen.findByRole('button', { name: 'Follow' })).toBeTruthy()
    expect(requests.map((request) => request.method)).toEqual(['GET', 'PUT', 'DELETE'])
  })

  it('shows nothing for a community the user may not follow', async () => {
    fakeApi(() => ({ status: 404, body: problem(404, 'communities.not_found') }))
    const { container } = await renderPage(<FollowButton communityId={COMMUNITY} />, { me: meOf('community_rep'), path: '/c', route: '/c' })
    await waitFor(() => expect(container.querySelector('.follow-community')).toBeNull())
    expect(screen.queryByRole('button')).toBeNull()
  })
})
