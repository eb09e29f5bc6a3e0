// @vitest-environment happy-dom
// The "Report a threat" form: validation with localized messages next to each field, the draft
// that survives a reload, and a valid report going through the outbox to the server once — with
// the top-bar status while it waits for a connection. Only the network (fetch, tus) is faked.
import 'fake-indexeddb/auto'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { randomUUID } from 'node:crypto'
import type { ReactNode } from 'react'
import { MemoryRouter } from 'react-router'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { clientConfigJson } from './api-answers.ts'
import { meQueryKey } from '../../client/lib/session.ts'
import { outbox } from '../../client/features/report/outbox.ts'
import { ReportPage } from '../../client/features/report/report-page.tsx'
import { checkReport, initialValues } from '../../client/features/report/report-values.ts'
import { SyncStatus } from '../../client/features/report/sync-status.tsx'
import { initI18n } from '../helpers/i18n.ts'
import { setLanguage } from '../../client/lib/i18n.ts'

vi.mock('tus-js-client', () => ({ Upload: class {}, DetailedError: class extends Error {} }))

const USER_ID = randomUUID()
const COMMUNITIES = [
  { id: randomUUID(), name: 'Boeng Sala Land Community', nameKm: 'សហគមន៍ដីធ្លីបឹងសាលា', location: [103.05, 12.95] },
  { id: randomUUID(), name: 'Lam Dach Bunong Community', nameKm: 'សហគមន៍ព្នងភូមិឡាំដាច', location: [106.95, 12.25] },
]

const me = {
  id: USER_ID,
  displayName: 'Demo Community Representative',
  role: 'community_rep',
  communityIds: COMMUNITIES.map((community) => community.id),
  mustChangePassword: false,
  permissions: ['incidents.create', 'incidents.read', 'communities.read'],
}

function communityJson(community: (typeof COMMUNITIES)[number]) {
  const now = new Date().toISOString()
  return {
    id: community.id,
    createdAt: now,
    updatedAt: now,
    version: 1,
    name: community.name,
    nameKm: community.nameKm,
    kind: 'land_community',
    status: 'active',
    province: 'Battambang',
    district: null,
    commune: null,
    village: null,
    households: null,
    members: null,
    womenMembers: null,
    youthMembers: null,
    leaderName: null,
    description: null,
    establishedYear: null,
    networkId: null,
    networkName: null,
    location: { type: 'Point', coordinates: community.location },
    territory: null,
    territoryAreaHa: null,
  }
}

const posts: Record<string, unknown>[] = []
let isServerReachable = true

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

async function fakeFetch(input: RequestInfo | URL, init: RequestInit = {}) {
  const url = new URL(String(input), 'http://dey.test')
  if (!isServerReachable) throw new TypeError('Failed to fetch')
  if (url.pathname === '/api/client-config') return json(200, clientConfigJson({ maxUploadBytes: 50_000_000 }))
  if (url.pathname === '/api/communities') return json(200, { items: COMMUNITIES.map(communityJson), nextCursor: null })
  if (url.pathname === '/api/incidents' && init.method === 'POST') {
    const body = JSON.parse(String(init.body)) as Record<string, unknown>
    posts.push(body)
    const now = new Date().toISOString()
    return json(201, {
      id: randomUUID(),
      createdAt: now,
      updatedAt: now,
      version: 1,
      communityId: body.communityId,
      communityName: 'Boeng Sala Land Community',
      title: body.title,
      titleKm: body.titleKm,
      kind: body.kind,
      status: 'reported',
      severity: body.severity,
      perpetratorKind: body.perpetratorKind,
      perpetratorName: null,
      occurredAt: body.occurredAt ?? now,
      occurredPrecision: body.occurredPrecision ?? 'day',
      householdsAffected: body.householdsAffected,
      peopleAffected: null,
      description: body.description,
      province: 'Battambang',
      district: null,
      commune: null,
      village: null,
      location: body.location,
      affectedArea: null,
      affectedAreaHa: null,
      isConfidential: false,
      dismissalReason: null,
      verifiedAt: null,
      reportedBy: null,
      sourceUrl: null,
      sourceDate: null,
    })
  }
  return json(404, { type: 'about:blank', title: 'Not Found', status: 404, code: 'http.404', detail: 'not faked' })
}

let online = true
Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })

function renderReport(children: ReactNode = <ReportPage />) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  client.setQueryData(meQueryKey, me)
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={['/report']}>
        <SyncStatus />
        {children}
      </MemoryRouter>
    </QueryClientProvider>,
  )
}

/** The message shown inside the group or field that a label or legend names. */
const groupOf = (name: string) => screen.getByRole('group', { name: new RegExp(name) })

beforeAll(() => initI18n('en'))

beforeEach(async () => {
  posts.length = 0
  online = true
  isServerReachable = true
  vi.stubGlobal('fetch', vi.fn(fakeFetch))
  await outbox.clearDraft(USER_ID)
  for (const entry of await outbox.list()) await outbox.discard(entry.id)
})

afterEach(async () => {
  cleanup()
  outbox.stop()
  vi.unstubAllGlobals()
  await setLanguage('en')
})

describe('report form validation', () => {
  it('shows what is missing next to each field, in English', async () => {
    renderReport()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Send report' }))

    expect(within(groupOf('What happened\\?')).getByRole('alert').textContent).toBe('Choose what happened.')
    expect(within(groupOf('Where did it happen\\?')).getByRole('alert').textContent).toBe(
      'Choose the place: use your location or tap the map.',
    )
    expect(within(groupOf('Community')).getByRole('alert').textContent).toBe('Choose the community.')
    expect(screen.getByText('Please check the fields marked in red.')).toBeTruthy()
    expect(posts).toEqual([])
    expect(await outbox.list()).toEqual([])
  })

  it('shows the same messages in Khmer', async () => {
    await setLanguage('km')
    renderReport()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'ផ្ញើរបាយការណ៍' }))

    expect(within(groupOf('តើមានអ្វីកើតឡើង\\?')).getByRole('alert').textContent).toBe('សូមជ្រើសរើសអ្វីដែលបានកើតឡើង។')
    expect(within(groupOf('តើវាកើតឡើងនៅទីណា\\?')).getByRole('alert').textContent).toBe('សូមជ្រើសរើសទីតាំង៖ ប្រើទីតាំងរបស់អ្នក ឬចុចលើផែនទី។')
  })

  it('checks the shared schema too: households must be a whole number, the time not in the future', async () => {
    await setLanguage('en')
    const { t } = await import('i18next').then((module) => ({ t: module.default.t }))
    const values = {
      ...initialValues(),
      kind: 'fencing' as const,
      communityId: COMMUNITIES[0]!.id,
      location: { lng: 104.9, lat: 11.55, source: 'map' as const },
    }
    const community = { ...COMMUNITIES[0]!, location: COMMUNITIES[0]!.location as [number, number] }
    const result = checkReport(
      { ...values, householdsAffected: '2.5', occurredAt: '2099-01-01T10:00' },
      { t, community, needsCommunity: true },
    )
    expect(result.ok ? {} : result.errors).toEqual({
      householdsAffected: 'Enter a whole number of households (0 or more).',
      occurredAt: 'This time is in the future.',
    })
    const outside = checkReport({ ...values, location: { lng: 100.5, lat: 13.75, source: 'map' } }, { t, community, needsCommunity: true })
    expect(outside.ok ? {} : outside.errors).toEqual({ location: 'This place is outside Cambodia. Move the pin.' })
    // The server's own region, once its client config is known: another country's installation.
    const kenya = [33.8, -4.8, 42, 5.1] as const
    const nairobi = { ...values, location: { lng: 36.82, lat: -1.29, source: 'map' as const } }
    expect(checkReport(nairobi, { t, community, needsCommunity: true, region: kenya }).ok).toBe(true)
    expect(checkReport(values, { t, community, needsCommunity: true, region: kenya }).ok).toBe(false)
    const good = checkReport(values, { t, community, needsCommunity: true })
    expect(good.ok && good.body).toMatchObject({
      title: 'Fencing — Boeng Sala Land Community',
      titleKm: 'ការព័ទ្ធរបង — សហគមន៍ដីធ្លីបឹងសាលា',
      kind: 'fencing',
      location: { type: 'Point', coordinates: [104.9, 11.55] },
      householdsAffected: null,
    })
  })
})

describe('report form draft and sending', () => {
  it('keeps what was typed across a reload, and restores it', async () => {
    const first = renderReport()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('radio', { name: 'Arrest' }))
    await user.type(screen.getByLabelText(/Describe what happened/), 'Two men were taken away')
    await waitFor(async () =>
      expect((await outbox.loadDraft(USER_ID))?.values).toMatchObject({ kind: 'arrest', description: 'Two men were taken away' }),
    )
    first.unmount()

    renderReport()
    expect(await screen.findByText('Your unfinished report was restored.')).toBeTruthy()
    expect((screen.getByRole('radio', { name: 'Arrest' }) as HTMLInputElement).checked).toBe(true)
    expect((screen.getByLabelText(/Describe what happened/) as HTMLTextAreaElement).value).toBe('Two men were taken away')
  })

  it('queues a valid report while offline, shows "waiting to send (1)", and sends it once when the connection returns', async () => {
    // A draft with a place (the map is not clickable in this DOM): the form opens with it.
    await outbox.saveDraft(USER_ID, {
      values: { ...initialValues(), kind: 'fencing', location: { lng: 103.06, lat: 12.96, source: 'map' }, householdsAffected: '12' },
      files: [],
      savedAt: Date.now(),
    })
    online = false
    isServerReachable = false
    renderReport()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('radio', { name: 'Boeng Sala Land Community' }))
    await user.click(screen.getByRole('button', { name: 'Send report' }))

    expect(await screen.findByText('Saved on this phone. It will be sent automatically when there is a connection.')).toBeTruthy()
    const status = await screen.findByTestId('outbox-status')
    expect(status.textContent).toContain('Waiting to send (1)')
    expect(await outbox.loadDraft(USER_ID)).toBeUndefined()
    expect(posts).toEqual([])

    online = true
    isServerReachable = true
    await act(async () => {
      window.dispatchEvent(new Event('online'))
    })
    const sent = await screen.findByTestId('report-sent', {}, { timeout: 5_000 })
    expect(within(sent).getByRole('link', { name: 'Open the report' }).getAttribute('href')).toMatch(/^\/incidents\/[0-9a-f-]{36}$/)
    await waitFor(() => expect(screen.queryByTestId('outbox-status')).toBeNull())
    expect(posts).toHaveLength(1)
    expect(posts[0]).toMatchObject({
      clientReportId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      communityId: COMMUNITIES[0]!.id,
      kind: 'fencing',
      title: 'Fencing — Boeng Sala Land Community',
      householdsAffected: 12,
      location: { type: 'Point', coordinates: [103.06, 12.96] },
    })
    expect(await outbox.list()).toEqual([])
  })
})

describe('report form: how sure is the date', () => {
  const ready = {
    kind: 'fencing' as const,
    communityId: COMMUNITIES[0]!.id,
    location: { lng: 103.06, lat: 12.96, source: 'map' as const },
  }

  it('makes the body from the precision: the first of the month, 1 January, or no date at all', async () => {
    const { t } = await import('i18next').then((module) => ({ t: module.default.t }))
    const community = { ...COMMUNITIES[0]!, location: COMMUNITIES[0]!.location as [number, number] }
    const check = (values: Partial<ReturnType<typeof initialValues>>) =>
      checkReport({ ...initialValues(), ...ready, ...values }, { t, community, needsCommunity: true })
    const month = check({ occurredPrecision: 'month', occurredMonth: '5', occurredYear: '2013' })
    expect(month.ok && month.body).toMatchObject({ occurredPrecision: 'month', occurredAt: '2013-05-01T00:00:00+07:00' })
    const year = check({ occurredPrecision: 'year', occurredYear: '2013' })
    expect(year.ok && year.body).toMatchObject({ occurredPrecision: 'year', occurredAt: '2013-01-01T00:00:00+07:00' })
    const unknown = check({ occurredPrecision: 'unknown', occurredAt: '' })
    expect(unknown.ok && unknown.body).toMatchObject({ occurredPrecision: 'unknown' })
    expect(unknown.ok && 'occurredAt' in unknown.body).toBe(false)
    const badYear = check({ occurredPrecision: 'year', occurredYear: '13' })
    expect(badYear.ok ? {} : badYear.errors).toEqual({ occurredAt: 'Enter a year such as 2013.' })
    const noDay = check({ occurredPrecision: 'day', occurredAt: '' })
    expect(noDay.ok ? {} : noDay.errors).toEqual({ occurredAt: 'Enter the date, or choose “Not known”.' })
    const nextYear = check({ occurredPrecision: 'year', occurredYear: String(new Date().getFullYear() + 1) })
    expect(nextYear.ok ? {} : nextYear.errors).toEqual({ occurredAt: 'This time is in the future.' })
  })

  it('queues a report of month precision with its precision, for the outbox to send', async () => {
    await outbox.saveDraft(USER_ID, { values: { ...initialValues(), ...ready }, files: [], savedAt: Date.now() })
    online = false
    isServerReachable = false
    renderReport()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('radio', { name: 'Month only' }))
    await user.selectOptions(screen.getByRole('combobox', { name: /^Month/ }), 'May')
    const year = screen.getByRole('textbox', { name: /^Year/ })
    await user.clear(year)
    await user.type(year, '2013')
    await user.click(screen.getByRole('button', { name: 'Send report' }))

    expect(await screen.findByText('Saved on this phone. It will be sent automatically when there is a connection.')).toBeTruthy()
    const [entry] = await outbox.list()
    expect(entry!.body).toMatchObject({ occurredPrecision: 'month', occurredAt: '2013-05-01T00:00:00+07:00' })
    expect(entry!.values).toMatchObject({ occurredPrecision: 'month', occurredMonth: '5', occurredYear: '2013' })
  })

  it('sends a report whose date is not known without occurredAt, in Khmer too', async () => {
    await setLanguage('km')
    await outbox.saveDraft(USER_ID, { values: { ...initialValues(), ...ready }, files: [], savedAt: Date.now() })
    renderReport()
    const user = userEvent.setup()
    const precision = await screen.findByRole('group', { name: /តើអ្នកដឹងកាលបរិច្ឆេទច្បាស់កម្រិតណា/ })
    await user.click(within(precision).getByRole('radio', { name: 'មិនដឹងកាលបរិច្ឆេទ' }))
    expect(screen.getByText('វានឹងបង្ហាញថា «មិនដឹងកាលបរិច្ឆេទ»។')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'ផ្ញើរបាយការណ៍' }))

    await waitFor(() => expect(posts).toHaveLength(1), { timeout: 5_000 })
    expect(posts[0]).toMatchObject({ occurredPrecision: 'unknown', kind: 'fencing' })
    expect('occurredAt' in posts[0]!).toBe(false)
  })
})
