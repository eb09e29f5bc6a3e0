// @vitest-environment happy-dom
// Editing an incident: a community representative may change their own report only while it
// awaits triage — the page says so instead of showing a form they could not save, and a 403 from
// the server (legal staff reviewed it meanwhile) is explained while their text stays. A save
// sends only the fields that changed, with the row's version. Only fetch is faked.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import i18next from 'i18next'
import { MemoryRouter, Route, Routes, useLocation } from 'react-router'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { clientConfigJson } from './api-answers.ts'
import type { Me } from '../../shared/auth.ts'
import { Incident, UpdateIncidentBody } from '../../shared/incidents.ts'
import { meQueryKey } from '../../client/lib/session.ts'
import { changedFields, normalizeDigits, numberOrNull } from '../../client/lib/form-values.ts'
import { IncidentEditPage } from '../../client/features/incidents/incident-edit-page.tsx'
import { canEditIncident, incidentBodyOf, incidentValuesOf } from '../../client/features/incidents/incident-form.ts'
import { validate } from '../../client/lib/form-errors.ts'
import { initI18n } from '../helpers/i18n.ts'
import { setLanguage, type Language } from '../../client/lib/i18n.ts'

const INCIDENT_ID = '40000000-0000-4000-8000-000000000001'
const COMMUNITY_ID = '20000000-0000-4000-8000-000000000001'
const REP_ID = '00000000-0000-4000-8000-000000000002'

const rep: Me = {
  id: REP_ID,
  displayName: 'Test Representative',
  role: 'community_rep',
  communityIds: [COMMUNITY_ID],
  mustChangePassword: false,
  permissions: [
    'signed_in',
    'admin_areas.read',
    'communities.read',
    'land.read',
    'incidents.read',
    'incidents.create',
    'incidents.edit',
    'cases.read',
    'evidence.read',
    'evidence.upload',
  ],
}
const legal: Me = {
  ...rep,
  id: '00000000-0000-4000-8000-000000000003',
  role: 'legal',
  communityIds: [],
  permissions: [...rep.permissions, 'incidents.triage', 'communities.write'],
}
const advocate: Me = {
  ...rep,
  id: '00000000-0000-4000-8000-000000000004',
  role: 'advocate',
  communityIds: [],
  permissions: ['signed_in', 'incidents.read', 'incidents.create'],
}

function incidentRow(overrides: Record<string, unknown> = {}) {
  return {
    id: INCIDENT_ID,
    createdAt: '2026-11-27T03:00:00.000Z',
    updatedAt: '2026-11-27T03:00:00.000Z',
    version: 2,
    communityId: COMMUNITY_ID,
    communityName: 'Boeng Sala Land Community',
    title: 'Surveyors marking trees',
    titleKm: null,
    kind: 'encroachment',
    status: 'reported',
    severity: 'medium',
    perpetratorKind: 'unknown',
    perpetratorName: null,
    occurredAt: '2026-11-27T02:00:00.000Z',
    occurredPrecision: 'day',
    householdsAffected: 15,
    peopleAffected: null,
    description: 'Men with GPS came to the rice fields.',
    province: 'Battambang',
    district: 'Banan',
    commune: null,
    village: null,
    location: { type: 'Point', coordinates: [103.05, 12.95] },
    affectedArea: null,
    affectedAreaHa: null,
    isConfidential: false,
    dismissalReason: null,
    verifiedAt: null,
    reportedBy: null,
    reportedByUserId: REP_ID,
    sourceUrl: null,
    sourceDate: null,
    ...overrides,
  }
}

interface Request {
  method: string
  path: string
  body: unknown
}

function fakeApi(handle: (request: Request) => { status: number; body: unknown } | undefined) {
  const requests: Request[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://dey.test')
      const request = {
        method: init?.method ?? 'GET',
        path: url.pathname,
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      }
      requests.push(request)
      const answer = handle(request) ?? referenceAnswer(url)
      return new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'content-type': answer.status >= 400 ? 'application/problem+json' : 'application/json' },
      })
    }),
  )
  return requests
}

function referenceAnswer(url: URL): { status: number; body: unknown } {
  if (url.pathname === '/api/client-config')
    return {
      status: 200,
      body: clientConfigJson(),
    }
  if (url.pathname === '/api/admin-areas' && url.searchParams.get('format') === 'geojson')
    return { status: 200, body: { type: 'FeatureCollection', features: [], nextCursor: null } }
  if (url.pathname === '/api/admin-areas') {
    return {
      status: 200,
      body: {
        items: [
          {
            id: '30000000-0000-4000-8000-000000000001',
            level: 1,
            name: 'Battambang',
            nameKm: 'ខេត្តបាត់ដំបង',
            code: 'KH-2',
            parentId: null,
            parentName: null,
          },
        ],
        nextCursor: null,
      },
    }
  }
  if (url.pathname === '/api/communities') {
    return { status: 200, body: { items: [], nextCursor: null } }
  }
  return { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404, code: 'route.not_found', detail: url.pathname } }
}

function Location() {
  return <output data-testid="location">{useLocation().pathname}</output>
}

async function renderEdit(me: Me, language: Language = 'en') {
  initI18n(language)
  await setLanguage(language)
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  queryClient.setQueryData(meQueryKey, me)
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[`/incidents/${INCIDENT_ID}/edit`]}>
        <Routes>
          <Route path="/incidents/:id/edit" element={<IncidentEditPage />} />
          <Route path="*" element={<p>elsewhere</p>} />
        </Routes>
        <Location />
      </MemoryRouter>
    </QueryClientProvider>,
  )
}

beforeAll(() => {
  initI18n('en')
  // happy-dom has no canvas; Leaflet draws points on one. This context accepts every call and draws nothing.
  const context = new Proxy(
    {},
    {
      get: (target: Record<string, unknown>, key: string) => (key in target ? target[key] : () => undefined),
      set: (target, key: string, value) => ((target[key] = value), true),
    },
  )
  HTMLCanvasElement.prototype.getContext = (() => context) as unknown as HTMLCanvasElement['getContext']
})

afterEach(async () => {
  cleanup()
  vi.unstubAllGlobals()
  await setLanguage('en')
})

describe('who may edit an incident', () => {
  const incident = { status: 'reported' as const, reportedByUserId: REP_ID }
  it('lets a representative edit their own report while it awaits triage, and nothing else', () => {
    expect(canEditIncident(rep, incident)).toBe(true)
    expect(canEditIncident(rep, { ...incident, status: 'verified' })).toBe(false)
    expect(canEditIncident(rep, { ...incident, reportedByUserId: undefined })).toBe(false)
    expect(canEditIncident(rep, { ...incident, reportedByUserId: '00000000-0000-4000-8000-000000000009' })).toBe(false)
  })

  it('lets legal staff edit any incident, and advocates none', () => {
    expect(canEditIncident(legal, { status: 'ongoing', reportedByUserId: undefined })).toBe(true)
    expect(canEditIncident(advocate, incident)).toBe(false)
  })
})

describe('the incident body', () => {
  it('holds only the changed fields, checked by the shared schema', () => {
    initI18n('en')
    const saved = Incident.parse(incidentRow())
    const values = { ...incidentValuesOf(saved), householdsAffected: '១៨', title: '  Surveyors cut trees ' }
    const base = incidentValuesOf(saved)
    const changes = changedFields(incidentBodyOf(values), incidentBodyOf(base))
    expect(changes).toEqual({ title: 'Surveyors cut trees', householdsAffected: 18 })
    expect(validate(UpdateIncidentBody, { ...changes, version: 2 }, i18next.t)).toEqual({
      ok: true,
      data: { title: 'Surveyors cut trees', householdsAffected: 18, version: 2 },
    })
  })

  it('reads Khmer digits and decimal commas, and refuses words', () => {
    expect(normalizeDigits('១២៣,៥')).toBe('123.5')
    expect(numberOrNull('១២')).toBe(12)
    expect(numberOrNull('  ')).toBeNull()
    expect(numberOrNull('twelve')).toBeNaN()
  })
})

describe('the incident edit page', () => {
  it('sends a representative’s change to their own report with its version, then shows the incident', async () => {
    const requests = fakeApi((request) => {
      if (request.path !== `/api/incidents/${INCIDENT_ID}`) return undefined
      if (request.method === 'GET') return { status: 200, body: incidentRow() }
      return { status: 200, body: incidentRow({ version: 3, householdsAffected: 18 }) }
    })
    await renderEdit(rep)
    const user = userEvent.setup()
    const households = await screen.findByLabelText('Households affected')
    // A representative reports for one of their communities: "no community" is not offered.
    expect(screen.queryByRole('option', { name: 'No community' })).toBeNull()
    await user.clear(households)
    await user.type(households, '18')
    await user.click(screen.getByRole('button', { name: 'Save' }))

    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(`/incidents/${INCIDENT_ID}`))
    expect(requests.filter((request) => request.method === 'PATCH').map((request) => request.body)).toEqual([
      { householdsAffected: 18, version: 2 },
    ])
  })

  it('sends a new precision with its date: "Month only", May 2013', async () => {
    const requests = fakeApi((request) => {
      if (request.path !== `/api/incidents/${INCIDENT_ID}`) return undefined
      if (request.method === 'GET') return { status: 200, body: incidentRow() }
      return { status: 200, body: incidentRow({ version: 3, occurredAt: '2013-04-30T17:00:00.000Z', occurredPrecision: 'month' }) }
    })
    await renderEdit(legal)
    const user = userEvent.setup()
    await user.selectOptions(await screen.findByLabelText(/How sure is the date/), 'Month only')
    await user.selectOptions(screen.getByRole('combobox', { name: /^Month/ }), 'May')
    const year = screen.getByRole('textbox', { name: /^Year/ })
    await user.clear(year)
    await user.type(year, '2013')
    await user.click(screen.getByRole('button', { name: 'Save' }))

    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(`/incidents/${INCIDENT_ID}`))
    expect(requests.filter((request) => request.method === 'PATCH').map((request) => request.body)).toEqual([
      { occurredAt: '2013-04-30T17:00:00.000Z', occurredPrecision: 'month', version: 2 },
    ])
  })

  it('makes a date unknown by sending the precision alone', async () => {
    const requests = fakeApi((request) => {
      if (request.path !== `/api/incidents/${INCIDENT_ID}`) return undefined
      if (request.method === 'GET') return { status: 200, body: incidentRow() }
      return { status: 200, body: incidentRow({ version: 3, occurredPrecision: 'unknown' }) }
    })
    await renderEdit(legal)
    const user = userEvent.setup()
    await user.selectOptions(await screen.findByLabelText(/How sure is the date/), 'Not known')
    await user.click(screen.getByRole('button', { name: 'Save' }))

    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(`/incidents/${INCIDENT_ID}`))
    expect(requests.filter((request) => request.method === 'PATCH').map((request) => request.body)).toEqual([
      { occurredPrecision: 'unknown', version: 2 },
    ])
  })

  it('tells a representative, in Khmer, that a reviewed report can no longer be changed', async () => {
    fakeApi((request) =>
      request.path === `/api/incidents/${INCIDENT_ID}` ? { status: 200, body: incidentRow({ status: 'verified' }) } : undefined,
    )
    await renderEdit(rep, 'km')
    expect(await screen.findByText(/អ្នកមិនអាចកែប្រែឧប្បត្តិហេតុនេះបានទៀតទេ/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'រក្សាទុក' })).toBeNull()
    expect(screen.getByRole('link', { name: 'ត្រឡប់ទៅឧប្បត្តិហេតុ' }).getAttribute('href')).toBe(`/incidents/${INCIDENT_ID}`)
  })

  it('explains a 403 from the server and keeps what was typed', async () => {
    fakeApi((request) => {
      if (request.path !== `/api/incidents/${INCIDENT_ID}`) return undefined
      if (request.method === 'GET') return { status: 200, body: incidentRow() }
      return {
        status: 403,
        body: { type: 'about:blank', title: 'Forbidden', status: 403, code: 'auth.forbidden', detail: 'You may not edit this incident' },
      }
    })
    await renderEdit(rep)
    const user = userEvent.setup()
    const description = await screen.findByLabelText('Description')
    await user.type(description, ' They came back at night.')
    await user.click(screen.getByRole('button', { name: 'Save' }))

    expect(await screen.findByText(/You may not change this incident \(any more\)/)).toBeTruthy()
    expect((screen.getByLabelText('Description') as HTMLTextAreaElement).value).toBe(
      'Men with GPS came to the rice fields. They came back at night.',
    )
    expect(screen.getByTestId('location').textContent).toBe(`/incidents/${INCIDENT_ID}/edit`)
  })

  it('says an emptied title and point are required, next to their fields', async () => {
    const requests = fakeApi((request) =>
      request.path === `/api/incidents/${INCIDENT_ID}` ? { status: 200, body: incidentRow() } : undefined,
    )
    await renderEdit(legal)
    const user = userEvent.setup()
    await user.clear(await screen.findByLabelText(/^Title \(English\)/))
    await user.clear(screen.getByLabelText('Longitude'))
    await user.clear(screen.getByLabelText('Latitude'))
    await user.click(screen.getByRole('button', { name: 'Save' }))

    const errorOf = (input: HTMLElement) => {
      const id = input
        .getAttribute('aria-describedby')
        ?.split(' ')
        .find((part) => part.endsWith('-error'))
      return id ? document.getElementById(id)?.textContent : undefined
    }
    expect(errorOf(screen.getByLabelText(/^Title \(English\)/))).toBe('This field is required.')
    expect(errorOf(screen.getByLabelText('Longitude'))).toBe('This field is required.')
    expect(requests.filter((request) => request.method === 'PATCH')).toEqual([])
  })
})
