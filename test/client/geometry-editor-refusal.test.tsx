// @vitest-environment happy-dom
// The map editor's explanation of a shape the server refused for its size: in the user's language,
// with "Store it anyway" offered to admins only (the server refuses the override from anyone else).
import { cleanup, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../client/lib/api-client.ts'
import { GeometryEditor } from '../../client/map/geometry-editor.tsx'
import { fakeApi, meOf, renderPage } from './admin-render.tsx'
import { figureEight } from '../helpers/geo.ts'

beforeAll(() => {
  // happy-dom lays nothing out: give the map a box so Leaflet has an area to draw in.
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 360 })
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 360 })
})
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const tooLarge = new ApiError(422, {
  type: 'about:blank',
  title: 'geometry.implausible_area',
  status: 422,
  code: 'geometry.implausible_area',
  detail:
    'body.boundary: 12,345 ha is larger than a parcel can plausibly be (at most 5,000 ha); check the shape’s units and vertices, or have an admin store it with ?allowLargeArea=true',
  errors: [{ field: 'body.boundary', message: '12,345 ha is larger than a parcel can plausibly be (at most 5,000 ha)' }],
})

function renderEditor(role: 'admin' | 'legal', onAllowLargeArea: () => void, language: 'en' | 'km' = 'en') {
  fakeApi(() => ({ body: { type: 'FeatureCollection', features: [] } }))
  return renderPage(
    <GeometryEditor value={null} onChange={() => {}} label="Boundary" error={tooLarge} onAllowLargeArea={onAllowLargeArea} />,
    {
      me: meOf(role),
      path: '/',
      route: '/',
      language,
    },
  )
}

describe('a shape refused as too large', () => {
  it('says why, and lets an admin store it anyway', async () => {
    const onAllowLargeArea = vi.fn()
    await renderEditor('admin', onAllowLargeArea)
    expect(await screen.findByText(/far larger than land of this kind can be/)).toBeTruthy()
    await userEvent.setup().click(screen.getByRole('button', { name: 'Store it anyway' }))
    expect(onAllowLargeArea).toHaveBeenCalledTimes(1)
  })

  it('offers no override to legal staff', async () => {
    await renderEditor('legal', vi.fn())
    expect(await screen.findByText(/far larger than land of this kind can be/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Store it anyway' })).toBeNull()
  })

  it('explains it in Khmer', async () => {
    await renderEditor('admin', vi.fn(), 'km')
    expect(await screen.findByText(/រាងនេះធំជាងដីប្រភេទនេះ/)).toBeTruthy()
    expect(screen.getByRole('button', { name: 'រក្សាទុកវាដដែល' })).toBeTruthy()
  })
})

describe('a shape whose edges cross', () => {
  const crossingRefused = new ApiError(422, {
    type: 'about:blank',
    title: 'geometry.invalid',
    status: 422,
    code: 'geometry.invalid',
    detail: 'body.boundary: invalid geometry: Self-intersection[104.905 11.505] (send ?repair=true to have it repaired with ST_MakeValid)',
    errors: [{ field: 'body.boundary', message: 'Self-intersection[104.905 11.505]' }],
  })

  it('is explained once, with the repair offered there, and no "0 ha"', async () => {
    fakeApi(() => ({ body: { type: 'FeatureCollection', features: [] } }))
    const onRepair = vi.fn()
    await renderPage(
      <GeometryEditor value={figureEight} onChange={() => {}} label="Boundary" error={crossingRefused} onRepair={onRepair} />,
      { me: meOf('legal'), path: '/', route: '/' },
    )
    const alerts = await screen.findAllByRole('alert')
    expect(alerts).toHaveLength(1)
    expect(alerts[0]!.textContent).toMatch(/edges cross each other/)
    // PostGIS's own words are not shown to the user.
    expect(document.body.textContent).not.toContain('Self-intersection[')
    expect(screen.getByTestId('geometry-area').textContent).toContain('unknown until the edges stop crossing')
    expect(screen.getByTestId('geometry-area').textContent).not.toMatch(/\b0 ha/)
    await userEvent.setup().click(screen.getByRole('button', { name: 'Let the server repair it' }))
    expect(onRepair).toHaveBeenCalledTimes(1)
  })
})
