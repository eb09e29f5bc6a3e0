// Renders one page of the client the way the app does (i18n, query cache, router, a signed-in
// user), with fetch answered by a small fake API: the tests of the dashboard, admin and account
// screens share it.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { ReactElement } from 'react'
import { MemoryRouter, Route, Routes, useLocation } from 'react-router'
import { vi } from 'vitest'
import type { Me } from '../../shared/auth.ts'
import { meQueryKey } from '../../client/lib/session.ts'
import { initI18n } from '../helpers/i18n.ts'
import { setLanguage, type Language } from '../../client/lib/i18n.ts'
import { PERMISSIONS } from '../../server/lib/policy.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import type { Permission } from '../../shared/permissions.ts'

export interface FakeRequest {
  method: string
  path: string
  query: URLSearchParams
  body: unknown
}

export type FakeHandler = (request: FakeRequest) => { status?: number; body?: unknown } | undefined

export function meOf(role: UserRole, overrides: Partial<Me> = {}): Me {
  const permissions = Object.entries(PERMISSIONS)
    .filter(([, roles]) => Array.isArray(roles) && (roles as readonly string[]).includes(role))
    .map(([permission]) => permission as Permission)
  return {
    id: '00000000-0000-4000-8000-000000000001',
    displayName: `Test ${role}`,
    role,
    communityIds: [],
    mustChangePassword: false,
    permissions,
    ...overrides,
  }
}

/** Replaces fetch: each request goes to `handler`; what it does not answer is a 404 problem. */
export function fakeApi(handler: FakeHandler) {
  const requests: FakeRequest[] = []
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://dey.test')
    const request: FakeRequest = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    }
    requests.push(request)
    const answer = handler(request) ?? {
      status: 404,
      body: { type: 'about:blank', title: 'Not Found', status: 404, code: 'route.not_found', detail: `${request.method} ${request.path}` },
    }
    const status = answer.status ?? 200
    const isProblem = status >= 400
    return new Response(status === 204 ? null : JSON.stringify(answer.body ?? null), {
      status,
      headers: { 'content-type': isProblem ? 'application/problem+json' : 'application/json' },
    })
  })
  vi.stubGlobal('fetch', fetchMock)
  return { requests, fetchMock }
}

export function problem(status: number, code: string, detail = code, errors?: { field: string; message: string }[]) {
  return { status, body: { type: 'about:blank', title: code, status, code, detail, ...(errors ? { errors } : {}) } }
}

/** Where the router is now, for asserting navigations. */
function LocationProbe() {
  const location = useLocation()
  return <output data-testid="location">{location.pathname + location.search}</output>
}

export async function renderPage(page: ReactElement, options: { me: Me; path: string; route: string; language?: Language }) {
  initI18n(options.language ?? 'en')
  await setLanguage(options.language ?? 'en')
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  queryClient.setQueryData(meQueryKey, options.me)
  const result = render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[options.path]}>
        <Routes>
          <Route path={options.route} element={page} />
          <Route path="*" element={<p>elsewhere</p>} />
        </Routes>
        <LocationProbe />
      </MemoryRouter>
    </QueryClientProvider>,
  )
  return { ...result, queryClient }
}
