// @vitest-environment happy-dom
// Activities (issue 19) over a fake API: the form's count of participants and its youth rule, the
// body it sends, the server's objection next to its field, the list's totals, a community's
// committee, and a case's result in the case form's body.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { CaseDetail } from '../../shared/cases.ts'
import { ActivityEditPage } from '../../client/features/activities/activity-edit-page.tsx'
import { ActivityListPage } from '../../client/features/activities/activity-list-page.tsx'
import { ActivityPage, mayChangeActivity } from '../../client/features/activities/activity-page.tsx'
import { activitiesMessages } from '../../client/features/activities/messages.ts'
import { registerActivitiesStrings } from '../../client/features/activities/strings.ts'
import { bodyOf, valuesOf } from '../../client/features/cases/case-edit-page.tsx'
import { committeeMessages } from '../../client/features/communities/committee-messages.ts'
import { CommitteeSection } from '../../client/features/communities/committee-section.tsx'
import { initI18n } from '../helpers/i18n.ts'
import { clientConfigJson } from './api-answers.ts'
import { caseDetail } from './cases-fixtures.ts'
import { fakeApi, meOf, problem, renderPage, type FakeRequest } from './admin-render.tsx'

beforeAll(() => {
  // The pages' strings load with their chunks, after the app's own.
  initI18n('en')
  registerActivitiesStrings()
})

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const ACTIVITY_ID = '11111111-1111-4111-8111-111111111111'
const COMMUNITY_ID = '22222222-2222-4222-8222-222222222222'
const OTHER_COMMUNITY_ID = '33333333-3333-4333-8333-333333333333'
const MEMBER_ID = '44444444-4444-4444-8444-444444444444'
const NOW = '2026-12-06T10:00:00.000Z'

function activity(overrides: Record<string, unknown> = {}) {
  return {
    id: ACTIVITY_ID,
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
    kind: 'training',
    topic: 'land_law',
    title: 'Land law training',
    startedOn: '2026-12-05',
    endedOn: null,
    province: 'Kampong Speu',
    district: null,
    commune: null,
    village: null,
    location: null,
    communities: [{ id: COMMUNITY_ID, name: 'Prey Lang', nameKm: null, kind: 'indigenous_community' }],
    participants: { women: 12, men: 8, youth: 5, total: 20 },
    facilitators: 'Sokha',
    costUsd: 45.5,
    notes: null,
    evidenceCount: 0,
    createdByUserId: null,
    ...overrides,
  }
}

const communityOption = (id: string, name: string) => ({ id, name, nameKm: null, kind: 'indigenous_community', province: 'Kampong Speu' })

function answers(
  extra: (request: FakeRequest) => { status?: number; body?: unknown } | undefined,
  communities = [communityOption(COMMUNITY_ID, 'Prey Lang')],
) {
  return fakeApi((request) => {
    const answer = extra(request)
    if (answer) return answer
    if (request.path === '/api/communities') return { body: { items: communities, nextCursor: null } }
    if (request.path === '/api/admin-areas') return { body: { items: [], nextCursor: null } }
    if (request.path === '/api/client-config') return { body: clientConfigJson() }
    return undefined
  })
}

describe('the strings', () => {
  type Tree = { [key: string]: string | Tree }
  const leaves = (tree: Tree, prefix = ''): [string, string][] =>
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'string' ? [[`${prefix}${key}`, value]] : leaves(value, `${prefix}${key}.`),
    )

  it.each([
    ['activities', activitiesMessages],
    ['committee', committeeMessages],
  ])('of %s are all in Khmer too, with the same placeholders', (_name, messages) => {
    const english = new Map(leaves(messages.en as Tree))
    const khmer = leaves(messages.km as Tree)
    expect(khmer.map(([key]) => key).sort()).toEqual([...english.keys()].sort())
    const placeholders = (text: string) => (text.match(/\{\{\w+\}\}/g) ?? []).sort()
    for (const [key, text] of khmer) {
      expect(text, key).toMatch(/[\u1780-\u17ff]/)
      expect(placeholders(text), key).toEqual(placeholders(english.get(key)!))
    }
  })
})

describe('ActivityEditPage', () => {
  const open = () =>
    renderPage(<ActivityEditPage />, {
      me: meOf('community_rep', { communityIds: [COMMUNITY_ID] }),
      path: '/activities/new',
      route: '/activities/new',
    })

  it('counts the participants as they are typed, and refuses more youth than women and men without sending', async () => {
    const { requests } = answers(() => undefined)
    await open()
    expect(screen.getByTestId('activity-total').textContent).toBe('Total participants: 0')
    await userEvent.type(screen.getByLabelText('Women'), '3')
    await userEvent.type(screen.getByLabelText('Men'), '2')
    expect(screen.getByTestId('activity-total').textContent).toBe('Total participants: 5')

    await userEvent.type(screen.getByLabelText('Youth (15–30)'), '6')
    expect(screen.getByText('Youth are counted among the women and men: at most 5.')).toBeTruthy()
    await userEvent.selectOptions(screen.getByLabelText(/^Kind/), 'training')
    await userEvent.type(screen.getByLabelText(/^Title/), 'Land law training')
    await userEvent.click(screen.getByRole('button', { name: 'Save activity' }))
    expect(screen.getByLabelText('Youth (15–30)').getAttribute('aria-invalid')).toBe('true')
    expect(requests.some((request) => request.method === 'POST')).toBe(false)
  })

  it('sends the activity with its community chosen for a representative of one, and opens it when saved', async () => {
    const { requests } = answers((request) =>
      request.method === 'POST' && request.path === '/api/activities' ? { status: 201, body: activity() } : undefined,
    )
    await open()
    const group = screen.getByRole('group', { name: /Communities and groups/ })
    await waitFor(() => expect(within(group).getByRole('checkbox', { name: 'Prey Lang' })).toHaveProperty('checked', true))

    await userEvent.selectOptions(screen.getByLabelText(/^Kind/), 'training')
    await userEvent.selectOptions(screen.getByLabelText('Topic'), 'land_law')
    await userEvent.type(screen.getByLabelText(/^Title/), 'Land law training')
    await userEvent.clear(screen.getByLabelText(/^Date/))
    await userEvent.type(screen.getByLabelText(/^Date/), '2026-12-05')
    await userEvent.type(screen.getByLabelText('Women'), '12')
    await userEvent.type(screen.getByLabelText('Men'), '8')
    await userEvent.type(screen.getByLabelText('Youth (15–30)'), '5')
    await userEvent.type(screen.getByLabelText('Facilitators'), 'Sokha')
    await userEvent.type(screen.getByLabelText('Cost (USD)'), '45.5')
    await userEvent.click(screen.getByRole('button', { name: 'Save activity' }))

    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(`/activities/${ACTIVITY_ID}`))
    expect(requests.find((request) => request.method === 'POST')!.body).toEqual({
      kind: 'training',
      topic: 'land_law',
      title: 'Land law training',
      startedOn: '2026-12-05',
      endedOn: null,
      communityIds: [COMMUNITY_ID],
      participantsWomen: 12,
      participantsMen: 8,
      participantsYouth: 5,
      facilitators: 'Sokha',
      costUsd: 45.5,
      notes: null,
    })
  })

  it('shows the server’s objection next to the field it names', async () => {
    answers((request) =>
      request.method === 'POST'
        ? problem(400, 'request.invalid', 'communityIds', [{ field: 'body.communityIds', message: 'not one of your communities' }])
        : undefined,
    )
    await open()
    await waitFor(() => expect(screen.getByRole('checkbox', { name: 'Prey Lang' })).toHaveProperty('checked', true))
    await userEvent.selectOptions(screen.getByLabelText(/^Kind/), 'meeting')
    await userEvent.type(screen.getByLabelText(/^Title/), 'Monthly meeting')
    await userEvent.click(screen.getByRole('button', { name: 'Save activity' }))
    const group = screen.getByRole('group', { name: /Communities and groups/ })
    expect((await within(group).findByRole('alert')).textContent).toContain('not one of your communities')
  })
})

describe('ActivityListPage', () => {
  it('shows the totals of what the filters select, and the activities with their counts', async () => {
    const { requests } = answers((request) => {
      if (request.path === '/api/activities/totals')
        return { body: { activities: 14, participants: { women: 120, men: 95, youth: 40, total: 215 } } }
      if (request.path === '/api/activities') return { body: { items: [activity()], nextCursor: null } }
      return undefined
    })
    await renderPage(<ActivityListPage />, {
      me: meOf('legal'),
      path: `/activities?community=${COMMUNITY_ID}&kind=training`,
      route: '/activities',
    })
    const totals = await screen.findByTestId('activity-totals')
    expect(within(totals).getByText('14')).toBeTruthy()
    expect(within(totals).getByText('215')).toBeTruthy()
    expect(within(totals).getByText('120')).toBeTruthy()
    const row = await screen.findByTestId('activity-row')
    expect(within(row).getByRole('link').getAttribute('href')).toBe(`/activities/${ACTIVITY_ID}`)
    expect(within(row).getByText('Training')).toBeTruthy()
    expect(within(row).getByText('Prey Lang')).toBeTruthy()
    const totalsRequest = requests.find((request) => request.path === '/api/activities/totals')!
    expect(totalsRequest.query.get('community')).toBe(COMMUNITY_ID)
    expect(totalsRequest.query.get('kind')).toBe('training')
    expect(screen.getByRole('link', { name: /Record an activity/ }).getAttribute('href')).toBe('/activities/new')
  })
})

describe('ActivityPage', () => {
  it('shows the participants, and lets a representative change only the activities they recorded', async () => {
    const rep = meOf('community_rep', { communityIds: [COMMUNITY_ID] })
    const theirs = activity({ createdByUserId: rep.id })
    expect(mayChangeActivity(rep, theirs as never)).toBe(true)
    expect(mayChangeActivity(rep, activity({ createdByUserId: OTHER_COMMUNITY_ID }) as never)).toBe(false)
    expect(mayChangeActivity(meOf('legal'), activity() as never)).toBe(true)
    expect(mayChangeActivity(meOf('legal', { permissions: [] }), activity() as never)).toBe(false)

    answers((request) => {
      if (request.path === `/api/activities/${ACTIVITY_ID}`) return { body: theirs }
      if (request.path === '/api/evidence') return { body: { items: [] } }
      return undefined
    })
    await renderPage(<ActivityPage />, { me: rep, path: `/activities/${ACTIVITY_ID}`, route: '/activities/:id' })
    const table = await screen.findByRole('table')
    expect(
      within(table)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['12', '8', '5', '20'])
    expect(screen.getByRole('link', { name: 'Prey Lang' }).getAttribute('href')).toBe(`/communities/${COMMUNITY_ID}`)
    expect(screen.getByRole('link', { name: 'Edit' }).getAttribute('href')).toBe(`/activities/${ACTIVITY_ID}/edit`)
  })
})

describe('CommitteeSection', () => {
  const member = (overrides: Record<string, unknown> = {}) => ({
    id: MEMBER_ID,
    createdAt: NOW,
    updatedAt: NOW,
    version: 1,
    communityId: COMMUNITY_ID,
    name: 'Srey Mom',
    sex: 'female',
    role: 'chair',
    isYouth: false,
    startedOn: '2024-01-01',
    endedOn: null,
    ...overrides,
  })

  it('lists the current members and adds one', async () => {
    const members = [member()]
    const { requests } = fakeApi((request) => {
      if (request.path === '/api/committee-members' && request.method === 'POST') {
        const added = member({ ...(request.body as object), id: '55555555-5555-4555-8555-555555555555' })
        members.push(added)
        return { status: 201, body: added }
      }
      if (request.path === '/api/committee-members') return { body: { items: members, nextCursor: null } }
      return undefined
    })
    await renderPage(<CommitteeSection communityId={COMMUNITY_ID} />, {
      me: meOf('community_rep', { communityIds: [COMMUNITY_ID] }),
      path: `/communities/${COMMUNITY_ID}`,
      route: '/communities/:id',
    })
    const first = await screen.findByTestId('committee-member')
    expect(within(first).getByText('Srey Mom')).toBeTruthy()
    expect(first.textContent).toContain('Chair')
    expect(first.textContent).toContain('Woman')

    await userEvent.click(screen.getByRole('button', { name: /Add member/ }))
    await userEvent.click(screen.getByRole('button', { name: 'Save member' }))
    expect(screen.getByLabelText(/^Name/).getAttribute('aria-invalid')).toBe('true')
    expect(requests.some((request) => request.method === 'POST')).toBe(false)

    await userEvent.type(screen.getByLabelText(/^Name/), 'Dara')
    await userEvent.selectOptions(screen.getByLabelText(/^Role/), 'treasurer')
    await userEvent.selectOptions(screen.getByLabelText(/^Sex/), 'male')
    await userEvent.click(screen.getByLabelText('Youth (15–30)'))
    await userEvent.type(screen.getByLabelText('Since'), '2026-03-01')
    await userEvent.click(screen.getByRole('button', { name: 'Save member' }))

    await waitFor(() => expect(screen.getAllByTestId('committee-member')).toHaveLength(2))
    expect(requests.find((request) => request.method === 'POST')!.body).toEqual({
      communityId: COMMUNITY_ID,
      name: 'Dara',
      role: 'treasurer',
      sex: 'male',
      isYouth: true,
      startedOn: '2026-03-01',
      endedOn: null,
    })
    expect(screen.queryByRole('button', { name: 'Save member' })).toBeNull()
  })
})

describe('a case’s result', () => {
  it('is sent when chosen, and as null (pending) when cleared', () => {
    const row = CaseDetail.parse(caseDetail({ result: 'lost' }))
    expect(bodyOf({ ...valuesOf(row), result: 'won' }, row, false)).toEqual({ result: 'won' })
    expect(bodyOf({ ...valuesOf(row), result: '' }, row, false)).toEqual({ result: null })
  })
})
