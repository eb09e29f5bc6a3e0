// @vitest-environment happy-dom
// My work against a fake API: overdue items first and in red, then this week, the other open
// tasks, the later hearings and deadlines, the cases; every item opens its case; Khmer throughout;
// and legal staff land here after signing in while everyone else keeps the map.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SignInPage } from '../../client/features/auth/sign-in-page.tsx'
import { groupMyWork } from '../../client/features/work/work-groups.ts'
import { WorkPage } from '../../client/features/work/work-page.tsx'
import { MyWork } from '../../shared/work.ts'
import { fakeApi, meOf, renderPage } from './admin-render.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const CASE_A = '11111111-1111-4111-8111-111111111111'
const CASE_B = '22222222-2222-4222-8222-222222222222'
interface CaseOf {
  caseId: string
  caseReference: string
  caseTitle: string
  caseTitleKm: string | null
}
const caseA: CaseOf = {
  caseId: CASE_A,
  caseReference: 'CASE-2026-0001',
  caseTitle: 'Phnom Bat eviction',
  caseTitleKm: 'ការបណ្តេញចេញនៅភ្នំបាត',
}
const caseB: CaseOf = { caseId: CASE_B, caseReference: 'CASE-2026-0002', caseTitle: 'Kbal Spean land', caseTitleKm: null }
let n = 0
const id = () => `aaaaaaaa-aaaa-4aaa-8aaa-${String(++n).padStart(12, '0')}`

function task(title: string, dueOn: string | null, on: CaseOf = caseA, extra: Record<string, unknown> = {}) {
  const taskId = id()
  return {
    type: 'task',
    id: taskId,
    ...on,
    link: `/cases/${on.caseId}#task-${taskId}`,
    title,
    dueOn,
    priority: 'normal',
    status: 'open',
    version: 1,
    ...extra,
  }
}
function event(title: string, kind: 'hearing' | 'deadline', startsAt: string, day: string, on: CaseOf = caseA) {
  const eventId = id()
  return { type: 'event', id: eventId, ...on, link: `/cases/${on.caseId}#event-${eventId}`, kind, title, startsAt, day, location: null }
}

/** Today is 7 December 2026 in Phnom Penh. */
function workJson() {
  return {
    today: '2026-12-07',
    overdue: [
      event('Appeal deadline', 'deadline', '2026-12-05T03:00:00.000Z', '2026-12-05'),
      task('File the power of attorney', '2026-12-06', caseB),
    ],
    tasks: [
      task('Call the commune chief', '2026-12-07', caseA, { priority: 'urgent', status: 'in_progress' }),
      task('Draft the complaint', '2026-12-20'),
      task('Collect the land receipts', null, caseB),
    ],
    events: [
      event('Hearing at Kampong Speu court', 'hearing', '2026-12-09T02:00:00.000Z', '2026-12-09'),
      event('Cadastral commission response due', 'deadline', '2026-12-18T10:00:00.000Z', '2026-12-18', caseB),
    ],
    cases: [
      {
        id: CASE_A,
        reference: 'CASE-2026-0001',
        title: 'Phnom Bat eviction',
        titleKm: 'ការបណ្តេញចេញនៅភ្នំបាត',
        stage: 'hearing',
        role: 'lead',
        link: `/cases/${CASE_A}`,
      },
      {
        id: CASE_B,
        reference: 'CASE-2026-0002',
        title: 'Kbal Spean land',
        titleKm: null,
        stage: 'intake',
        role: 'member',
        link: `/cases/${CASE_B}`,
      },
    ],
  }
}

const openWork = (language: 'en' | 'km' = 'en', body: unknown = workJson()) => {
  const { requests } = fakeApi((request) => (request.path === '/api/work' ? { body } : undefined))
  return { requests, page: renderPage(<WorkPage />, { me: meOf('legal'), path: '/work', route: '/work', language }) }
}

const sectionTitles = (testId: string) =>
  [...screen.getByTestId(testId).querySelectorAll('.work-item-title')].map((element) => element.textContent)

describe('grouping My work', () => {
  it('puts what falls due from today to six days ahead in this week, events before tasks on a day', () => {
    const groups = groupMyWork(MyWork.parse(workJson()))
    expect(groups.overdue.map((item) => item.title)).toEqual(['Appeal deadline', 'File the power of attorney'])
    expect(groups.thisWeek.map((item) => item.title)).toEqual(['Call the commune chief', 'Hearing at Kampong Speu court'])
    expect(groups.laterTasks.map((item) => item.title)).toEqual(['Draft the complaint', 'Collect the land receipts'])
    expect(groups.laterEvents.map((item) => item.title)).toEqual(['Cadastral commission response due'])
  })
})

describe('WorkPage', () => {
  it('shows the overdue block first, in red, then this week, the other tasks, the later events and the cases', async () => {
    openWork()
    const overdue = await screen.findByTestId('work-overdue')
    expect(overdue.className).toContain('work-overdue')
    expect(within(overdue).getByRole('heading', { name: /Overdue \(2\)/ })).toBeTruthy()
    const order = [...document.querySelectorAll('section[data-testid]')].map((section) => section.getAttribute('data-testid'))
    expect(order).toEqual(['work-overdue', 'work-week', 'work-tasks', 'work-events', 'work-cases'])
    expect(sectionTitles('work-overdue')).toEqual(['Appeal deadline', 'File the power of attorney'])
    expect(within(overdue).getByText('Overdue by 2 days')).toBeTruthy()
    expect(within(overdue).getByText('Overdue since yesterday', { exact: false })).toBeTruthy()
    expect(sectionTitles('work-week')).toEqual(['Call the commune chief', 'Hearing at Kampong Speu court'])
    expect(sectionTitles('work-tasks')).toEqual(['Draft the complaint', 'Collect the land receipts'])
    expect(within(screen.getByTestId('work-tasks')).getByText('No due date')).toBeTruthy()
    expect(sectionTitles('work-events')).toEqual(['Cadastral commission response due'])
  })

  it('links every item to its case, at the task or the event', async () => {
    openWork()
    const link = await screen.findByRole('link', { name: 'File the power of attorney' })
    expect(link.getAttribute('href')).toMatch(new RegExp(`^/cases/${CASE_B}#task-`))
    expect(screen.getByRole('link', { name: 'Appeal deadline' }).getAttribute('href')).toMatch(new RegExp(`^/cases/${CASE_A}#event-`))
    const cases = screen.getByTestId('work-cases')
    expect(
      within(cases)
        .getByRole('link', { name: /CASE-2026-0002 · Kbal Spean land/ })
        .getAttribute('href'),
    ).toBe(`/cases/${CASE_B}`)
    expect(within(cases).getByText('Lead lawyer')).toBeTruthy()
  })

  it('marks a task done with the version it was based on', async () => {
    const work = workJson()
    const { requests } = fakeApi((request) => {
      if (request.path === '/api/work') return { body: work }
      if (request.method === 'PATCH')
        return {
          status: 409,
          body: { type: 'about:blank', title: 'Conflict', status: 409, code: 'task.version_conflict', detail: 'stale' },
        }
      return undefined
    })
    await renderPage(<WorkPage />, { me: meOf('legal'), path: '/work', route: '/work' })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Mark done: Draft the complaint' }))
    const patch = requests.find((request) => request.method === 'PATCH')!
    expect(patch.path).toMatch(/^\/api\/tasks\//)
    expect(patch.body).toEqual({ status: 'done', version: 1 })
    expect(await screen.findByText('Could not mark it done. Reload and try again.')).toBeTruthy()
  })

  it('says so when nothing is overdue, and reads in Khmer', async () => {
    openWork('km', { ...workJson(), overdue: [] })
    expect(await screen.findByRole('heading', { name: 'ការងាររបស់ខ្ញុំ' })).toBeTruthy()
    expect(screen.queryByTestId('work-overdue')).toBeNull()
    expect(screen.getByText('គ្មានអ្វីហួសកំណត់ទេ។ ល្អណាស់។')).toBeTruthy()
    expect(screen.getByRole('heading', { name: 'ថ្ងៃនេះ និងសប្ដាហ៍នេះ' })).toBeTruthy()
    // The case's Khmer title where it has one.
    expect(screen.getAllByText(/ការបណ្តេញចេញនៅភ្នំបាត/).length).toBeGreaterThan(0)
    expect(document.body.textContent).toContain('7 ធ្នូ 2026')
  })
})

describe('signing in', () => {
  const landing = async (role: 'legal' | 'advocate' | 'admin', path = '/sign-in?next=%2F') => {
    fakeApi(() => undefined)
    await renderPage(<SignInPage />, { me: meOf(role), path, route: '/sign-in' })
    await waitFor(() => expect(screen.getByTestId('location').textContent).not.toMatch(/^\/sign-in/))
    return screen.getByTestId('location').textContent
  }

  it('takes legal staff to My work', async () => {
    expect(await landing('legal')).toBe('/work')
  })

  it('keeps the map as home for the other roles', async () => {
    expect(await landing('advocate')).toBe('/')
    cleanup()
    expect(await landing('admin')).toBe('/')
  })

  it('still opens the page that was asked for', async () => {
    expect(await landing('legal', '/sign-in?next=%2Fcases%2F123')).toBe('/cases/123')
  })
})
