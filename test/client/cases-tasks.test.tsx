// @vitest-environment happy-dom
// The tasks section of the case page against a fake API: open tasks first with the overdue one
// marked, closed ones folded; legal staff add a task (assignee, due day, priority, one of the case's
// events or documents), mark one done and reassign it, each change with its version; roles without
// the legal team's work see no section and ask for no tasks.
import { cleanup, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CasePage } from '../../client/features/cases/case-page.tsx'
import { taskTiming, TasksSection } from '../../client/features/cases/tasks-section.tsx'
import { clientConfigJson } from './api-answers.ts'
import { fakeApi, meOf, renderPage, type FakeRequest } from './admin-render.tsx'
import { CASE_ID, caseDetail, caseEvent, EVENT_ID, EVIDENCE_ID, evidence } from './cases-fixtures.ts'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const ME = meOf('legal').id
const COLLEAGUE = '99999999-9999-4999-8999-999999999999'
const TASK_ID = 'bbbbbbbb-bbbb-4bbb-8bbb-000000000001'

function task(overrides: Record<string, unknown> = {}) {
  return {
    id: TASK_ID,
    createdAt: '2026-11-01T02:00:00.000Z',
    updatedAt: '2026-11-01T02:00:00.000Z',
    version: 2,
    caseId: CASE_ID,
    caseReference: 'CASE-2026-0001',
    title: 'Draft the appeal',
    details: null,
    assigneeUserId: ME,
    assigneeName: 'Test legal',
    dueOn: '2020-01-10',
    priority: 'high',
    status: 'open',
    eventId: null,
    eventTitle: null,
    evidenceId: null,
    evidenceTitle: null,
    createdByUserId: ME,
    createdByName: 'Test legal',
    completedAt: null,
    ...overrides,
  }
}

function api(onRequest?: (request: FakeRequest) => { status?: number; body?: unknown } | undefined) {
  return fakeApi((request) => {
    const answer = onRequest?.(request)
    if (answer) return answer
    if (request.path === `/api/cases/${CASE_ID}/tasks` && request.method === 'GET') {
      return {
        body: {
          items: [
            task(),
            task({
              id: 'bbbbbbbb-bbbb-4bbb-8bbb-000000000002',
              title: 'Copy the land title',
              dueOn: null,
              assigneeUserId: null,
              assigneeName: null,
            }),
            task({
              id: 'bbbbbbbb-bbbb-4bbb-8bbb-000000000003',
              title: 'Old task',
              status: 'done',
              completedAt: '2026-10-01T02:00:00.000Z',
            }),
          ],
        },
      }
    }
    if (request.path === '/api/cases/staff') {
      return {
        body: {
          items: [
            { id: COLLEAGUE, displayName: 'Chan Sokha', role: 'legal' },
            { id: ME, displayName: 'Test legal', role: 'legal' },
          ],
        },
      }
    }
    if (request.path === `/api/cases/${CASE_ID}/events`) return { body: { items: [caseEvent()], nextCursor: null } }
    if (request.path === '/api/evidence') return { body: { items: [evidence()] } }
    if (request.path === `/api/cases/${CASE_ID}` && request.method === 'GET') return { body: caseDetail() }
    if (request.path === `/api/cases/${CASE_ID}/timeline`) return { body: { items: [] } }
    if (request.path === '/api/client-config') return { body: clientConfigJson({ maxUploadBytes: 1024 * 1024, hasDemoAccounts: true }) }
    return undefined
  })
}

const openSection = (language: 'en' | 'km' = 'en') =>
  renderPage(<TasksSection caseId={CASE_ID} canEdit />, { me: meOf('legal'), path: `/cases/${CASE_ID}`, route: '/cases/:id', language })

describe('the tasks section', () => {
  it('lists open tasks with the overdue one marked, and folds away the done ones', async () => {
    api()
    await openSection()
    const item = (await screen.findByText('Draft the appeal')).closest('li')!
    expect(item.id).toBe(`task-${TASK_ID}`)
    expect(item.className).toContain('timing-overdue')
    expect(within(item).getByText(/Overdue by/)).toBeTruthy()
    expect(within(item).getByText('Assigned to Test legal')).toBeTruthy()
    const other = screen.getByText('Copy the land title').closest('li')!
    expect(within(other).getByText(/Unassigned/, { selector: 'span' })).toBeTruthy()
    expect(within(other).getByText('No due date')).toBeTruthy()
    const folded = screen.getByText('Done and cancelled (1)').closest('details')!
    expect(folded.open).toBe(false)
    expect(within(folded).getByText('Old task')).toBeTruthy()
  })

  it('adds a task with an assignee, a due day, a priority and one of the case’s documents', async () => {
    const { requests } = api((request) =>
      request.method === 'POST' ? { status: 201, body: task({ title: 'Ask for the cadastral map' }) } : undefined,
    )
    await openSection()
    const user = userEvent.setup()
    await screen.findAllByRole('option', { name: 'Chan Sokha' })
    await screen.findByRole('option', { name: 'Complaint letter' })
    const form = screen.getByRole('form', { name: 'Add a task' })
    await user.type(within(form).getByLabelText(/What needs doing/), 'Ask for the cadastral map')
    await user.selectOptions(within(form).getByLabelText('Assign to'), COLLEAGUE)
    await user.type(within(form).getByLabelText(/Due on/), '2026-12-20')
    await user.selectOptions(within(form).getByLabelText('Priority'), 'urgent')
    await user.selectOptions(within(form).getByLabelText(/About/), `evidence:${EVIDENCE_ID}`)
    await user.click(within(form).getByRole('button', { name: 'Add task' }))
    expect(await screen.findByText('Task “Ask for the cadastral map” added.')).toBeTruthy()
    expect(requests.find((request) => request.method === 'POST')).toMatchObject({
      path: `/api/cases/${CASE_ID}/tasks`,
      body: {
        title: 'Ask for the cadastral map',
        assigneeUserId: COLLEAGUE,
        dueOn: '2026-12-20',
        priority: 'urgent',
        eventId: null,
        evidenceId: EVIDENCE_ID,
      },
    })
  })

  it('offers the case’s events to link, and names an empty title before sending', async () => {
    const { requests } = api()
    await openSection()
    const user = userEvent.setup()
    expect(await screen.findByRole('option', { name: /Next hearing at the provincial court/ })).toBeTruthy()
    expect((screen.getByRole('option', { name: /Next hearing/ }) as HTMLOptionElement).value).toBe(`event:${EVENT_ID}`)
    await user.click(screen.getByRole('button', { name: 'Add task' }))
    expect(screen.getByLabelText(/What needs doing/).getAttribute('aria-invalid')).toBe('true')
    expect(requests.some((request) => request.method === 'POST')).toBe(false)
  })

  it('marks a task done and reassigns it, each change with the version it was based on', async () => {
    const { requests } = api((request) => (request.method === 'PATCH' ? { body: task({ version: 3 }) } : undefined))
    await openSection()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Mark done: Draft the appeal' }))
    await screen.findAllByRole('option', { name: 'Chan Sokha' })
    await user.selectOptions(screen.getByRole('combobox', { name: 'Assign “Draft the appeal” to' }), COLLEAGUE)
    const patches = requests.filter((request) => request.method === 'PATCH')
    expect(patches.map((request) => [request.path, request.body])).toEqual([
      [`/api/tasks/${TASK_ID}`, { status: 'done', version: 2 }],
      [`/api/tasks/${TASK_ID}`, { assigneeUserId: COLLEAGUE, version: 2 }],
    ])
  })

  it('says so when someone else changed the task first', async () => {
    api((request) =>
      request.method === 'PATCH'
        ? { status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409, code: 'task.version_conflict', detail: 'stale' } }
        : undefined,
    )
    await openSection()
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Mark done: Draft the appeal' }))
    expect(await screen.findByText('Someone else changed this task. Reload to see it.')).toBeTruthy()
  })

  it('reads in Khmer', async () => {
    api()
    await openSection('km')
    expect(await screen.findByRole('heading', { name: 'ការងារ' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'បន្ថែមការងារ' })).toBeTruthy()
    expect(await screen.findAllByText('ប្រគល់ឱ្យ Test legal')).toHaveLength(2)
  })

  it('counts due days in Cambodia: overdue from the day after', () => {
    expect(taskTiming({ dueOn: '2026-12-06', status: 'open' }, '2026-12-07')).toEqual({ state: 'overdue', days: -1 })
    expect(taskTiming({ dueOn: '2026-12-07', status: 'in_progress' }, '2026-12-07')).toEqual({ state: 'today', days: 0 })
    expect(taskTiming({ dueOn: '2026-12-01', status: 'done' }, '2026-12-07')).toBeNull()
  })
})

describe('the case page', () => {
  it('shows legal staff the tasks section', async () => {
    api()
    await renderPage(<CasePage />, { me: meOf('legal'), path: `/cases/${CASE_ID}`, route: '/cases/:id' })
    expect(await screen.findByRole('heading', { name: 'Tasks' })).toBeTruthy()
    expect(await screen.findByTestId('case-tasks')).toBeTruthy()
  })

  it('shows an advocate no tasks, and does not ask for them', async () => {
    const { privilegedNotes: _hidden, ...forAdvocate } = caseDetail()
    const { requests } = api((request) => (request.path === `/api/cases/${CASE_ID}` ? { body: forAdvocate } : undefined))
    await renderPage(<CasePage />, { me: meOf('advocate'), path: `/cases/${CASE_ID}`, route: '/cases/:id' })
    await screen.findByRole('heading', { name: 'Parties' })
    expect(screen.queryByTestId('case-tasks')).toBeNull()
    expect(requests.some((request) => request.path.endsWith('/tasks'))).toBe(false)
  })
})
