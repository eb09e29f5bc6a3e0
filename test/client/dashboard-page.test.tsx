// @vitest-environment happy-dom
// The dashboard against a fake stats API: figures, the three charts with their table
// alternatives, Khmer labels, filters sent to the API, and program targets with their pace when
// the stats carry them.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ComponentProps } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DashboardPage } from '../../client/features/dashboard/dashboard-page.tsx'
import { fakeApi, meOf, renderPage, type FakeRequest } from './admin-render.tsx'

// Chart.js needs a real canvas; the test looks at what the page hands to the chart instead.
vi.mock('react-chartjs-2', () => ({
  Bar: (
    props: { 'aria-label'?: string; data: { labels: string[]; datasets: { data: number[] }[] } } & Partial<ComponentProps<'canvas'>>,
  ) => (
    <canvas
      role="img"
      aria-label={props['aria-label']}
      data-labels={JSON.stringify(props.data.labels)}
      data-values={JSON.stringify(props.data.datasets[0]?.data)}
    />
  ),
}))

const kinds = [
  'forced_eviction',
  'eviction_threat',
  'land_grabbing',
  'encroachment',
  'demolition',
  'crop_destruction',
  'fencing',
  'intimidation',
  'violence',
  'arrest',
  'legal_harassment',
  'other',
]

const programTarget = (label: string, progress: { done: number; target: number; expected: number | null; status: string | null }) => ({
  id: crypto.randomUUID(),
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  code: null,
  label,
  labelKm: label === 'New land communities' ? 'សហគមន៍ដីធ្លីថ្មី' : null,
  planStartYear: 2026,
  planEndYear: 2030,
  baseline: 0,
  target: progress.target,
  pace: 'linear',
  milestones: [],
  rule: { count: 'activities', activityKinds: [], activityTopics: [] },
  progress: {
    asOf: '2026-12-03',
    counted: progress.done,
    done: progress.done,
    percent: Math.round((progress.done / progress.target) * 1000) / 10,
    expected: progress.expected,
    status: progress.status,
    byYear: [],
    byProvince: [],
  },
})

const stats = {
  period: { from: null, to: null, province: null, targetYear: 2026, landAsOf: '2026-11-28T00:00:00.000Z' },
  incidents: {
    total: 12,
    byKind: kinds.map((key, index) => ({ key, count: index === 4 ? 7 : index === 9 ? 5 : 0 })),
    byStatus: [{ key: 'reported', count: 12 }],
    byProvince: [
      { key: 'Ratanak Kiri', count: 9 },
      { key: 'Koh Kong', count: 3 },
    ],
    byMonth: [
      { key: '2026-01', count: 4 },
      { key: '2026-03', count: 8 },
    ],
    householdsAffected: 2311,
    peopleAffected: 10412,
    byMonthKind: [
      { month: '2026-01', kind: 'demolition', count: 4 },
      { month: '2026-03', kind: 'demolition', count: 3 },
      { month: '2026-03', kind: 'arrest', count: 5 },
    ],
  },
  activities: {
    total: 14,
    byKind: ['training', 'meeting', 'exchange', 'campaign', 'legal_awareness', 'other'].map((key, index) => ({
      key,
      count: index === 0 ? 9 : index === 1 ? 5 : 0,
    })),
    participants: { women: 214, men: 187, youth: 96, total: 401 },
  },
  leadership: {
    committeeMembers: 40,
    womenMembers: 17,
    leaders: 12,
    womenLeaders: 5,
    communitiesLedByWomen: 3,
    communitiesWithCommittee: 8,
  },
  communities: { total: 30, byKind: [], byStatus: [], byProvince: [{ key: 'Stung Treng', count: 2 }] },
  cases: {
    total: 6,
    byStage: [],
    byKind: [],
    byResult: [
      { key: 'won', count: 2 },
      { key: 'partly_won', count: 0 },
      { key: 'settled', count: 1 },
      { key: 'lost', count: 1 },
      { key: 'withdrawn', count: 0 },
      { key: 'pending', count: 2 },
    ],
  },
  land: {
    disputedHa: 32.26,
    disputedParcels: 17,
    communityLandHa: 31600.9,
    concessionOverlapHa: 3764.4,
    securedHa: 1250.5,
    securedParcels: 41,
  },
  targets: [
    programTarget('New land communities', { done: 3, target: 93, expected: 17.6, status: 'behind' }),
    programTarget('Annual community plans', { done: 95, target: 92, expected: 18.1, status: 'ahead' }),
  ],
}

const { targets: _targetsOfAdvocates, ...statsWithoutTargets } = stats

const provinces = [
  { id: crypto.randomUUID(), level: 1, name: 'Ratanak Kiri', nameKm: 'ខេត្តរតនគិរី', code: 'KH-16', parentId: null, parentName: null },
  { id: crypto.randomUUID(), level: 1, name: 'Koh Kong', nameKm: 'ខេត្តកោះកុង', code: 'KH-9', parentId: null, parentName: null },
]

function api(body: object = stats) {
  return fakeApi((request: FakeRequest) => {
    if (request.path === '/api/stats') return { body }
    if (request.path === '/api/admin-areas') return { body: { items: provinces, nextCursor: null } }
    return undefined
  })
}

const chartValues = (testId: string) => JSON.parse(within(screen.getByTestId(testId)).getByRole('img').getAttribute('data-values')!)
const chartLabels = (testId: string) => JSON.parse(within(screen.getByTestId(testId)).getByRole('img').getAttribute('data-labels')!)

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('DashboardPage', () => {
  it('shows the big figures and one chart for months, kinds and provinces, each with its table', async () => {
    api()
    await renderPage(<DashboardPage />, { me: meOf('advocate'), path: '/dashboard', route: '/dashboard' })

    const tiles = await screen.findByRole('list', { name: 'Dashboard' })
    expect(within(tiles).getByText('2,311')).toBeTruthy()
    expect(within(tiles).getByText('10,412')).toBeTruthy()
    expect(within(tiles).getByText('32.3')).toBeTruthy()
    expect(within(tiles).getByText('17 parcels')).toBeTruthy()
    expect(within(tiles).getByText('11.9% of community land')).toBeTruthy()

    // January to March: February had no incident and still has its bar.
    expect(chartLabels('chart-by-month')).toEqual(['Jan 2026', 'Feb 2026', 'Mar 2026'])
    expect(chartValues('chart-by-month')).toEqual([4, 0, 8])
    expect(chartLabels('chart-by-kind')).toContain('Demolition')
    expect(chartValues('chart-by-province')).toEqual([9, 3])

    const kindTable = within(screen.getByTestId('chart-by-kind')).getByRole('table')
    const demolition = within(kindTable).getByRole('rowheader', { name: 'Demolition' }).closest('tr')!
    expect(within(demolition).getByText('7')).toBeTruthy()
    expect(within(kindTable).getByRole('rowheader', { name: 'Total' }).closest('tr')!.textContent).toContain('12')
  })

  it('shows each program target with its pace, and not the colour alone', async () => {
    api()
    await renderPage(<DashboardPage />, { me: meOf('advocate'), path: '/dashboard', route: '/dashboard' })
    const behind = await screen.findByRole('region', { name: 'New land communities' })
    expect(within(behind).getByText('Done 3 of 93')).toBeTruthy()
    expect(within(behind).getByText(/Expected by today 18/)).toBeTruthy()
    expect(within(behind).getByTestId('pace-status').textContent).toContain('Behind')
    expect(within(behind).getByRole('link', { name: 'Details' }).getAttribute('href')).toBe(`/targets/${stats.targets[0]!.id}`)
    const bar = within(behind).getByRole('progressbar')
    expect(bar.getAttribute('aria-valuenow')).toBe('3')
    expect(bar.getAttribute('aria-valuemax')).toBe('93')
    const ahead = screen.getByRole('region', { name: 'Annual community plans' })
    expect(within(ahead).getByTestId('pace-status').textContent).toContain('Ahead')
    // Over target: the bar stops at full width.
    expect((within(ahead).getByRole('progressbar').firstElementChild as HTMLElement).style.width).toBe('100%')
  })

  it('shows no targets when the stats carry none (roles that may not read them)', async () => {
    const { requests } = api(statsWithoutTargets)
    await renderPage(<DashboardPage />, { me: meOf('legal'), path: '/dashboard', route: '/dashboard' })
    await screen.findByTestId('chart-by-month')
    expect(screen.queryByTestId('target-progress')).toBeNull()
    expect(screen.queryByText(/Program targets/)).toBeNull()
    expect(requests.some((request) => request.path === '/api/program-targets')).toBe(false)
  })

  it('labels kinds, provinces and months in Khmer', async () => {
    api()
    await renderPage(<DashboardPage />, { me: meOf('advocate'), path: '/dashboard', route: '/dashboard', language: 'km' })
    await screen.findByTestId('chart-by-month')
    await waitFor(() => expect(chartLabels('chart-by-province')).toEqual(['រតនគិរី', 'កោះកុង']))
    expect(chartLabels('chart-by-kind')).toContain('ការរុះរើផ្ទះ')
    expect(chartLabels('chart-by-month')[0]).toBe('មករា 2026')
    expect(screen.getByRole('heading', { name: 'ឧប្បត្តិហេតុតាមខែ' })).toBeTruthy()
  })

  it('sends the chosen year and province to the stats API and keeps them in the URL', async () => {
    const { requests } = api()
    await renderPage(<DashboardPage />, { me: meOf('advocate'), path: '/dashboard', route: '/dashboard' })
    await screen.findByTestId('chart-by-month')
    const user = userEvent.setup()
    const filters = screen.getByRole('search')
    await user.selectOptions(within(filters).getByLabelText('Year'), '2025')
    await user.selectOptions(await within(filters).findByLabelText('Province'), 'Koh Kong')
    await waitFor(() => {
      const last = requests.filter((request) => request.path === '/api/stats').at(-1)!
      expect(Object.fromEntries(last.query)).toEqual({ from: '2025-01-01', to: '2025-12-31', province: 'Koh Kong' })
    })
    expect(screen.getByTestId('location').textContent).toBe('/dashboard?from=2025-01-01&to=2025-12-31&province=Koh+Kong')
  })

  it('explains a start date after the end date instead of asking the API', async () => {
    const { requests } = api()
    await renderPage(<DashboardPage />, { me: meOf('advocate'), path: '/dashboard?from=2026-05-01&to=2026-01-01', route: '/dashboard' })
    expect(await screen.findByText('The start date is after the end date.')).toBeTruthy()
    await screen.findByTestId('chart-by-month')
    const sent = requests.filter((request) => request.path === '/api/stats')
    expect(sent.every((request) => !request.query.has('from') && !request.query.has('to'))).toBe(true)
  })
})
