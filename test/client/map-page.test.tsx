// @vitest-environment happy-dom
// The whole home map against a fake API that answers real vector tiles: every layer asks for the
// tiles in view with the filters from the URL; incidents become markers (data-testid) or the
// server's numbered clusters with exact counts; the counts in view come from the count endpoint;
// a click opens the record fetched by id; the layer choice is remembered; advocates get no photo
// layer.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter, Route, Routes } from 'react-router'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { clientConfigJson } from './api-answers.ts'
import { meQueryKey } from '../../client/lib/session.ts'
import { MapPage } from '../../client/features/map/map-page.tsx'
import { initI18n } from '../helpers/i18n.ts'
import { setLanguage } from '../../client/lib/i18n.ts'
import { PERMISSIONS } from '../../server/lib/policy.ts'
import type { Me } from '../../shared/auth.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import type { Permission } from '../../shared/permissions.ts'
import { DETAIL_MIN_ZOOM } from '../../shared/tiles.ts'
import { encodeMvt, type MvtFeature } from '../helpers/mvt.ts'

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
    occurredPrecision: 'day',
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

// Two close together in Kratie, one alone in Koh Kong.
const INCIDENTS = [
  incident('aaaaaaaa-0000-4000-8000-000000000001', 106.01, 12.49),
  incident('aaaaaaaa-0000-4000-8000-000000000002', 106.02, 12.5, 'critical'),
  incident('aaaaaaaa-0000-4000-8000-000000000003', 103.2, 11.6),
]

/** [lng, lat] in tile z/x/y's coordinates (0…4096), or undefined when outside the tile. */
function inTile([lng, lat]: number[], z: number, x: number, y: number): [number, number] | undefined {
  const n = 2 ** z
  const rad = (lat! * Math.PI) / 180
  const px = (((lng! + 180) / 360) * n - x) * 4096
  const py = (((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n - y) * 4096
  return px >= 0 && px < 4096 && py >= 0 && py < 4096 ? [Math.round(px), Math.round(py)] : undefined
}

/** The incidents tile as the server makes it: records from the detail zoom, one cluster per tile below. */
function incidentTile(z: number, x: number, y: number): Uint8Array {
  const inside = INCIDENTS.flatMap((feature) => {
    const at = inTile(feature.geometry.coordinates, z, x, y)
    return at ? [{ feature, at }] : []
  })
  if (inside.length === 0) return new Uint8Array(0)
  if (z < DETAIL_MIN_ZOOM.incidents) {
    const cluster: MvtFeature = {
      properties: { cluster: true, count: inside.length, maxSeverityRank: 4 },
      geometry: { type: 'Point', coordinates: inside[0]!.at },
    }
    return encodeMvt('incidents', [cluster])
  }
  return encodeMvt(
    'incidents',
    inside.map(({ feature, at }) => ({
      properties: {
        id: feature.id,
        kind: feature.properties.kind,
        severity: feature.properties.severity,
        status: feature.properties.status,
        occurredAt: feature.properties.occurredAt,
        occurredPrecision: feature.properties.occurredPrecision,
        title: feature.properties.title,
      },
      geometry: { type: 'Point' as const, coordinates: at },
    })),
  )
}

const TILE_PATH = /^\/api\/tiles\/(\d+)\/(\d+)\/(\d+)\.mvt$/

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
      const tile = TILE_PATH.exec(url.pathname)
      if (tile) {
        // One tile of several layers: this fake server has incidents only.
        const [, z, x, y] = tile
        const layers = url.searchParams.get('layers')?.split(',') ?? []
        const bytes = layers.includes('incidents') ? incidentTile(Number(z), Number(x), Number(y)) : new Uint8Array(0)
        return new Response(new Uint8Array(bytes), { headers: { 'content-type': 'application/vnd.mapbox-vector-tile' } })
      }
      const record = INCIDENTS.find((feature) => url.pathname === `/api/incidents/${feature.id}`)
      if (url.pathname === '/api/client-config') body = clientConfigJson({ maxUploadBytes: 1000 })
      else if (record) body = { ...record.properties, location: record.geometry }
      else if (url.pathname === '/api/tiles/incidents/count') body = { count: 3 }
      else if (/^\/api\/tiles\/[a-z-]+\/count$/.test(url.pathname)) body = { count: 0 }
      else if (url.pathname === '/api/admin-areas' && url.searchParams.get('format') === 'geojson') body = collection([])
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

/** Tile requests (one per tile, of all layers shown) that ask for this layer. */
const tileRequests = (layer: string) =>
  requests.filter((url) => TILE_PATH.test(url.pathname) && (url.searchParams.get('layers') ?? '').split(',').includes(layer))

/** Opens the map zoomed in on the two Kratie incidents (the view is remembered per tab). */
const zoomedIn = () => sessionStorage.setItem('dey.map.view', JSON.stringify({ lat: 12.495, lng: 106.015, zoom: 14 }))

describe('MapPage', () => {
  it('is a labelled map region drawn from the tiles in view, two requests per tile (points, shapes) for the layers shown, the URL filters in them', async () => {
    renderMap('legal', '/?kind=demolition&province=Kratie&q=river')
    expect(screen.getByRole('region', { name: 'Map of communities, land and incidents' })).toBeTruthy()
    await waitFor(() => expect(tileRequests('incidents').length).toBeGreaterThan(0))
    const query = tileRequests('incidents')[0]!.searchParams
    // Two requests per tile: the point layers, then the shapes. The server applies to each layer
    // the filters it takes (kind: incidents only).
    expect(query.get('layers')!.split(',')).toEqual(expect.arrayContaining(['incidents', 'communities']))
    await waitFor(() => expect(tileRequests('concessions').length).toBeGreaterThan(0))
    expect(tileRequests('concessions')[0]!.searchParams.get('layers')).not.toContain('incidents')
    expect(tileRequests('concessions')[0]!.searchParams.get('province')).toBe('Kratie')
    expect(query.get('kind')).toBe('demolition')
    expect(query.get('province')).toBe('Kratie')
    expect(query.get('q')).toBe('river')
    const perTile = new Map<string, number>()
    for (const url of requests.filter((request) => TILE_PATH.test(request.pathname)))
      perTile.set(url.toString(), (perTile.get(url.toString()) ?? 0) + 1)
    expect([...perTile.values()].every((times) => times === 1)).toBe(true)
    // The count in view: the box on screen and the same filters.
    await waitFor(() => expect(requests.some((url) => url.pathname === '/api/tiles/incidents/count')).toBe(true))
    const count = requests.find((url) => url.pathname === '/api/tiles/incidents/count')!.searchParams
    expect(count.get('bbox')).toMatch(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/)
    expect(count.get('kind')).toBe('demolition')
  })

  it('draws the server’s clusters zoomed out, as numbered bubbles whose counts add up, and the exact count in view', async () => {
    const { container } = renderMap('legal')
    await waitFor(() => expect(container.querySelectorAll('[data-testid=incident-cluster]').length).toBeGreaterThan(0))
    const clustered = [...container.querySelectorAll('[data-testid=incident-cluster]')].reduce(
      (sum, cluster) => sum + Number(cluster.textContent),
      0,
    )
    expect(clustered).toBe(3)
    expect(container.querySelectorAll('[data-testid=incident-marker]')).toHaveLength(0)
    expect((await screen.findAllByText('3 in this area')).length).toBeGreaterThan(0)
  })

  it('draws incidents as markers zoomed in, and opens the clicked one fetched by id', async () => {
    zoomedIn()
    const { container } = renderMap('legal')
    await waitFor(() =>
      expect(container.querySelectorAll('[data-testid=incident-marker], [data-testid=incident-cluster]').length).toBeGreaterThan(0),
    )
    const marker = container.querySelector('[data-testid=incident-marker]')!.closest('.leaflet-marker-icon')!
    fireEvent.click(marker)
    const panel = await screen.findByTestId('map-panel')
    expect(await within(panel).findByText('Demolition')).toBeTruthy()
    expect(within(panel).getByRole('link', { name: 'Open the incident' }).getAttribute('href')).toMatch(/^\/incidents\/aaaaaaaa-/)
    expect(requests.some((url) => url.pathname.startsWith('/api/incidents/aaaaaaaa-'))).toBe(true)
    fireEvent.click(within(panel).getByRole('button', { name: 'Close details' }))
    expect(screen.queryByTestId('map-panel')).toBeNull()
  })

  it('lists what is in view as buttons that open the record, for the keyboard', async () => {
    zoomedIn()
    renderMap('legal')
    // The list is made only once its section is opened (a district holds thousands of parcels).
    expect(screen.queryAllByRole('button', { name: 'Incident aaaa' })).toHaveLength(0)
    await userEvent.click(screen.getByText('What is in view'))
    const buttons = await screen.findAllByRole('button', { name: 'Incident aaaa' })
    expect(buttons).toHaveLength(2)
    buttons[0]!.focus()
    await userEvent.keyboard('{Enter}')
    expect(await screen.findByTestId('map-panel')).toBeTruthy()
  })

  it('remembers a layer switched off, and stops asking for it', async () => {
    renderMap('legal')
    await waitFor(() => expect(tileRequests('incidents').length).toBeGreaterThan(0))
    await userEvent.click(screen.getByRole('checkbox', { name: 'Incidents' }))
    expect(JSON.parse(localStorage.getItem('dey.map.layers')!)).toMatchObject({ incidents: false })
    cleanup()
    requests.length = 0
    renderMap('legal')
    expect((screen.getByRole('checkbox', { name: 'Incidents' }) as HTMLInputElement).checked).toBe(false)
    await waitFor(() => expect(tileRequests('communities').length).toBeGreaterThan(0))
    expect(tileRequests('incidents')).toHaveLength(0)
  })

  it('gives advocates no photo layer (the server hides photo locations from them)', async () => {
    zoomedIn()
    renderMap('advocate')
    const photos = screen.getByRole('checkbox', { name: 'Photos with GPS' }) as HTMLInputElement
    expect(photos.disabled).toBe(true)
    await waitFor(() => expect(tileRequests('incidents').length).toBeGreaterThan(0))
    expect(tileRequests('evidence')).toHaveLength(0)
  })

  it('is in Khmer for a Khmer reader', async () => {
    await setLanguage('km')
    renderMap('community_rep')
    expect(screen.getByRole('region', { name: 'ផែនទីសហគមន៍ ដីធ្លី និងឧប្បត្តិហេតុ' })).toBeTruthy()
    expect(screen.getByRole('checkbox', { name: 'ក្បាលដី' })).toBeTruthy()
  })
})
