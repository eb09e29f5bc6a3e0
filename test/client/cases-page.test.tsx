// @vitest-environment happy-dom
// The case page against a fake API: privileged notes only when the server sends them (never a
// heading for an advocate), actions only for roles that may take them, and the sections a
// community representative's summary view leaves out.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { clientConfigJson } from './api-answers.ts'
import { CasePage } from '../../client/features/cases/case-page.tsx'
import { fakeApi, meOf, renderPage, type FakeRequest } from './admin-render.tsx'
import { CASE_ID, caseDetail, caseEvent, evidence } from './cases-fixtures.ts'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

function api(detail: Record<string, unknown>, onRequest?: (request: FakeRequest) => { status?: number; body?: unknown } | undefined) {
  return fakeApi((request) => {
    const answer = onRequest?.(request)
    if (answer) return answer
    if (request.path === `/api/cases/${CASE_ID}` && request.method === 'GET') return { body: detail }
    if (request.path === `/api/cases/${CASE_ID}/events`) return { body: { items: [caseEvent()], nextCursor: null } }
    if (request.path === `/api/cases/${CASE_ID}/timeline`) {
      return {
        body: {
          items: [
            {
              type: 'event',
              id: caseEvent().id,
              at: caseEvent().startsAt,
              title: caseEvent().title,
              kind: 'hearing',
              isDone: false,
              location: null,
            },
          ],
        },
      }
    }
    if (request.path === '/api/evidence') return { body: { items: [evidence()] } }
    if (request.path.endsWith('/custody')) return { body: { evidenceId: evidence().id, sha256: evidence().sha256, entries: [] } }
    if (request.path === '/api/client-config')
      return {
        body: clientConfigJson({ maxUploadBytes: 1024 * 1024, hasDemoAccounts: true }),
      }
    return undefined
  })
}

const open = (role: 'legal' | 'advocate' | 'community_rep') =>
  renderPage(<CasePage />, { me: meOf(role), path: `/cases/${CASE_ID}`, route: '/cases/:id' })

describe('CasePage', () => {
  it('shows legal staff the privileged notes, the edit button and the add-event form', async () => {
    api(caseDetail())
    await open('legal')
    const notes = await screen.findByTestId('privileged-notes')
    expect(within(notes).getByRole('heading', { name: /Privileged notes/ })).toBeTruthy()
    expect(notes.textContent).toContain('the only eyewitness')
    expect(screen.getByRole('link', { name: /Edit/ })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Add event' })).toBeTruthy()
    expect(await screen.findByText('Next hearing at the provincial court', { selector: '.event-title' })).toBeTruthy()
  })

  it('renders no privileged-notes section at all when the field is absent (an advocate), and no edit actions', async () => {
    const { privilegedNotes: _hidden, ...forAdvocate } = caseDetail()
    api(forAdvocate)
    await open('advocate')
    await screen.findByRole('heading', { name: 'Parties' })
    expect(screen.queryByTestId('privileged-notes')).toBeNull()
    expect(screen.queryByText(/Privileged notes/)).toBeNull()
    expect(screen.queryByRole('link', { name: /Edit/ })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Add event' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Change stage' })).toBeNull()
    // The events and the timeline are there to read.
    expect(await screen.findByTestId('case-events')).toBeTruthy()
    expect(await screen.findByTestId('case-timeline')).toBeTruthy()
  })

  it('names each event on the timeline by its kind (a hearing is a hearing, not an "event")', async () => {
    api(caseDetail())
    await open('legal')
    const timeline = await screen.findByTestId('case-timeline')
    await waitFor(() => expect(timeline.querySelector('.case-timeline-event .case-timeline-type')?.textContent).toBe('Hearing'))
  })

  it('gives a community representative the summary: no parties, events or timeline, but the evidence', async () => {
    const { privilegedNotes: _n, people: _p, parcels: _pa, incidents: _i, ...summary } = caseDetail()
    const { requests } = api(summary)
    await open('community_rep')
    await screen.findByRole('heading', { name: 'Overview' })
    expect(screen.queryByRole('heading', { name: 'Parties' })).toBeNull()
    expect(screen.queryByTestId('case-events')).toBeNull()
    expect(screen.queryByTestId('case-timeline')).toBeNull()
    expect(screen.queryByTestId('privileged-notes')).toBeNull()
    expect(await screen.findByTestId('evidence-item')).toBeTruthy()
    // It does not even ask for what the role may not read.
    expect(requests.some((request) => request.path.endsWith('/events') || request.path.endsWith('/timeline'))).toBe(false)
  })

  it('changes the stage with a note and the version it was based on', async () => {
    const { requests } = api(caseDetail(), (request) =>
      request.method === 'PATCH' ? { body: caseDetail({ stage: 'judgment', version: 4 }) } : undefined,
    )
    await open('legal')
    const user = userEvent.setup()
    await user.selectOptions(await screen.findByLabelText(/New stage/), 'judgment')
    await user.type(screen.getByLabelText(/Why \(kept in the history\)/), 'Trial closed')
    await user.click(screen.getByRole('button', { name: 'Change stage' }))
    await screen.findByText('The stage was changed.')
    expect(requests.find((request) => request.method === 'PATCH')?.body).toEqual({
      stage: 'judgment',
      stageNote: 'Trial closed',
      version: 3,
    })
  })

  it('explains a conflict when someone else changed the case first', async () => {
    api(caseDetail(), (request) =>
      request.method === 'PATCH'
        ? {
            status: 409,
            body: {
              type: 'about:blank',
              title: 'Conflict',
              status: 409,
              code: 'case.version_conflict',
              detail: 'stale',
              current: caseDetail({ version: 5 }),
            },
          }
        : undefined,
    )
    await open('legal')
    const user = userEvent.setup()
    await user.selectOptions(await screen.findByLabelText(/New stage/), 'appeal')
    await user.click(screen.getByRole('button', { name: 'Change stage' }))
    expect(await screen.findByText('Someone else changed this')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Keep my changes and save over it' })).toBeTruthy()
  })
})
