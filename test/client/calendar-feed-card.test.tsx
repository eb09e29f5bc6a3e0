// @vitest-environment happy-dom
// "Calendar subscription" on My account: making the private link (shown once, with copy and
// webcal:// buttons), the dates of an existing one, and remaking or turning it off after a question.
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AccountPage } from '../../client/features/auth/account-page.tsx'
import { CalendarFeedCard } from '../../client/features/auth/calendar-feed-card.tsx'
import { fakeApi, meOf, renderPage, type FakeRequest } from './admin-render.tsx'

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE'
const NEW_TOKEN = 'ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210_-ZyXwV'
const CREATED_AT = '2026-11-20T03:00:00.000Z'

/** A fake server keeping one user's feed: null, or its dates. */
function feedApi(initial: { createdAt: string; lastUsedAt: string | null } | null) {
  let feed = initial
  let token = TOKEN
  return fakeApi((request: FakeRequest) => {
    if (request.path !== '/api/calendar/feeds/mine') return undefined
    if (request.method === 'GET') return { body: { feed } }
    if (request.method === 'POST') {
      token = feed ? NEW_TOKEN : TOKEN
      feed = { createdAt: new Date().toISOString(), lastUsedAt: null }
      const path = `/api/calendar/feeds/${token}.ics`
      return { status: 201, body: { ...feed, path, url: `http://dey.test${path}` } }
    }
    if (request.method === 'DELETE') {
      feed = null
      return { status: 204 }
    }
    return undefined
  })
}

const renderCard = (language: 'en' | 'km' = 'en') =>
  renderPage(<CalendarFeedCard />, { me: meOf('advocate'), path: '/account', route: '/account', language })

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('CalendarFeedCard', () => {
  it('makes the link on request and shows it once, with a copy button and a webcal:// link', async () => {
    const { requests } = feedApi(null)
    await renderCard()
    expect(await screen.findByText('You have no calendar link yet.')).toBeTruthy()
    expect(screen.getByText(/Anyone who has the link can see these dates/)).toBeTruthy()
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Create my calendar link' }))

    const link = (await screen.findByLabelText('Your calendar link')) as HTMLInputElement
    const url = `${window.location.origin}/api/calendar/feeds/${TOKEN}.ics`
    expect(link.value).toBe(url)
    expect(screen.getByText('Copy it now: for your safety it is shown only this once.')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Open in my calendar app' }).getAttribute('href')).toBe(url.replace(/^https?:/, 'webcal:'))
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1)

    await user.click(screen.getByRole('button', { name: 'Copy the link' }))
    // user-event's clipboard stands in for the phone's.
    expect(await navigator.clipboard.readText()).toBe(url)
    expect(await screen.findByText('Copied.')).toBeTruthy()
    expect(await screen.findByText(/No calendar app has read it yet/)).toBeTruthy()
  })

  it('lets legal staff narrow the link to the cases they work on (?mine=true)', async () => {
    feedApi(null)
    await renderPage(<CalendarFeedCard />, { me: meOf('legal'), path: '/account', route: '/account' })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Create my calendar link' }))
    const link = (await screen.findByLabelText('Your calendar link')) as HTMLInputElement
    await user.click(screen.getByRole('checkbox', { name: /Only the cases I work on/ }))
    expect(link.value).toBe(`${window.location.origin}/api/calendar/feeds/${TOKEN}.ics?mine=true`)
    expect(screen.getByRole('link', { name: 'Open in my calendar app' }).getAttribute('href')).toMatch(/^webcal:.*\?mine=true$/)
  })

  it('offers an advocate, who is on no case team, no such choice', async () => {
    feedApi(null)
    await renderCard()
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Create my calendar link' }))
    await screen.findByLabelText('Your calendar link')
    expect(screen.queryByRole('checkbox')).toBeNull()
  })

  it('shows when an existing link was made and last read, never the link itself', async () => {
    feedApi({ createdAt: CREATED_AT, lastUsedAt: '2026-11-27T10:00:00.000Z' })
    await renderCard()
    const dates = await screen.findByTestId('calendar-feed-dates')
    expect(dates.textContent).toMatch(/^Link made on .*2026.*\. Last read by a calendar app on .*2026.*\.$/)
    expect(screen.queryByLabelText('Your calendar link')).toBeNull()
    expect(document.body.textContent).not.toContain(TOKEN)
    expect(screen.getByText(/Lost the link\? Make a new one/)).toBeTruthy()
  })

  it('asks before making a new link, saying the old one stops working, then shows the new one', async () => {
    const { requests } = feedApi({ createdAt: CREATED_AT, lastUsedAt: null })
    await renderCard()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Make a new link' }))
    expect(screen.getByText('Make a new calendar link?')).toBeTruthy()
    expect(screen.getByText(/The old link stops working at once/)).toBeTruthy()
    expect(requests.some((request) => request.method === 'POST')).toBe(false)
    // The question's own button confirms.
    const buttons = screen.getAllByRole('button', { name: 'Make a new link' })
    await user.click(buttons.at(-1)!)
    const link = (await screen.findByLabelText('Your calendar link')) as HTMLInputElement
    expect(link.value).toContain(NEW_TOKEN)
    await waitFor(() => expect(screen.queryByText('Make a new calendar link?')).toBeNull())
  })

  it('turns the link off after a question, then offers to make one again', async () => {
    const { requests } = feedApi({ createdAt: CREATED_AT, lastUsedAt: null })
    await renderCard()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Turn off the link' }))
    expect(screen.getByText(/calendars subscribed with it stop updating/)).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Turn off' }))
    expect(await screen.findByText('Your calendar link is turned off.')).toBeTruthy()
    expect(await screen.findByRole('button', { name: 'Create my calendar link' })).toBeTruthy()
    expect(requests.filter((request) => request.method === 'DELETE')).toHaveLength(1)
  })

  it('speaks Khmer', async () => {
    feedApi(null)
    await renderCard('km')
    expect(await screen.findByRole('heading', { name: 'ការភ្ជាប់ប្រតិទិន' })).toBeTruthy()
    expect(await screen.findByRole('button', { name: 'បង្កើតតំណប្រតិទិនរបស់ខ្ញុំ' })).toBeTruthy()
  })
})

describe('My account and the calendar subscription', () => {
  it('has the card for legal staff', async () => {
    feedApi(null)
    await renderPage(<AccountPage />, { me: meOf('legal'), path: '/account', route: '/account' })
    expect(await screen.findByRole('heading', { name: 'Calendar subscription' })).toBeTruthy()
  })

  it('has no card, and asks nothing, for a community representative (reps have no calendar)', async () => {
    const { requests } = feedApi(null)
    await renderPage(<AccountPage />, { me: meOf('community_rep'), path: '/account', route: '/account' })
    expect(screen.queryByRole('heading', { name: 'Calendar subscription' })).toBeNull()
    expect(requests.some((request) => request.path.startsWith('/api/calendar'))).toBe(false)
  })
})
