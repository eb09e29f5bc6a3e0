// @vitest-environment happy-dom
// Program targets in the client, over a fake API: the admin's form builds the rule and milestones
// the server expects and shows its refusals at the field, the rule reads back as a sentence in
// both languages, a target's page drills down to the records that count, and the dashboard shows
// pace, funders' figures and the yearly report's links.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ComponentProps } from 'react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { DashboardPage } from '../../client/features/dashboard/dashboard-page.tsx'
import { dashboardMessages } from '../../client/features/dashboard/messages.ts'
import { dashboardProgramMessages } from '../../client/features/dashboard/program-messages.ts'
import { reportHref } from '../../client/features/dashboard/yearly-report.tsx'
import { describeRule as describeRuleWith } from '../../client/features/targets/describe-rule.ts'
import { targetsMessages } from '../../client/features/targets/messages.ts'
import { TargetPage } from '../../client/features/targets/target-page.tsx'
import { spreadEvenly } from '../../client/features/targets/target-form-values.ts'
import { TargetsAdminPage } from '../../client/features/targets/targets-admin-page.tsx'
import { TARGET_PRESETS, type TargetRule } from '../../shared/targets.ts'
import { vocabMessages } from '../../shared/vocabulary-labels.ts'
import { initI18n } from '../helpers/i18n.ts'
import { fakeApi, meOf, problem, renderPage, type FakeRequest } from './admin-render.tsx'

// Chart.js needs a real canvas; the dashboard's charts are not what these tests look at.
vi.mock('react-chartjs-2', () => ({
  Bar: (props: { 'aria-label'?: string } & Partial<ComponentProps<'canvas'>>) => <canvas role="img" aria-label={props['aria-label']} />,
}))

beforeAll(() => {
  initI18n('en')
})

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const NOW = '2026-12-03T00:00:00.000Z'
const TARGET_ID = '55555555-5555-4555-8555-555555555555'
const COMMUNITY_ID = '66666666-6666-4666-8666-666666666666'
const ACTIVITY_ID = '77777777-7777-4777-8777-777777777777'

function programTarget(overrides: Record<string, unknown> = {}, progress: Record<string, unknown> = {}) {
  return {
    id: TARGET_ID,
    createdAt: NOW,
    updatedAt: NOW,
    version: 2,
    code: 'O1.1',
    label: 'New land communities organized',
    labelKm: 'សហគមន៍ដីធ្លីថ្មីដែលបានរៀបចំ',
    planStartYear: 2026,
    planEndYear: 2030,
    baseline: 0,
    target: 50,
    pace: 'linear',
    milestones: [],
    rule: TARGET_PRESETS.new_land_communities.rule,
    progress: {
      asOf: '2026-12-03',
      counted: 4,
      done: 4,
      percent: 8,
      expected: 9.2,
      status: 'behind',
      byYear: [{ year: 2026, counted: 4, cumulative: 4, expected: 10 }],
      byProvince: [
        { province: 'Ratanak Kiri', counted: 3 },
        { province: 'Koh Kong', counted: 1 },
      ],
      ...progress,
    },
    ...overrides,
  }
}

describe('the strings of the targets pages and the dashboard’s program parts', () => {
  type Tree = { [key: string]: string | Tree }
  const leaves = (tree: Tree, prefix = ''): [string, string][] =>
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'string' ? [[`${prefix}${key}`, value]] : leaves(value, `${prefix}${key}.`),
    )

  for (const [name, messages] of Object.entries({
    targets: targetsMessages,
    dashboard: dashboardMessages,
    dashboardProgram: dashboardProgramMessages,
  })) {
    it(`${name}: every string is in Khmer too, with the same placeholders (they load with their pages)`, () => {
      const english = new Map(leaves(messages.en as Tree))
      const khmer = leaves(messages.km as Tree)
      expect(khmer.map(([key]) => key).sort()).toEqual([...english.keys()].sort())
      const placeholders = (text: string) => (text.match(/\{\{\w+\}\}/g) ?? []).sort()
      for (const [key, text] of khmer) {
        if (/[A-Za-z]{3,}/.test(text.replace(/\{\{\w+\}\}/g, ''))) expect(text, key).toMatch(/[\u1780-\u17ff]/)
        expect(placeholders(text), key).toEqual(placeholders(english.get(key)!))
      }
    })
  }
})

const describeRule = (rule: TargetRule, language: 'en' | 'km') =>
  describeRuleWith(rule, language, (vocab, value) => (vocabMessages[language][vocab] as Record<string, string>)[value]!)

describe('describeRule', () => {
  it('reads the presets back in English', () => {
    expect(describeRule(TARGET_PRESETS.new_land_communities.rule, 'en')).toBe(
      'Counts communities and groups of kind Land community or Indigenous community, with status now Active or Strengthening, founded in the plan period.',
    )
    expect(describeRule(TARGET_PRESETS.communities_strengthened.rule, 'en')).toBe(
      'Counts communities and groups of any kind, with status now Active or Strengthening, founded before the plan, in the first year they have at least 2 activities (Training) and an agreed annual plan for that year.',
    )
  })

  it('reads activities and participants rules in English', () => {
    const activities: TargetRule = { count: 'activities', activityKinds: ['training', 'meeting', 'campaign'], activityTopics: ['land_law'] }
    expect(describeRule(activities, 'en')).toBe(
      'Counts activities of kind Training, Meeting or Campaign on Land law that began in the plan period.',
    )
    const women: TargetRule = { count: 'participants', activityKinds: [], activityTopics: [], who: 'women' }
    expect(describeRule(women, 'en')).toBe('Counts women participants in activities of any kind that began in the plan period.')
  })

  it('reads the same rules in Khmer', () => {
    expect(describeRule(TARGET_PRESETS.new_land_communities.rule, 'km')).toBe(
      'រាប់សហគមន៍ និងក្រុម ប្រភេទ សហគមន៍ដីធ្លី ឬ សហគមន៍ជនជាតិដើមភាគតិច ដែលស្ថានភាពបច្ចុប្បន្នជា សកម្ម ឬ កំពុងពង្រឹង ដែលបានបង្កើតក្នុងរយៈពេលផែនការ។',
    )
    const youth: TargetRule = { count: 'participants', activityKinds: ['training'], activityTopics: [], who: 'youth' }
    expect(describeRule(youth, 'km')).toBe('រាប់អ្នកចូលរួមជាយុវជន (អាយុ ១៥–៣០ ឆ្នាំ) ក្នុងសកម្មភាព ប្រភេទ វគ្គបណ្តុះបណ្តាល ដែលបានចាប់ផ្តើមក្នុងរយៈពេលផែនការ។')
  })
})

describe('spreadEvenly', () => {
  it('rises in a straight line from the baseline and ends at the target', () => {
    expect(spreadEvenly([2026, 2027, 2028, 2029, 2030], 10, 93)).toEqual({ 2026: '27', 2027: '43', 2028: '60', 2029: '76', 2030: '93' })
  })
})

/** The admin's fake API: a list that grows with what is posted, and a refusal when asked for one. */
function adminApi(options: { refuse?: ReturnType<typeof problem> } = {}) {
  let saved: ReturnType<typeof programTarget>[] = []
  return fakeApi((request: FakeRequest) => {
    if (request.path === '/api/program-targets' && request.method === 'GET') return { body: { items: saved, nextCursor: null } }
    if (request.path === '/api/program-targets' && request.method === 'POST') {
      if (options.refuse) return options.refuse
      const body = request.body as Record<string, unknown>
      const created = programTarget({ ...body, id: TARGET_ID, version: 1 }, { done: 7, status: 'ahead', expected: 4.1 })
      saved = [created]
      return { status: 201, body: created }
    }
    if (request.path === `/api/program-targets/${TARGET_ID}` && request.method === 'DELETE') {
      saved = []
      return { status: 204 }
    }
    return undefined
  })
}

const postedBody = (requests: FakeRequest[]) => requests.find((request) => request.method === 'POST')?.body as Record<string, unknown>

async function openNewTarget() {
  await renderPage(<TargetsAdminPage />, { me: meOf('admin'), path: '/admin/targets', route: '/admin/targets' })
  const user = userEvent.setup()
  await user.click(await screen.findByRole('button', { name: 'Add target' }))
  const form = screen.getByRole('form', { name: 'New target' })
  return { user, form }
}

async function fillBasics(user: ReturnType<typeof userEvent.setup>, form: HTMLElement) {
  const type = async (name: string, text: string) => {
    const input = within(form).getByRole(name === 'Label' || name === 'Code' ? 'textbox' : 'spinbutton', { name })
    await user.clear(input)
    await user.type(input, text)
  }
  await type('Code', 'A2')
  await type('First year', '2026')
  await type('Last year', '2028')
  await type('Target', '120')
  await type('Baseline', '0')
}

describe('TargetsAdminPage', () => {
  it('builds a communities rule from the editor, reads it back, and lists the target with its progress once saved', async () => {
    const { requests } = adminApi()
    const { user, form } = await openNewTarget()
    await fillBasics(user, form)
    await user.type(within(form).getByRole('textbox', { name: 'Label' }), 'Women-led communities')
    const kinds = within(form).getByRole('group', { name: 'Kinds of community' })
    await user.click(within(kinds).getByRole('checkbox', { name: 'Land community' }))
    await user.click(within(kinds).getByRole('checkbox', { name: 'Provincial network' }))
    await user.click(within(within(form).getByRole('group', { name: 'Status now' })).getByRole('checkbox', { name: 'Active' }))
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Founded' }), 'Before the plan')
    const minActivities = within(form).getByRole('spinbutton', { name: 'At least this many activities a year' })
    await user.clear(minActivities)
    await user.type(minActivities, '3')
    await user.click(within(within(form).getByRole('group', { name: 'Activity kinds' })).getByRole('checkbox', { name: 'Training' }))
    await user.click(within(within(form).getByRole('group', { name: 'Topics' })).getByRole('checkbox', { name: 'Leadership' }))
    await user.click(within(form).getByRole('checkbox', { name: 'Needs an agreed annual plan for the year' }))
    expect(within(form).getByTestId('rule-sentence').textContent).toBe(
      'Counts communities and groups of kind Land community or Provincial network, with status now Active, founded before the plan, in the first year they have at least 3 activities (Training) on Leadership and an agreed annual plan for that year.',
    )
    await user.click(within(form).getByRole('button', { name: 'Save target' }))

    await waitFor(() => expect(postedBody(requests)).toBeDefined())
    expect(postedBody(requests)).toEqual({
      code: 'A2',
      label: 'Women-led communities',
      labelKm: null,
      planStartYear: 2026,
      planEndYear: 2028,
      target: 120,
      baseline: 0,
      pace: 'linear',
      milestones: [],
      rule: {
        count: 'communities',
        kinds: ['land_community', 'provincial_network'],
        statuses: ['active'],
        founded: 'before_period',
        minActivities: 3,
        activityKinds: ['training'],
        activityTopics: ['leadership'],
        needsPlan: true,
      },
    })
    const row = (await screen.findByRole('rowheader', { name: 'Women-led communities' })).closest('tr')!
    expect(row.textContent).toContain('2026–2028')
    expect(row.textContent).toContain('120')
    expect(within(row).getByText('7')).toBeTruthy()
    expect(within(row).getByText('Ahead')).toBeTruthy()
    expect(screen.getByText('Saved “Women-led communities”.')).toBeTruthy()
  })

  it('sends only an activities rule’s fields when it counts activities', async () => {
    const { requests } = adminApi()
    const { user, form } = await openNewTarget()
    await fillBasics(user, form)
    await user.type(within(form).getByRole('textbox', { name: 'Label' }), 'Legal-awareness sessions')
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Counts' }), 'Activities')
    expect(within(form).queryByRole('group', { name: 'Kinds of community' })).toBeNull()
    await user.click(
      within(within(form).getByRole('group', { name: 'Activity kinds' })).getByRole('checkbox', { name: 'Legal-awareness session' }),
    )
    await user.click(within(form).getByRole('button', { name: 'Save target' }))
    await waitFor(() => expect(postedBody(requests)).toBeDefined())
    expect(postedBody(requests).rule).toEqual({ count: 'activities', activityKinds: ['legal_awareness'], activityTopics: [] })
  })

  it('starts from a preset, asks a milestone per plan year with milestones pace, and spreads them evenly to the target', async () => {
    const { requests } = adminApi()
    const { user, form } = await openNewTarget()
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Start from' }), "New women's groups")
    expect((within(form).getByRole('textbox', { name: 'Label' }) as HTMLInputElement).value).toBe("New women's groups")
    expect((within(form).getByRole('textbox', { name: 'Label in Khmer' }) as HTMLInputElement).value).toBe('ក្រុមស្ត្រីថ្មី')
    expect(
      (
        within(within(form).getByRole('group', { name: 'Kinds of community' })).getByRole('checkbox', {
          name: "Women's group",
        }) as HTMLInputElement
      ).checked,
    ).toBe(true)
    await fillBasics(user, form)
    expect(within(form).queryByRole('spinbutton', { name: 'Milestone 2026' })).toBeNull()
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Pace' }), 'By yearly milestones')
    const milestones = ['Milestone 2026', 'Milestone 2027', 'Milestone 2028'].map(
      (name) => within(form).getByRole('spinbutton', { name }) as HTMLInputElement,
    )
    expect(within(form).queryByRole('spinbutton', { name: 'Milestone 2029' })).toBeNull()
    await user.click(within(form).getByRole('button', { name: 'Spread evenly' }))
    expect(milestones.map((input) => input.value)).toEqual(['40', '80', '120'])
    await user.click(within(form).getByRole('button', { name: 'Save target' }))
    await waitFor(() => expect(postedBody(requests)).toBeDefined())
    expect(postedBody(requests)).toMatchObject({
      pace: 'milestones',
      milestones: [
        { year: 2026, value: 40 },
        { year: 2027, value: 80 },
        { year: 2028, value: 120 },
      ],
      rule: { count: 'communities', kinds: ['womens_group'], founded: 'in_period' },
    })
  })

  it('shows the server’s refusal at the field it names', async () => {
    adminApi({
      refuse: problem(400, 'request.invalid', 'body/code is taken', [{ field: 'body.code', message: 'is already used by another target' }]),
    })
    const { user, form } = await openNewTarget()
    await fillBasics(user, form)
    await user.type(within(form).getByRole('textbox', { name: 'Label' }), 'Anything')
    await user.click(within(form).getByRole('button', { name: 'Save target' }))
    const code = within(form).getByRole('textbox', { name: 'Code' })
    await waitFor(() => expect(code.getAttribute('aria-invalid')).toBe('true'))
    expect(document.getElementById(code.getAttribute('aria-describedby')!)!.textContent).toContain('is already used by another target')
  })

  it('refuses a baseline at or above the target before asking the server', async () => {
    const { requests } = adminApi()
    const { user, form } = await openNewTarget()
    await fillBasics(user, form)
    await user.type(within(form).getByRole('textbox', { name: 'Label' }), 'Anything')
    const baseline = within(form).getByRole('spinbutton', { name: 'Baseline' })
    await user.clear(baseline)
    await user.type(baseline, '500')
    await user.click(within(form).getByRole('button', { name: 'Save target' }))
    expect(await within(form).findByText('The baseline must be less than the target.')).toBeTruthy()
    expect(requests.some((request) => request.method === 'POST')).toBe(false)
  })

  it('deletes a target after a confirmation, with its version', async () => {
    const { requests } = adminApi()
    const { user, form } = await openNewTarget()
    await fillBasics(user, form)
    await user.type(within(form).getByRole('textbox', { name: 'Label' }), 'Short-lived')
    await user.click(within(form).getByRole('button', { name: 'Save target' }))
    await user.click(await screen.findByRole('button', { name: 'Delete: Short-lived' }))
    expect(requests.some((request) => request.method === 'DELETE')).toBe(false)
    await user.click(screen.getByRole('button', { name: 'Delete target' }))
    expect(await screen.findByText('No program targets yet.')).toBeTruthy()
    expect(requests.filter((request) => request.method === 'DELETE').map((request) => request.path)).toEqual([
      `/api/program-targets/${TARGET_ID}`,
    ])
  })
})

describe('editing a target', () => {
  it('opens the target in the form and sends the change with the version it was based on', async () => {
    const { requests } = fakeApi((request: FakeRequest) => {
      if (request.path === '/api/program-targets' && request.method === 'GET')
        return { body: { items: [programTarget()], nextCursor: null } }
      if (request.path === `/api/program-targets/${TARGET_ID}` && request.method === 'PATCH')
        return { body: programTarget({ ...(request.body as object), version: 3 }) }
      return undefined
    })
    await renderPage(<TargetsAdminPage />, { me: meOf('admin'), path: '/admin/targets', route: '/admin/targets' })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Edit: New land communities organized' }))
    const form = screen.getByRole('form', { name: 'New land communities organized' })
    const goal = within(form).getByRole('spinbutton', { name: 'Target' })
    expect((goal as HTMLInputElement).value).toBe('50')
    await user.clear(goal)
    await user.type(goal, '60')
    await user.click(within(form).getByRole('button', { name: 'Save target' }))
    await waitFor(() => expect(requests.some((request) => request.method === 'PATCH')).toBe(true))
    expect(requests.find((request) => request.method === 'PATCH')!.body).toMatchObject({
      version: 2,
      target: 60,
      code: 'O1.1',
      rule: TARGET_PRESETS.new_land_communities.rule,
    })
  })
})

describe('TargetPage', () => {
  function targetApi() {
    return fakeApi((request: FakeRequest) => {
      if (request.path === `/api/program-targets/${TARGET_ID}`) return { body: programTarget() }
      if (request.path === `/api/program-targets/${TARGET_ID}/records`) {
        const record = (kind: 'community' | 'activity', id: string, name: string) => ({
          kind,
          id,
          name,
          nameKm: null,
          province: request.query.get('province') ?? 'Ratanak Kiri',
          year: Number(request.query.get('year') ?? 2026),
          adds: 1,
        })
        return request.query.get('cursor')
          ? { body: { items: [record('activity', ACTIVITY_ID, 'Land-law training')], nextCursor: null } }
          : { body: { items: [record('community', COMMUNITY_ID, 'Kbal Romeas')], nextCursor: 'page-2' } }
      }
      if (request.path === '/api/admin-areas') return { body: { items: [], nextCursor: null } }
      return undefined
    })
  }

  it('shows done against target and today’s expectation, and drills down to the records of a year or a province', async () => {
    const { requests } = targetApi()
    await renderPage(<TargetPage />, { me: meOf('advocate'), path: `/targets/${TARGET_ID}`, route: '/targets/:id' })
    expect(await screen.findByText('Done 4 of 50')).toBeTruthy()
    expect(screen.getByText('Expected by today 9')).toBeTruthy()
    expect(screen.getByTestId('pace-status').textContent).toContain('Behind')
    expect(screen.getByTestId('pace-expected').style.left).toBe('18.4%')

    const user = userEvent.setup()
    expect((await screen.findByRole('link', { name: 'Kbal Romeas' })).getAttribute('href')).toBe(`/communities/${COMMUNITY_ID}`)
    await user.click(screen.getByRole('button', { name: 'Load more' }))
    expect((await screen.findByRole('link', { name: 'Land-law training' })).getAttribute('href')).toBe(`/activities/${ACTIVITY_ID}`)
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull()

    await user.click(screen.getByRole('button', { name: '2026' }))
    await user.click(screen.getByRole('button', { name: 'Koh Kong' }))
    await waitFor(() => {
      const last = requests.filter((request) => request.path.endsWith('/records')).at(-1)!
      expect(Object.fromEntries(last.query)).toMatchObject({ year: '2026', province: 'Koh Kong' })
    })
    expect(screen.getByTestId('location').textContent).toBe(`/targets/${TARGET_ID}?year=2026&province=Koh+Kong`)
  })
})

describe('the dashboard’s program parts', () => {
  const stats = {
    period: { from: null, to: null, province: null, targetYear: 2026, landAsOf: NOW },
    incidents: {
      total: 9,
      byKind: [{ key: 'demolition', count: 9 }],
      byStatus: [],
      byProvince: [{ key: 'Ratanak Kiri', count: 9 }],
      byMonth: [{ key: '2026-03', count: 9 }],
      householdsAffected: 812,
      peopleAffected: 3000,
      byMonthKind: [
        { month: '2026-03', kind: 'demolition', count: 6 },
        { month: '2026-03', kind: 'arrest', count: 3 },
      ],
    },
    activities: {
      total: 23,
      byKind: [
        { key: 'training', count: 15 },
        { key: 'meeting', count: 8 },
      ],
      participants: { women: 318, men: 275, youth: 140, total: 593 },
    },
    leadership: {
      committeeMembers: 50,
      womenMembers: 21,
      leaders: 16,
      womenLeaders: 6,
      communitiesLedByWomen: 4,
      communitiesWithCommittee: 9,
    },
    communities: { total: 12, byKind: [], byStatus: [], byProvince: [{ key: 'Koh Kong', count: 4 }] },
    cases: {
      total: 5,
      byStage: [],
      byKind: [],
      byResult: [
        { key: 'won', count: 2 },
        { key: 'lost', count: 1 },
        { key: 'pending', count: 2 },
      ],
    },
    land: { disputedHa: 40, disputedParcels: 3, communityLandHa: 900, concessionOverlapHa: 150.4, securedHa: 610.2, securedParcels: 22 },
    targets: [
      programTarget(),
      programTarget(
        { id: '88888888-8888-4888-8888-888888888888', label: 'Communities with an annual plan', labelKm: null, target: 20 },
        { done: 15, percent: 75, expected: 4.2, status: 'ahead' },
      ),
    ],
  }

  function dashboardApi() {
    return fakeApi((request: FakeRequest) => {
      if (request.path === '/api/stats') return { body: stats }
      if (request.path === '/api/admin-areas') return { body: { items: [], nextCursor: null } }
      return undefined
    })
  }

  it('shows each target’s pace with its numbers, in English and in Khmer', async () => {
    dashboardApi()
    await renderPage(<DashboardPage />, { me: meOf('advocate'), path: '/dashboard', route: '/dashboard' })
    const behind = await screen.findByRole('region', { name: 'New land communities organized' })
    expect(within(behind).getByText('Done 4 of 50')).toBeTruthy()
    expect(within(behind).getByText(/Expected by today 9/)).toBeTruthy()
    expect(within(behind).getByText('Behind')).toBeTruthy()
    const ahead = screen.getByRole('region', { name: 'Communities with an annual plan' })
    expect(within(ahead).getByText('Ahead')).toBeTruthy()
    expect(within(ahead).getByText('Done 15 of 20')).toBeTruthy()
    cleanup()

    dashboardApi()
    await renderPage(<DashboardPage />, { me: meOf('advocate'), path: '/dashboard', route: '/dashboard', language: 'km' })
    const khmer = await screen.findByRole('region', { name: 'សហគមន៍ដីធ្លីថ្មីដែលបានរៀបចំ' })
    expect(within(khmer).getByText(/^សម្រេចបាន 4 ក្នុងចំណោម 50$/)).toBeTruthy()
    expect(within(khmer).getByText(/រំពឹងត្រឹមថ្ងៃនេះ 9/)).toBeTruthy()
    expect(within(khmer).getByText('យឺតជាងគ្រោង')).toBeTruthy()
  })

  it('shows the funders’ figures from the stats', async () => {
    dashboardApi()
    await renderPage(<DashboardPage />, { me: meOf('advocate'), path: '/dashboard', route: '/dashboard' })
    const participants = await screen.findByTestId('indicators-participants')
    expect(participants.textContent).toContain('Women318')
    expect(participants.textContent).toContain('Youth (15–30)140')
    expect(participants.textContent).toContain('Total593')
    const leadership = screen.getByTestId('indicators-leadership').textContent
    expect(leadership).toContain('6 of 16')
    expect(leadership).toContain('42%')
    expect(leadership).toContain('4 of 9')
    expect(screen.getByTestId('indicators-land').textContent).toContain('610 hectares')
    expect(screen.getByTestId('indicators-land').textContent).toContain('150 hectares')
    const cases = within(screen.getByTestId('indicators-cases'))
    expect(cases.getByRole('rowheader', { name: 'Won' }).closest('tr')!.textContent).toContain('2')
    expect(cases.getByRole('rowheader', { name: 'Pending' }).closest('tr')!.textContent).toContain('2')
    expect(screen.getByTestId('indicators-incidents').textContent).toContain('Arrest')
    expect(
      within(screen.getByTestId('indicators-activities')).getByRole('rowheader', { name: 'Training' }).closest('tr')!.textContent,
    ).toContain('15')
  })

  it('links the yearly report with the chosen year, province and language', async () => {
    dashboardApi()
    await renderPage(<DashboardPage />, { me: meOf('advocate'), path: '/dashboard', route: '/dashboard' })
    const panel = await screen.findByRole('region', { name: 'Yearly report' })
    const user = userEvent.setup()
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Year' }), '2025')
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Province' }), 'Koh Kong')
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Language' }), 'Khmer')
    const pdf = within(panel).getByRole('link', { name: 'Download PDF' })
    expect(pdf.getAttribute('href')).toBe('/api/program-report?year=2025&province=Koh+Kong&lang=km&format=pdf')
    expect(pdf.hasAttribute('download')).toBe(true)
    expect(within(panel).getByRole('link', { name: 'Download spreadsheet (XLSX)' }).getAttribute('href')).toBe(
      '/api/program-report?year=2025&province=Koh+Kong&lang=km&format=xlsx',
    )
    expect(within(panel).getByRole('link', { name: 'Open as web page' }).getAttribute('href')).toBe(
      '/api/program-report?year=2025&province=Koh+Kong&lang=km&format=html',
    )
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Table' }), 'Women in leadership')
    expect(within(panel).getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(
      '/api/program-report?year=2025&province=Koh+Kong&lang=km&format=csv&table=leadership',
    )
  })

  it('leaves the province out for all provinces, and offers the report only to who may read it', async () => {
    expect(reportHref({ year: 2026, province: '', lang: 'en' }, 'pdf')).toBe('/api/program-report?year=2026&lang=en&format=pdf')
    dashboardApi()
    await renderPage(<DashboardPage />, { me: meOf('community_rep'), path: '/dashboard', route: '/dashboard' })
    await screen.findByTestId('indicators-participants')
    expect(screen.queryByRole('region', { name: 'Yearly report' })).toBeNull()
  })
})
