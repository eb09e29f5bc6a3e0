// @vitest-environment happy-dom
// The whole home map against a fake API: every layer asks for GeoJSON in the area in view with
// the filters from the URL; incidents become markers (data-testid) or numbered clusters; the
// layer choice is remembered; advocates get no photo layer.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter, Route, Routes } from 'react-router'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { meQueryKey } from '../../client/lib/session.ts'
import { MapPage } from '../../client/features/map/map-page.tsx'
import { initI18n } from '../../client/app/i18n.ts'
import { setLanguage } from '../../client/lib/i18n.ts'
import { PERMISSIONS } from '../../server/lib/policy.ts'
import type { Me } from '../../shared/auth.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import type { Permission } from '../../shared/permissions.ts'

const requests: URL[] = []

/** The user as /api/auth/me describes them, with the permissions the real policy gives the role. */
const meOf = (role: UserRole): Me => ({
  id: '00000000-0000-4000-8000-000000000001',
  displayName: 'Test',
  role,
  communityIds: [],
  mustChangePassword: false,
  permissions: Object.entries(PERMISSIONS)
    .filter(([, roles]) => (roles as readonly string[]).includes(role))
    .map(([name]) => name as Permission),
})

const incident = (id: string, lng: number, lat: number, severity = 'high') => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [lng, lat] },
  properties: {
    id,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    communityId: null,
    communityName: null,
    title: `Incident ${id.slice(0, 4)}`,
    titleKm: null,
    kind: 'demolition',
    status: 'ongoing',
    severity,
    perpetratorKind: 'unknown',
    perpetratorName: null,
    occurredAt: '2026-01-01T00:00:00.000Z',
    householdsAffected: 3,
    peopleAffected: null,
    description: null,
    province: 'Kratie',
    district: null,
    commune: null,
    village: null,
    affectedArea: null,
    affectedAreaHa: null,
    isConfidential: false,
    dismissalReason: null,
    verifiedAt: null,
    reportedBy: null,
    sourceUrl: null,
    sourceDate: null,
  },
})

const collection = (features: unknown[]) => ({ type: 'FeatureCollection', features, nextCursor: null })

beforeAll(() => {
  initI18n('en')
  // happy-dom lays nothing out: give the map a phone-sized box so Leaflet has an area in view.
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 360 })
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 680 })
})
beforeEach(() => {
  requests.length = 0
  localStorage.clear()
  sessionStorage.clear()
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://dey.test')
      requests.push(url)
      let body: unknown = { items: [], nextCursor: null }
      if (url.pathname === '/api/client-config') body = { tileUrl: null, tileAttribution: '', maxUploadBytes: 1000 }
      else if (url.pathname === '/api/incidents') {
        body = collection([
          // Two close together in Kratie, one alone in Koh Kong.
          incident('aaaaaaaa-0000-4000-8000-000000000001', 106.01, 12.49),
          incident('aaaaaaaa-0000-4000-8000-000000000002', 106.02, 12.5, 'critical'),
          incident('aaaaaaaa-0000-4000-8000-000000000003', 103.2, 11.6),
        ])
      } else if (
        ['/api/communities', '/api/parcels', '/api/concessions', '/api/evidence'].includes(url.pathname) &&
        url.searchParams.get('format') === 'geojson'
      ) {
        body = collection([])
      } else if (url.pathname === '/api/admin-areas' && url.searchParams.get('format') === 'geojson') body = collection([])
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })
    }),
  )
})
afterEach(async () => {
  cleanup()
  await setLanguage('en')
})

function renderMap(role: UserRole, path = '/') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  client.setQueryData(meQueryKey, meOf(role))
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/" element={<MapPage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  )
}

const layerRequests = (path: string) => requests.filter((url) => url.pathname === path && url.searchParams.get('format') === 'geojson')

describe('MapPage', () => {
  it('is a labelled map region whose layers load by area, with the URL filters on incidents', async () => {
    renderMap('legal', '/?kind=demolition&province=Kratie&q=river')
    expect(screen.getByRole('region', { name: 'Map of communities, land and incidents' })).toBeTruthy()
    await waitFor(() => expect(layerRequests('/api/incidents').length).toBeGreaterThan(0))
    const query = layerRequests('/api/incidents')[0]!.searchParams
    expect(query.get('bbox')).toMatch(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/)
    expect(query.get('kind')).toBe('demolition')
    expect(query.get('province')).toBe('Kratie')
    expect(query.get('q')).toBe('river')
    expect(query.get('limit')).toBe('500')
    await waitFor(() => expect(layerRequests('/api/communities').length).toBeGreaterThan(0))
    const communities = layerRequests('/api/communities')[0]!.searchParams
    expect(communities.get('kind')).toBeNull()
    expect(communities.get('province')).toBe('Kratie')
  })

  it('draws incidents as markers or numbered clusters', async () => {
    const { container } = renderMap('legal')
    await waitFor(() =>
      expect(container.querySelectorAll('[data-testid=incident-marker], [data-testid=incident-cluster]').length).toBeGreaterThan(0),
    )
    const markers = container.querySelectorAll('[data-testid=incident-marker]').length
    const clustered = [...container.querySelectorAll('[data-testid=incident-cluster]')].reduce(
      (sum, cluster) => sum + Number(cluster.textContent),
      0,
    )
    expect(markers + clustered).toBe(3)
  })

  it('opens the details panel for a clicked incident', async () => {
    const { container } = renderMap('legal')
    await waitFor(() => expect(container.querySelector('[data-testid=incident-marker]')).toBeTruthy())
    const marker = container.querySelector('[data-testid=incident-marker]')!.closest('.leaflet-marker-icon')!
    fireEvent.click(marker)
    const panel = await screen.findByTestId('map-panel')
    expect(within(panel).getByRole('link', { name: 'Open the incident' }).getAttribute('href')).toMatch(/^\/incidents\/aaaaaaaa-/)
    expect(within(panel).getByText('Demolition')).toBeTruthy()
    fireEvent.click(within(panel).getByRole('button', { name: 'Close details' }))
    expect(screen.queryByTestId('map-panel')).toBeNull()
  })

  it('remembers a layer switched off, and stops asking for it', async () => {
    renderMap('legal')
    await waitFor(() => expect(layerRequests('/api/incidents').length).toBeGreaterThan(0))
    await userEvent.click(screen.getByRole('checkbox', { name: 'Incidents' }))
    expect(JSON.parse(localStorage.getItem('dey.map.layers')!)).toMatchObject({ incidents: false })
    cleanup()
    requests.length = 0
    renderMap('legal')
    expect((screen.getByRole('checkbox', { name: 'Incidents' }) as HTMLInputElement).checked).toBe(false)
    await waitFor(() => expect(layerRequests('/api/communities').length).toBeGreaterThan(0))
    expect(layerRequests('/api/incidents')).toHaveLength(0)
  })

  it('gives advocates no photo layer (the server hides photo locations from them)', async () => {
    renderMap('advocate')
    const photos = screen.getByRole('checkbox', { name: 'Photos with GPS' }) as HTMLInputElement
    expect(photos.disabled).toBe(true)
    await waitFor(() => expect(layerRequests('/api/incidents').length).toBeGreaterThan(0))
    expect(layerRequests('/api/evidence')).toHaveLength(0)
  })

  it('is in Khmer for a Khmer reader', async () => {
    await setLanguage('km')
    renderMap('community_rep')
    expect(screen.getByRole('region', { name: 'ផែនទីសហគមន៍ ដីធ្លី និងឧប្បត្តិហេតុ' })).toBeTruthy()
    expect(screen.getByRole('checkbox', { name: 'ក្បាលដី' })).toBeTruthy()
  })
})
