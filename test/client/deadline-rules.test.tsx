// @vitest-environment happy-dom
// Deadline rules in the browser (#16): the admin page lists, checks and saves rules with the
// server's schema; after a judgment is recorded, the case's events section offers the computed
// deadline (day, weekday, legal basis, an editable day and the public-holiday warning), and adds it
// only when the lawyer says so.
import { cleanup, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AddEventForm, EventsSection } from '../../client/features/cases/events-section.tsx'
import { DeadlineRulesPage } from '../../client/features/deadline-rules/deadline-rules-page.tsx'
import { fakeApi, meOf, renderPage } from './admin-render.tsx'
import { CASE_ID, caseEvent, EVENT_ID } from './cases-fixtures.ts'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const RULE_ID = '88888888-8888-4888-8888-888888888888'
const meta = { createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', version: 1 }

const rule = (overrides: Record<string, unknown> = {}) => ({
  id: RULE_ID,
  ...meta,
  name: 'Appeal period (test)',
  nameKm: null,
  triggerKind: 'judgment',
  caseKinds: ['court_civil'],
  days: 30,
  dayCount: 'calendar_days',
  deadlineTitle: 'Appeal deadline',
  deadlineTitleKm: 'ថ្ងៃផុតកំណត់ប្តឹងឧទ្ធរណ៍',
  legalBasis: 'TEST: Article 1 of a test law',
  legalBasisKm: null,
  sourceUrl: 'https://example.org/law',
  isActive: true,
  ...overrides,
})

describe('DeadlineRulesPage', () => {
  const open = (language: 'en' | 'km' = 'en') =>
    renderPage(<DeadlineRulesPage />, { me: meOf('admin'), path: '/admin/deadline-rules', route: '/admin/deadline-rules', language })

  it('lists the rules with what they count and from what', async () => {
    fakeApi((request) => (request.path === '/api/deadline-rules' ? { body: { items: [rule()] } } : undefined))
    await open()
    expect(await screen.findByText('Appeal period (test)')).toBeTruthy()
    const list = screen.getByTestId('deadline-rules')
    expect(list.textContent).toContain('30 Calendar days after a Judgment')
    expect(list.textContent).toContain('TEST: Article 1 of a test law')
  })

  it('refuses a rule without a legal basis or days, in Khmer for a Khmer reader, and sends nothing', async () => {
    const { requests } = fakeApi((request) => (request.path === '/api/deadline-rules' ? { body: { items: [] } } : undefined))
    await open('km')
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: /វិធានថ្មី/ }))
    await user.type(screen.getByLabelText(/ឈ្មោះ \(អង់គ្លេស\)/), 'Appeal')
    await user.click(screen.getByRole('button', { name: 'រក្សាទុក' }))
    expect(screen.getAllByText('ត្រូវតែបំពេញវាលនេះ។').length).toBeGreaterThanOrEqual(3)
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0)
  })

  it('saves a new rule with its case kinds, counting and source', async () => {
    const { requests } = fakeApi((request) => {
      if (request.method === 'POST') return { status: 201, body: rule() }
      return request.path === '/api/deadline-rules' ? { body: { items: [] } } : undefined
    })
    await open()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: /New rule/ }))
    await user.type(screen.getByLabelText(/^Name \(English\)/), 'Appeal period (test)')
    await user.type(screen.getByLabelText(/^Days/), '15')
    await user.selectOptions(screen.getByLabelText(/^Counting/), 'working_days')
    await user.click(screen.getByRole('checkbox', { name: /Civil court/i }))
    await user.type(screen.getByLabelText(/^Title of the deadline \(English\)/), 'Appeal deadline')
    await user.type(screen.getByLabelText(/^Legal basis \(English\)/), 'TEST: Article 1 of a test law')
    await user.type(screen.getByLabelText(/^Where the text can be read/), 'https://example.org/law')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Rule “Appeal period (test)” saved.')).toBeTruthy()
    const post = requests.find((request) => request.method === 'POST')
    expect(post?.body).toMatchObject({
      name: 'Appeal period (test)',
      triggerKind: 'judgment',
      caseKinds: ['court_civil'],
      days: 15,
      dayCount: 'working_days',
      deadlineTitle: 'Appeal deadline',
      legalBasis: 'TEST: Article 1 of a test law',
      sourceUrl: 'https://example.org/law',
      isActive: true,
    })
  })
})

describe('deadline proposals after recording an event', () => {
  const proposal = {
    ruleId: RULE_ID,
    ruleName: 'Appeal period (test)',
    ruleNameKm: null,
    title: 'Appeal deadline',
    titleKm: 'ថ្ងៃផុតកំណត់ប្តឹងឧទ្ធរណ៍',
    triggerEventId: EVENT_ID,
    triggerOn: '2026-03-05',
    dueOn: '2026-04-04',
    dueAt: '2026-04-04T10:00:00.000Z',
    days: 30,
    dayCount: 'calendar_days',
    legalBasis: 'TEST: Article 1 of a test law',
    legalBasisKm: null,
    sourceUrl: 'https://example.org/law',
    confirmedEventId: null,
  }
  const judgment = caseEvent({ kind: 'judgment', title: 'Judgment', startsAt: '2026-03-05T03:00:00.000Z' })

  function api() {
    return fakeApi((request) => {
      if (request.method === 'POST' && request.body && (request.body as { kind: string }).kind === 'judgment')
        return { status: 201, body: judgment }
      if (request.method === 'POST') return { status: 201, body: caseEvent({ id: RULE_ID, kind: 'deadline', title: 'Appeal deadline' }) }
      if (request.path === `/api/cases/${CASE_ID}/events/${EVENT_ID}/deadline-proposals`) return { body: { items: [proposal] } }
      return undefined
    })
  }

  async function recordJudgment() {
    await renderPage(<AddEventForm caseId={CASE_ID} />, { me: meOf('legal'), path: '/', route: '/' })
    const user = userEvent.setup()
    await user.selectOptions(screen.getByLabelText(/Event type/), 'judgment')
    await user.type(screen.getByLabelText(/Date and time/), '2026-03-05T10:00')
    await user.type(screen.getByLabelText(/^Title/), 'Judgment')
    await user.click(screen.getByRole('button', { name: 'Add event' }))
    return user
  }

  it('offers the computed deadline with its weekday, legal basis and the holiday warning; adds it as edited', async () => {
    const { requests } = api()
    const user = await recordJudgment()
    const offer = await screen.findByTestId('deadline-proposals')
    expect(offer.textContent).toContain('Saturday')
    expect(offer.textContent).toContain('30 Calendar days')
    expect(offer.textContent).toContain('TEST: Article 1 of a test law')
    expect(offer.textContent).toContain('public holidays')
    expect(offer.textContent).toContain('Saturday or a Sunday')
    // Nothing is written before the lawyer confirms.
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1)
    const day = within(offer).getByLabelText(/Due on/) as HTMLInputElement
    expect(day.value).toBe('2026-04-04')
    await user.clear(day)
    await user.type(day, '2026-04-06')
    await user.click(within(offer).getByRole('button', { name: 'Add this deadline' }))
    await vi.waitFor(() => expect(screen.queryByTestId('deadline-proposals')).toBeNull())
    const posts = requests.filter((request) => request.method === 'POST')
    expect(posts).toHaveLength(2)
    expect(posts[1]?.body).toEqual({
      kind: 'deadline',
      title: 'Appeal deadline',
      startsAt: '2026-04-06T10:00:00.000Z',
      isDone: false,
      deadlineRuleId: RULE_ID,
      triggerEventId: EVENT_ID,
    })
  })

  it('writes nothing when the lawyer says "Not now"', async () => {
    const { requests } = api()
    const user = await recordJudgment()
    const offer = await screen.findByTestId('deadline-proposals')
    await user.click(within(offer).getByRole('button', { name: 'Not now' }))
    expect(screen.queryByTestId('deadline-proposals')).toBeNull()
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1)
  })
})

describe('a deadline computed from a rule', () => {
  it('names its rule, legal basis and source on the case page, in Khmer where the rule has Khmer', async () => {
    const deadline = caseEvent({
      kind: 'deadline',
      title: 'Appeal deadline',
      startsAt: '2030-04-04T10:00:00.000Z',
      location: null,
      triggerEventId: EVENT_ID,
      deadlineRule: {
        id: RULE_ID,
        name: 'Appeal period (test)',
        nameKm: 'រយៈពេលប្តឹងឧទ្ធរណ៍ (សាកល្បង)',
        legalBasis: 'TEST: Article 1 of a test law',
        legalBasisKm: null,
        sourceUrl: 'https://example.org/law',
      },
    })
    fakeApi((request) => (request.path === `/api/cases/${CASE_ID}/events` ? { body: { items: [deadline], nextCursor: null } } : undefined))
    await renderPage(<EventsSection caseId={CASE_ID} canEdit={false} />, { me: meOf('advocate'), path: '/', route: '/', language: 'km' })
    const note = await screen.findByText(/រយៈពេលប្តឹងឧទ្ធរណ៍ \(សាកល្បង\)/)
    expect(note.textContent).toContain('TEST: Article 1 of a test law')
    expect(within(note).getByRole('link').getAttribute('href')).toBe('https://example.org/law')
  })
})
