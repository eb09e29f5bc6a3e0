// @vitest-environment happy-dom
// The community form: submitted empty it says, next to each field and in the reader's language,
// what is required (the shared CreateCommunityBody decides); a save that hits a 409 shows the
// conflict notice and keeps what the user typed, and "keep my changes" resends them with the
// current version. Only fetch is faked: the page, its map and the query cache are the real ones.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter, Route, Routes, useLocation } from 'react-router'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { clientConfigJson } from './api-answers.ts'
import type { Me } from '../../shared/auth.ts'
import { meQueryKey } from '../../client/lib/session.ts'
import { CommunityEditPage } from '../../client/features/communities/community-edit-page.tsx'
import { initI18n } from '../helpers/i18n.ts'
import { setLanguage, type Language } from '../../client/lib/i18n.ts'

const COMMUNITY_ID = '20000000-0000-4000-8000-000000000001'

const legal: Me = {
  id: '00000000-0000-4000-8000-000000000001',
  displayName: 'Test Lawyer',
  role: 'legal',
  communityIds: [],
  mustChangePassword: false,
  permissions: ['signed_in', 'admin_areas.read', 'communities.read', 'communities.write', 'land.read', 'incidents.read'],
}

function communityRow(overrides: Record<string, unknown> = {}) {
  return {
    id: COMMUNITY_ID,
    createdAt: '2026-01-05T02:00:00.000Z',
    updatedAt: '2026-01-05T02:00:00.000Z',
    version: 3,
    name: 'Boeng Sala Land Community',
    nameKm: 'សហគមន៍ដីធ្លីបឹងសាលា',
    kind: 'land_community',
    status: 'active',
    province: 'Battambang',
    district: 'Banan',
    commune: 'Snoeng',
    village: 'Boeng Sala',
    households: 168,
    members: 249,
    womenMembers: 142,
    youthMembers: 63,
    leaderName: 'Heng Dara',
    leaderPhone: '+855 00 000 018',
    description: null,
    establishedYear: 2016,
    networkId: null,
    location: { type: 'Point', coordinates: [103.05, 12.95] },
    territory: null,
    networkName: null,
    intakeCode: '118',
    territoryAreaHa: null,
    ...overrides,
  }
}

interface Request {
  method: string
  path: string
  body: unknown
}

/** fetch, answered by `handle` (the community's own routes) and a few reference answers every page needs. */
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
  if (url.pathname === '/api/communities' || url.pathname === '/api/parcels') return { status: 200, body: { items: [], nextCursor: null } }
  return { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404, code: 'route.not_found', detail: url.pathname } }
}

function Location() {
  return <output data-testid="location">{useLocation().pathname}</output>
}

async function renderForm(path: string, language: Language) {
  initI18n(language)
  await setLanguage(language)
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  queryClient.setQueryData(meQueryKey, legal)
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/communities/new" element={<CommunityEditPage />} />
          <Route path="/communities/:id/edit" element={<CommunityEditPage />} />
          <Route path="*" element={<p>elsewhere</p>} />
        </Routes>
        <Location />
      </MemoryRouter>
    </QueryClientProvider>,
  )
}

/** The message tied to an input by aria-describedby (what a screen reader reads with it). */
function errorOf(input: HTMLElement): string | undefined {
  const id = input
    .getAttribute('aria-describedby')
    ?.split(' ')
    .find((part) => part.endsWith('-error'))
  return id ? (document.getElementById(id)?.textContent ?? undefined) : undefined
}

beforeAll(() => {
  initI18n('en')
  // happy-dom has no canvas; Leaflet draws the map's points on one. A context that accepts every
  // drawing call and draws nothing lets the real map components run.
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

describe('the new-community form submitted empty', () => {
  it('says which fields are required, in English, and sends nothing', async () => {
    const requests = fakeApi(() => undefined)
    await renderForm('/communities/new', 'en')
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Create community' }))

    expect(errorOf(screen.getByLabelText(/^Name \(English\)/))).toBe('This field is required.')
    expect(errorOf(screen.getByLabelText(/^Kind/))).toBe('This field is required.')
    expect(errorOf(screen.getByLabelText('Longitude'))).toBe('This field is required.')
    expect(screen.getByLabelText(/^Name \(English\)/).getAttribute('aria-invalid')).toBe('true')
    // Optional fields stay quiet.
    expect(errorOf(screen.getByLabelText('Households'))).toBeUndefined()
    expect(screen.getByText('Some fields need attention.')).toBeTruthy()
    expect(requests.filter((request) => request.method !== 'GET')).toEqual([])
  })

  it('says the same in Khmer', async () => {
    fakeApi(() => undefined)
    await renderForm('/communities/new', 'km')
    await userEvent.setup().click(await screen.findByRole('button', { name: 'បង្កើតសហគមន៍' }))

    expect(errorOf(screen.getByLabelText(/^ឈ្មោះ \(អង់គ្លេស\)/))).toBe('ត្រូវតែបំពេញវាលនេះ។')
    expect(errorOf(screen.getByLabelText(/^ប្រភេទ/))).toBe('ត្រូវតែបំពេញវាលនេះ។')
    expect(errorOf(screen.getByLabelText('រយៈបណ្ដោយ'))).toBe('ត្រូវតែបំពេញវាលនេះ។')
    expect(screen.getByText('មានវាលខ្លះត្រូវការកែតម្រូវ។')).toBeTruthy()
  })

  it('says a count typed as words is not a number, and reads Khmer digits as numbers', async () => {
    const requests = fakeApi(() => undefined)
    await renderForm('/communities/new', 'en')
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText(/^Name \(English\)/), 'Prey Lang Network')
    await user.selectOptions(screen.getByLabelText(/^Kind/), 'provincial_network')
    await user.type(screen.getByLabelText('Longitude'), '១០៥.២')
    await user.type(screen.getByLabelText('Latitude'), '12.9')
    await user.type(screen.getByLabelText('Members'), 'many')
    await user.click(screen.getByRole('button', { name: 'Create community' }))

    expect(errorOf(screen.getByLabelText('Members'))).toBe('Must be a number.')
    expect(errorOf(screen.getByLabelText('Longitude'))).toBeUndefined()
    expect(requests.filter((request) => request.method === 'POST')).toEqual([])
  })
})

describe('saving a community someone else changed meanwhile', () => {
  it('shows the conflict notice, keeps the typed values, and saves them over the current version on request', async () => {
    let patches = 0
    const requests = fakeApi((request) => {
      if (request.path !== `/api/communities/${COMMUNITY_ID}`) return undefined
      if (request.method === 'GET') return { status: 200, body: communityRow() }
      patches += 1
      if (patches === 1) {
        // Someone raised the member count while we were typing: the row is at version 4 now.
        return {
          status: 409,
          body: {
            type: 'about:blank',
            title: 'Conflict',
            status: 409,
            code: 'community.version_conflict',
            detail: 'Someone else changed this community (version 4, your change was based on 3); reload and review',
            current: communityRow({ version: 4, members: 260, updatedAt: '2026-01-06T02:00:00.000Z' }),
          },
        }
      }
      return { status: 200, body: communityRow({ version: 5, members: 260, leaderName: 'Sok Chanthy' }) }
    })
    await renderForm(`/communities/${COMMUNITY_ID}/edit`, 'en')
    const user = userEvent.setup()
    const leader = await screen.findByLabelText('Leader')
    await user.clear(leader)
    await user.type(leader, 'Sok Chanthy')
    await user.click(screen.getByRole('button', { name: 'Save' }))

    expect(await screen.findByText('Someone else changed this')).toBeTruthy()
    expect((screen.getByLabelText('Leader') as HTMLInputElement).value).toBe('Sok Chanthy')
    const firstPatch = requests.find((request) => request.method === 'PATCH')
    // Only what the user changed, with the version the edits were based on.
    expect(firstPatch?.body).toEqual({ leaderName: 'Sok Chanthy', version: 3 })

    await user.click(screen.getByRole('button', { name: 'Keep my changes and save over it' }))
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(`/communities/${COMMUNITY_ID}`))
    const patchBodies = requests.filter((request) => request.method === 'PATCH').map((request) => request.body)
    expect(patchBodies).toEqual([
      { leaderName: 'Sok Chanthy', version: 3 },
      { leaderName: 'Sok Chanthy', version: 4 },
    ])
  })

  it('loads the current version into the form when asked, in Khmer', async () => {
    fakeApi((request) => {
      if (request.path !== `/api/communities/${COMMUNITY_ID}`) return undefined
      if (request.method === 'GET') return { status: 200, body: communityRow() }
      return {
        status: 409,
        body: {
          type: 'about:blank',
          title: 'Conflict',
          status: 409,
          code: 'community.version_conflict',
          detail: 'stale',
          current: communityRow({ version: 4, leaderName: 'Chea Sophea' }),
        },
      }
    })
    await renderForm(`/communities/${COMMUNITY_ID}/edit`, 'km')
    const user = userEvent.setup()
    const leader = await screen.findByLabelText('ប្រធានសហគមន៍')
    await user.clear(leader)
    await user.type(leader, 'Sok Chanthy')
    await user.click(screen.getByRole('button', { name: 'រក្សាទុក' }))

    expect(await screen.findByText('មានអ្នកផ្សេងបានកែប្រែរួចហើយ')).toBeTruthy()
    expect((screen.getByLabelText('ប្រធានសហគមន៍') as HTMLInputElement).value).toBe('Sok Chanthy')
    await user.click(screen.getByRole('button', { name: 'ផ្ទុកកំណែបច្ចុប្បន្ន' }))
    expect((screen.getByLabelText('ប្រធានសហគមន៍') as HTMLInputElement).value).toBe('Chea Sophea')
    expect(screen.queryByText('មានអ្នកផ្សេងបានកែប្រែរួចហើយ')).toBeNull()
  })
})

describe('a community’s SMS code', () => {
  it('sends a changed code, and shows the server’s refusal of another community’s code next to the field', async () => {
    const requests = fakeApi((request) => {
      if (request.path !== `/api/communities/${COMMUNITY_ID}`) return undefined
      if (request.method === 'GET') return { status: 200, body: communityRow() }
      return {
        status: 409,
        body: {
          type: 'about:blank',
          title: 'Conflict',
          status: 409,
          code: 'communities.duplicate_intake_code',
          detail: "body.intakeCode: BS1 is already another community's SMS code",
          errors: [{ field: 'body.intakeCode', message: "is already another community's SMS code" }],
        },
      }
    })
    await renderForm(`/communities/${COMMUNITY_ID}/edit`, 'en')
    const user = userEvent.setup()
    const code = (await screen.findByLabelText(/^SMS code/)) as HTMLInputElement
    expect(code.value).toBe('118')
    await user.clear(code)
    await user.type(code, 'BS1')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(screen.getByLabelText(/^SMS code/).getAttribute('aria-invalid')).toBe('true'))
    expect(requests.find((request) => request.method === 'PATCH')?.body).toEqual({ intakeCode: 'BS1', version: 3 })
  })
})
