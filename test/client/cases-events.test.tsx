// @vitest-environment happy-dom
// Case events: the add-event form validates with the shared schema in the user's language and
// sends the time as Cambodia time; the list puts what is coming first.
import { cleanup, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CaseEvent } from '../../shared/cases.ts'
import { AddEventForm, splitEvents } from '../../client/features/cases/events-section.tsx'
import { bodyOf, valuesOf } from '../../client/features/cases/case-edit-page.tsx'
import { CaseDetail } from '../../shared/cases.ts'
import { fakeApi, meOf, renderPage } from './admin-render.tsx'
import { CASE_ID, caseDetail, caseEvent } from './cases-fixtures.ts'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('AddEventForm', () => {
  const open = (language: 'en' | 'km' = 'en') =>
    renderPage(<AddEventForm caseId={CASE_ID} />, { me: meOf('legal'), path: '/', route: '/', language })

  it('refuses an event without a date or title, in Khmer for a Khmer reader, and sends nothing', async () => {
    const { requests } = fakeApi(() => undefined)
    await open('km')
    await userEvent.setup().click(screen.getByRole('button', { name: 'បន្ថែមព្រឹត្តិការណ៍' }))
    expect(screen.getAllByText('ត្រូវតែបំពេញវាលនេះ។')).toHaveLength(2)
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0)
  })

  it('sends a hearing at 14:30 Cambodia time as 07:30 UTC', async () => {
    const { requests } = fakeApi((request) =>
      request.method === 'POST'
        ? { status: 201, body: caseEvent({ title: 'Appeal hearing', startsAt: '2026-12-10T07:30:00.000Z' }) }
        : undefined,
    )
    await open()
    const user = userEvent.setup()
    await user.selectOptions(screen.getByLabelText(/Event type/), 'hearing')
    await user.type(screen.getByLabelText(/Date and time/), '2026-12-10T14:30')
    await user.type(screen.getByLabelText(/^Title/), 'Appeal hearing')
    await user.click(screen.getByRole('button', { name: 'Add event' }))
    expect(await screen.findByText('Added: Appeal hearing')).toBeTruthy()
    const post = requests.find((request) => request.method === 'POST')
    expect(post?.path).toBe(`/api/cases/${CASE_ID}/events`)
    expect(post?.body).toMatchObject({ kind: 'hearing', title: 'Appeal hearing', startsAt: '2026-12-10T07:30:00.000Z', isDone: false })
  })
})

describe('splitEvents', () => {
  it('lists what is still to do soonest first (overdue deadlines included), and the rest latest first', () => {
    const now = new Date('2026-11-28T03:00:00Z')
    const events = [
      caseEvent({ id: 'a1111111-1111-4111-8111-111111111111', title: 'later hearing', startsAt: '2027-01-10T02:00:00.000Z' }),
      caseEvent({
        id: 'b1111111-1111-4111-8111-111111111111',
        title: 'missed deadline',
        kind: 'deadline',
        startsAt: '2026-11-20T02:00:00.000Z',
      }),
      caseEvent({
        id: 'c1111111-1111-4111-8111-111111111111',
        title: 'old meeting',
        kind: 'meeting',
        startsAt: '2026-10-01T02:00:00.000Z',
      }),
      caseEvent({
        id: 'd1111111-1111-4111-8111-111111111111',
        title: 'done filing',
        kind: 'filing',
        startsAt: '2026-11-01T02:00:00.000Z',
        isDone: true,
      }),
      caseEvent({ id: 'e1111111-1111-4111-8111-111111111111', title: 'next hearing', startsAt: '2026-12-01T02:00:00.000Z' }),
    ].map((event) => CaseEvent.parse(event))
    const { upcoming, past } = splitEvents(events, now)
    expect(upcoming.map(({ event }) => event.title)).toEqual(['missed deadline', 'next hearing', 'later hearing'])
    expect(upcoming[0]!.timing.state).toBe('overdue')
    expect(past.map(({ event }) => event.title)).toEqual(['done filing', 'old meeting'])
  })
})

describe('the edit form body', () => {
  it('sends only the changed fields of an edit, with the stage note only along with a new stage', () => {
    const original = CaseDetail.parse(caseDetail())
    const values = { ...valuesOf(original), forum: 'Supreme Court', stageNote: 'ignored without a stage change' }
    expect(bodyOf(values, original, true)).toEqual({ forum: 'Supreme Court' })
    expect(bodyOf({ ...values, stage: 'appeal', stageNote: 'Appeal lodged' }, original, true)).toEqual({
      forum: 'Supreme Court',
      stage: 'appeal',
      stageNote: 'Appeal lodged',
    })
  })

  it('never sends privileged notes for a viewer who was not sent them', () => {
    const { privilegedNotes: _hidden, ...forAdvocate } = caseDetail()
    const original = CaseDetail.parse(forAdvocate)
    expect(bodyOf({ ...valuesOf(original), privilegedNotes: 'x' }, original, false)).toEqual({})
  })

  it('leaves empty fields out of a new case', () => {
    const values = { ...valuesOf(undefined), title: 'New case', kind: 'mediation' as const, openedOn: '2026-11-28' }
    expect(bodyOf(values, undefined, true)).toEqual({ title: 'New case', kind: 'mediation', stage: 'intake', openedOn: '2026-11-28' })
  })
})
