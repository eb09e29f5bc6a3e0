// @vitest-environment happy-dom
// A concession known only as a point (issue 14) on the home map: the concessions layer's tile
// carries it as a Point marked isPoint; the map draws a small dashed ring (never a shape guessed
// from the declared area), says "Boundary unknown — declared area …" on it, explains it in the
// legend, and a click opens the same panel as a concession's shape.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { MemoryRouter, Route, Routes } from 'react-router'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { clientConfigJson } from './api-answers.ts'
import { meOf } from './admin-render.tsx'
import { meQueryKey } from '../../client/lib/session.ts'
import { MapPage } from '../../client/features/map/map-page.tsx'
import { initI18n } from '../helpers/i18n.ts'
import { setLanguage } from '../../client/lib/i18n.ts'
import { concessionPointStyle } from '../../client/map/styles.ts'
import { encodeMvt } from '../helpers/mvt.ts'

const concessionId = '30000000-0000-4000-8000-0000000000aa'
const POINT: [number, number] = [106.3, 13.9]
const TILE_PATH = /^\/api\/tiles\/(\d+)\/(\d+)\/(\d+)\.mvt$/

/** [lng, lat] in tile z/x/y's coordinates (0…4096), or undefined when outside the tile. */
function inTile([lng, lat]: [number, number], z: number, x: number, y: number): [number, number] | undefined {
  const n = 2 ** z
  const rad = (lat * Math.PI) / 180
  const px = (((lng + 180) / 360) * n - x) * 4096
  const py = (((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n - y) * 4096
  return px >= 0 && px < 4096 && py >= 0 && py < 4096 ? [Math.round(px), Math.round(py)] : undefined
}

const concessionJson = {
  id: concessionId,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  name: 'Point-only Rubber ELC',
  nameKm: null,
  kind: 'elc',
  company: 'Example Rubber Co., Ltd.',
  province: 'Stung Treng',
  grantedOn: null,
  purpose: null,
  boundarySource: null,
  sourceUrl: null,
  sourceDate: null,
  boundary: null,
  location: { type: 'Point', coordinates: POINT },
  areaHa: null,
  provenance: { importId: null, externalSource: 'ODC', externalId: 'elc-123' },
  declaredAreas: [
    { id: '40000000-0000-4000-8000-0000000000a1', areaHa: 7500, source: 'ODC, Government data 2012', sourceUrl: null, statedOn: null },
  ],
}

beforeAll(() => {
  initI18n('en')
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 360 })
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 680 })
})
beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
  // Zoomed in on the point, with only the concessions layer switched on.
  sessionStorage.setItem('dey.map.view', JSON.stringify({ lat: POINT[1], lng: POINT[0], zoom: 12 }))
  localStorage.setItem(
    'dey.map.layers',
    JSON.stringify({ incidents: false, communities: false, parcels: false, concessions: true, evidence: false }),
  )
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://dey.test')
      const tile = TILE_PATH.exec(url.pathname)
      if (tile) {
        const [z, x, y] = tile.slice(1).map(Number) as [number, number, number]
        const at = inTile(POINT, z, x, y)
        const layers = url.searchParams.get('layers')?.split(',') ?? []
        const bytes =
          at && layers.includes('concessions')
            ? encodeMvt('concessions', [
                {
                  properties: { id: concessionId, name: concessionJson.name, kind: 'elc', isPoint: true, declaredAreaHa: 7500 },
                  geometry: { type: 'Point', coordinates: at },
                },
              ])
            : new Uint8Array(0)
        return new Response(new Uint8Array(bytes), { headers: { 'content-type': 'application/vnd.mapbox-vector-tile' } })
      }
      let body: unknown = { items: [], nextCursor: null }
      if (url.pathname === '/api/client-config') body = clientConfigJson()
      else if (url.pathname === `/api/concessions/${concessionId}`) body = concessionJson
      else if (/^\/api\/tiles\/[a-z-]+\/count$/.test(url.pathname)) body = { count: url.pathname.includes('concessions') ? 1 : 0 }
      else if (url.pathname === '/api/admin-areas') body = { type: 'FeatureCollection', features: [], nextCursor: null }
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })
    }),
  )
})
afterEach(async () => {
  cleanup()
  vi.unstubAllGlobals()
  await setLanguage('en')
})

function renderMap() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  client.setQueryData(meQueryKey, meOf('legal'))
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={['/']}>
        <Routes>
          <Route path="/" element={<MapPage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  )
}

describe('a concession known only as a point on the home map', () => {
  it('has a look of its own: a small dashed ring in the kind’s colour, not the hatched fill of a mapped shape', () => {
    const style = concessionPointStyle({ kind: 'elc' })
    expect(style.fillColor).not.toMatch(/^url\(/)
    expect(style.dashArray).toBeTruthy()
    expect(style.color).toBe('#9a3412')
    expect(concessionPointStyle({ kind: 'elc' }, true).weight).toBeGreaterThan(style.weight!)
  })

  it('is drawn as a ring that says its boundary is unknown, and opens the concession’s panel when clicked', async () => {
    const { container } = renderMap()
    await waitFor(() => expect(container.querySelectorAll('path.concession-point')).toHaveLength(1))
    const ring = container.querySelector('path.concession-point')!
    expect(ring.getAttribute('stroke-dasharray')).toBe('4 3')
    // No shape was made of it: the hatch is for mapped boundaries only.
    expect(ring.getAttribute('fill')).not.toMatch(/url\(/)

    fireEvent.click(ring)
    const panel = await screen.findByTestId('map-panel')
    expect(await within(panel).findByText('Boundary unknown — declared area 7,500 ha')).toBeTruthy()
    expect(within(panel).getByText('Boundary unknown')).toBeTruthy()
    expect(within(panel).getByRole('link', { name: 'Open the concession' }).getAttribute('href')).toBe(`/concessions/${concessionId}`)
  })

  it('is explained in the legend, in English and Khmer', async () => {
    // The legend is on the map, one tap away (issue 15, point 12).
    renderMap()
    fireEvent.click(screen.getByTestId('map-legend-toggle'))
    expect(screen.getByText(/Boundary unknown: only where a source places the concession/)).toBeTruthy()
    cleanup()
    await setLanguage('km')
    renderMap()
    fireEvent.click(screen.getByTestId('map-legend-toggle'))
    expect(screen.getByText(/មិនដឹងព្រំប្រទល់៖/)).toBeTruthy()
  })
})
