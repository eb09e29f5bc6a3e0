// @vitest-environment happy-dom
// The calendar page: days in Cambodia time with links to the cases, overdue deadlines on top,
// the way to subscribe from a calendar app, and the one-time ICS download.
import { cleanup, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CalendarPage } from '../../client/features/calendar/calendar-page.tsx'
import { fakeApi, meOf, renderPage } from './admin-render.tsx'
import { CASE_ID } from './cases-fixtures.ts'

const entry = (id: string, startsAt: string, kind: 'hearing' | 'deadline', title: string, isDone = false) => ({
  id,
  caseId: CASE_ID,
  caseReference: 'CASE-2026-0001',
  caseTitle: 'Defence of Kaleng representatives',
  leadLawyer: 'Mao Dalin',
  startsAt,
  kind,
  title,
  location: 'Provincial Court',
  isDone,
  updatedAt: '2026-11-01T00:00:00.000Z',
  version: 1,
})

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-11-28T03:00:00Z'))
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

function api() {
  return fakeApi((request) => {
    if (request.path !== '/api/calendar') return undefined
    const isPast = (request.query.get('to') ?? '9999') < '2026-11-28'
    const items = isPast
      ? [
          entry('a1111111-1111-4111-8111-111111111111', '2026-11-20T02:00:00.000Z', 'deadline', 'Missed appeal deadline'),
          entry('b1111111-1111-4111-8111-111111111111', '2026-11-10T02:00:00.000Z', 'deadline', 'Filed in time', true),
        ]
      : [
          entry('c1111111-1111-4111-8111-111111111111', '2026-12-01T17:30:00.000Z', 'hearing', 'Early hearing'),
          entry('d1111111-1111-4111-8111-111111111111', '2026-12-01T02:00:00.000Z', 'deadline', 'Submit defence'),
        ]
    return { body: { from: '2026-11-28T00:00:00.000Z', to: '2027-02-26T00:00:00.000Z', items } }
  })
}

describe('CalendarPage', () => {
  it('asks for the events of my cases only when "Only my cases" is ticked (legal staff; advocates have no such box)', async () => {
    const { requests } = api()
    await renderPage(<CalendarPage />, { me: meOf('legal'), path: '/calendar', route: '/calendar' })
    await screen.findByRole('heading', { name: /Tuesday, 1 December 2026/ })
    expect(requests.every((r) => r.query.get('mine') === null)).toBe(true)
    await userEvent.click(screen.getByRole('checkbox', { name: 'Only my cases' }))
    await vi.waitFor(() => expect(requests.filter((r) => r.query.get('mine') === 'true').length).toBeGreaterThanOrEqual(2))
    cleanup()
    api()
    await renderPage(<CalendarPage />, { me: meOf('advocate'), path: '/calendar', route: '/calendar' })
    await screen.findByRole('heading', { name: /Tuesday, 1 December 2026/ })
    expect(screen.queryByRole('checkbox', { name: 'Only my cases' })).toBeNull()
  })

  it('groups hearings and deadlines by Cambodian day, with times in Cambodia and links to the case', async () => {
    api()
    await renderPage(<CalendarPage />, { me: meOf('legal'), path: '/calendar', route: '/calendar' })
    expect(await screen.findByRole('heading', { name: /Tuesday, 1 December 2026/ })).toBeTruthy()
    // 17:30 UTC on 1 Dec is 00:30 on 2 Dec in Phnom Penh.
    const wednesday = screen.getByRole('heading', { name: /Wednesday, 2 December 2026/ }).closest('section')!
    const early = within(wednesday).getByTestId('calendar-item')
    expect(early.textContent).toContain('00:30')
    expect(within(early).getByRole('link', { name: 'CASE-2026-0001' }).getAttribute('href')).toBe(`/cases/${CASE_ID}`)
  })

  it('lists overdue deadlines that are not done above everything', async () => {
    api()
    await renderPage(<CalendarPage />, { me: meOf('legal'), path: '/calendar', route: '/calendar' })
    const overdue = (await screen.findByRole('heading', { name: /Overdue deadlines \(1\)/ })).closest('section')!
    expect(within(overdue).getByText('Missed appeal deadline')).toBeTruthy()
    expect(within(overdue).getByText('Overdue by 8 days')).toBeTruthy()
    expect(within(overdue).queryByText('Filed in time')).toBeNull()
  })

  it('asks for one week at a time in the week view', async () => {
    const { requests } = api()
    await renderPage(<CalendarPage />, { me: meOf('legal'), path: '/calendar', route: '/calendar' })
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Week' }))
    const last = requests.filter((request) => request.path === '/api/calendar').at(-1)!
    expect([last.query.get('from'), last.query.get('to')]).toEqual(['2026-11-23', '2026-11-29'])
  })

  it('sends calendar apps to the subscription on My account, and keeps the one-time ICS download', async () => {
    api()
    await renderPage(<CalendarPage />, { me: meOf('legal'), path: '/calendar', route: '/calendar' })
    expect(screen.getByRole('link', { name: 'Subscribe in your calendar app' }).getAttribute('href')).toBe('/account#calendar-feed')
    expect(screen.getByRole('link', { name: /Download the calendar \(ICS\)/ }).getAttribute('href')).toBe('/api/calendar.ics')
    expect(screen.getByText(/it does not update/)).toBeTruthy()
  })
})
