// @vitest-environment happy-dom
// The parcel form against a fake API: the shared schema's messages next to the fields (in the
// user's language), the boundary required, the body sent, the server's refusal of a shape with
// its repair, and a 409 conflict that keeps the user's edits. The map editor itself (Leaflet) is
// replaced by a stub that "draws" a square: its logic is tested in geometry-checks.test.ts.
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ParcelEditPage } from '../../client/features/parcels/parcel-edit-page.tsx'
import { fakeApi, meOf, problem, renderPage, type FakeRequest } from './admin-render.tsx'

vi.mock('../../client/map/geometry-editor.tsx', async () => {
  const { checkGeometry, serverGeometryProblem } = await import('../../client/map/geometry-checks.ts')
  const { figureEight } = await import('../helpers/geo.ts')
  const square = {
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [104.9, 11.5],
          [104.91, 11.5],
          [104.91, 11.51],
          [104.9, 11.51],
          [104.9, 11.5],
        ],
      ],
    ],
  }
  return {
    GeometryEditor: ({
      value,
      onChange,
      label,
      error,
      onRepair,
      onAllowLargeArea,
    }: {
      value: unknown
      onChange: (value: unknown) => void
      label: string
      error?: unknown
      onRepair?: () => void
      onAllowLargeArea?: () => void
    }) => {
      const refused = serverGeometryProblem(error, 'boundary')
      // Like the real editor: edges that cross are explained, with the repair, before any save.
      const crosses = checkGeometry(value as never).some((issue) => issue.code === 'selfIntersection')
      return (
        <div data-testid="geometry-editor" role="region" aria-label={label}>
          <button type="button" onClick={() => onChange(square)}>
            stub: draw a square
          </button>
          <button type="button" onClick={() => onChange(figureEight)}>
            stub: draw a figure-eight
          </button>
          <output data-testid="boundary">{JSON.stringify(value)}</output>
          {refused && <p>stub: refused ({refused.reason})</p>}
          {(refused?.canRepair || crosses) && onRepair && (
            <button type="button" onClick={onRepair}>
              stub: repair
            </button>
          )}
          {refused?.reason === 'tooLarge' && onAllowLargeArea && (
            <button type="button" onClick={onAllowLargeArea}>
              stub: store it anyway
            </button>
          )}
        </div>
      )
    },
  }
})

const legal = meOf('legal')
const community = {
  id: '10000000-0000-4000-8000-000000000001',
  name: 'Boeng Sala Land Community',
  nameKm: 'សហគមន៍ដីធ្លីបឹងសាលា',
  territory: null,
}
const parcelId = '20000000-0000-4000-8000-000000000001'

function parcelRow(overrides: Record<string, unknown> = {}) {
  return {
    id: parcelId,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 2,
    communityId: community.id,
    communityName: community.name,
    label: 'Boeng Sala-03 rice field',
    holderName: 'Heng Sambath',
    households: 1,
    landUse: 'rice_field',
    tenure: 'possession_right',
    titleStatus: 'none',
    notes: null,
    boundary: {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [103, 12],
            [103.01, 12],
            [103.01, 12.01],
            [103, 12],
          ],
        ],
      ],
    },
    areaHa: 61.2,
    ...overrides,
  }
}

/** The API the form talks to; `onWrite` answers POST/PATCH. */
function api(onWrite: (request: FakeRequest) => { status?: number; body?: unknown }) {
  return fakeApi((request) => {
    if (request.path === '/api/communities') return { body: { items: [community], nextCursor: null } }
    if (request.path === '/api/parcels' && request.method === 'GET')
      return { body: { type: 'FeatureCollection', features: [], nextCursor: null } }
    if (request.path === `/api/parcels/${parcelId}` && request.method === 'GET') return { body: parcelRow() }
    if (request.method === 'POST' || request.method === 'PATCH') return onWrite(request)
    return undefined
  })
}

const writes = (requests: FakeRequest[]) => requests.filter((request) => request.method === 'POST' || request.method === 'PATCH')

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('a new parcel', () => {
  it('explains every missing field, the boundary included, and sends nothing', async () => {
    const { requests } = api(() => ({ status: 500 }))
    await renderPage(<ParcelEditPage />, { me: legal, path: '/parcels/new', route: '/parcels/new' })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Save' }))

    expect(await screen.findByText('Draw the boundary of the parcel on the map.')).toBeTruthy()
    expect(screen.getByRole('combobox', { name: /Community/ }).getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByRole('textbox', { name: /Name of the parcel/ }).getAttribute('aria-invalid')).toBe('true')
    expect(screen.getAllByText('This field is required.').length).toBeGreaterThanOrEqual(2)
    expect(writes(requests)).toEqual([])
  })

  it('says it in Khmer too', async () => {
    api(() => ({ status: 500 }))
    await renderPage(<ParcelEditPage />, { me: legal, path: '/parcels/new', route: '/parcels/new', language: 'km' })
    await userEvent.setup().click(await screen.findByRole('button', { name: 'រក្សាទុក' }))
    expect(await screen.findByText('សូមគូរព្រំក្បាលដីលើផែនទី។')).toBeTruthy()
    expect(screen.getAllByText('ត្រូវតែបំពេញវាលនេះ។').length).toBeGreaterThanOrEqual(2)
  })

  it('sends the shared schema’s body with the drawn boundary and opens the new parcel', async () => {
    const { requests } = api(() => ({ status: 201, body: parcelRow({ id: '20000000-0000-4000-8000-000000000009', label: 'New field' }) }))
    await renderPage(<ParcelEditPage />, { me: legal, path: `/parcels/new?community=${community.id}`, route: '/parcels/new' })
    const user = userEvent.setup()
    // The community comes preselected from ?community=.
    await waitFor(() => expect((screen.getByRole('combobox', { name: /Community/ }) as HTMLSelectElement).value).toBe(community.id))
    await user.type(screen.getByRole('textbox', { name: /Name of the parcel/ }), '  New field ')
    await user.selectOptions(screen.getByRole('combobox', { name: 'Tenure' }), 'communal_claim')
    await user.type(screen.getByRole('spinbutton', { name: 'Households' }), '12')
    await user.click(screen.getByRole('button', { name: 'stub: draw a square' }))
    await user.click(screen.getByRole('button', { name: 'Save' }))

    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/parcels/20000000-0000-4000-8000-000000000009'))
    const [post] = writes(requests)
    expect(post!.path).toBe('/api/parcels')
    expect(post!.query.get('repair')).toBeNull()
    expect(post!.body).toMatchObject({
      communityId: community.id,
      label: 'New field',
      holderName: null,
      households: 12,
      tenure: 'communal_claim',
      titleStatus: 'none',
      landUse: 'other',
      boundary: { type: 'MultiPolygon' },
    })
  })

  it('shows the server’s refusal of the shape and saves again with ?repair=true when asked', async () => {
    let calls = 0
    const { requests } = api(() => {
      calls += 1
      if (calls === 1) {
        return problem(
          422,
          'geometry.invalid',
          'body.boundary: invalid geometry: Self-intersection[104.905 11.505] (send ?repair=true to have it repaired with ST_MakeValid)',
          [{ field: 'body.boundary', message: 'Self-intersection[104.905 11.505]' }],
        )
      }
      return {
        status: 201,
        body: parcelRow({
          id: '20000000-0000-4000-8000-000000000010',
          repairs: [{ field: 'body.boundary', reason: 'Self-intersection[104.905 11.505]' }],
        }),
      }
    })
    await renderPage(<ParcelEditPage />, { me: legal, path: `/parcels/new?community=${community.id}`, route: '/parcels/new' })
    const user = userEvent.setup()
    await user.type(await screen.findByRole('textbox', { name: /Name of the parcel/ }), 'Crossed field')
    await user.click(screen.getByRole('button', { name: 'stub: draw a square' }))
    await user.click(screen.getByRole('button', { name: 'Save' }))

    expect(await screen.findByText('stub: refused (selfIntersection)')).toBeTruthy()
    // Explained by the editor, not repeated as a generic field error.
    expect(screen.queryByText(/This value is not valid/)).toBeNull()
    await user.click(screen.getByRole('button', { name: 'stub: repair' }))
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/parcels/20000000-0000-4000-8000-000000000010'))
    expect(writes(requests).map((request) => request.query.get('repair'))).toEqual([null, 'true'])
  })
})

describe('a boundary whose edges cross', () => {
  it('is not sent as it is: the form points to the map, and the repair there saves with ?repair=true', async () => {
    const { requests } = api(() => ({ status: 201, body: parcelRow({ id: '20000000-0000-4000-8000-000000000012' }) }))
    await renderPage(<ParcelEditPage />, { me: legal, path: `/parcels/new?community=${community.id}`, route: '/parcels/new' })
    const user = userEvent.setup()
    await user.type(await screen.findByRole('textbox', { name: /Name of the parcel/ }), 'Crossed field')
    await user.click(screen.getByRole('button', { name: 'stub: draw a figure-eight' }))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Fix the shape first: see the explanation under the map.')).toBeTruthy()
    expect(writes(requests)).toEqual([])
    await user.click(screen.getByRole('button', { name: 'stub: repair' }))
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/parcels/20000000-0000-4000-8000-000000000012'))
    expect(writes(requests).map((request) => request.query.get('repair'))).toEqual(['true'])
  })
})

describe('a parcel larger than a parcel can be', () => {
  it('is saved again with ?allowLargeArea=true when an admin says so', async () => {
    let calls = 0
    const { requests } = api(() => {
      calls += 1
      if (calls === 1) {
        return problem(
          422,
          'geometry.implausible_area',
          'body.boundary: 12,345 ha is larger than a parcel can plausibly be (at most 5,000 ha); check the shape’s units and vertices, or have an admin store it with ?allowLargeArea=true',
          [{ field: 'body.boundary', message: '12,345 ha is larger than a parcel can plausibly be (at most 5,000 ha)' }],
        )
      }
      return { status: 201, body: parcelRow({ id: '20000000-0000-4000-8000-000000000011' }) }
    })
    await renderPage(<ParcelEditPage />, { me: meOf('admin'), path: `/parcels/new?community=${community.id}`, route: '/parcels/new' })
    const user = userEvent.setup()
    await user.type(await screen.findByRole('textbox', { name: /Name of the parcel/ }), 'Plantation block')
    await user.click(screen.getByRole('button', { name: 'stub: draw a square' }))
    await user.click(screen.getByRole('button', { name: 'Save' }))

    expect(await screen.findByText('stub: refused (tooLarge)')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'stub: store it anyway' }))
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/parcels/20000000-0000-4000-8000-000000000011'))
    expect(writes(requests).map((request) => [request.query.get('allowLargeArea'), request.query.get('repair')])).toEqual([
      [null, null],
      ['true', null],
    ])
  })
})

describe('editing a parcel', () => {
  it('sends the version it was based on, and on a conflict keeps the edits and can save over the new version', async () => {
    let calls = 0
    const { requests } = api((request) => {
      calls += 1
      if (calls === 1) {
        return {
          status: 409,
          body: {
            ...problem(409, 'parcels.version_conflict').body,
            current: parcelRow({ version: 3, label: 'Renamed by someone else', households: 4 }),
          },
        }
      }
      return { body: parcelRow({ version: 4, label: (request.body as { label: string }).label }) }
    })
    await renderPage(<ParcelEditPage />, { me: legal, path: `/parcels/${parcelId}/edit`, route: '/parcels/:id/edit' })
    const user = userEvent.setup()
    const label = await screen.findByRole('textbox', { name: /Name of the parcel/ })
    expect((label as HTMLInputElement).value).toBe('Boeng Sala-03 rice field')
    await user.clear(label)
    await user.type(label, 'My new name')
    await user.click(screen.getByRole('button', { name: 'Save' }))

    expect(await screen.findByText('Someone else changed this')).toBeTruthy()
    // Save sits at the bottom of a long form: on a phone the notice at the top would be out of sight.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByText('Someone else changed this').closest('[role=alert]')))
    expect((screen.getByRole('textbox', { name: /Name of the parcel/ }) as HTMLInputElement).value).toBe('My new name')
    await user.click(screen.getByRole('button', { name: 'Keep my changes and save over it' }))

    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(`/parcels/${parcelId}`))
    const [first, second] = writes(requests)
    expect(first!.method).toBe('PATCH')
    expect(first!.body).toMatchObject({ version: 2, label: 'My new name' })
    expect(second!.body).toMatchObject({ version: 3, label: 'My new name' })
  })

  it('loads the other person’s version when asked', async () => {
    api(() => ({
      status: 409,
      body: { ...problem(409, 'parcels.version_conflict').body, current: parcelRow({ version: 3, label: 'Renamed by someone else' }) },
    }))
    await renderPage(<ParcelEditPage />, { me: legal, path: `/parcels/${parcelId}/edit`, route: '/parcels/:id/edit' })
    const user = userEvent.setup()
    const label = await screen.findByRole('textbox', { name: /Name of the parcel/ })
    await user.type(label, ' (mine)')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await user.click(await screen.findByRole('button', { name: 'Load the current version' }))
    expect((screen.getByRole('textbox', { name: /Name of the parcel/ }) as HTMLInputElement).value).toBe('Renamed by someone else')
    expect(screen.queryByText('Someone else changed this')).toBeNull()
  })
})
