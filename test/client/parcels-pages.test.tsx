// @vitest-environment happy-dom
// The parcel list (filters and sort in the URL and sent to the API) and a parcel's page (its
// facts, the land overlapping it, and what each role may do), against a fake API. The mini-map
// (Leaflet) is a stub here.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ParcelListPage } from '../../client/features/parcels/parcel-list-page.tsx'
import { ParcelPage } from '../../client/features/parcels/parcel-page.tsx'
import { fakeApi, meOf, renderPage, type FakeRequest } from './admin-render.tsx'

vi.mock('../../client/features/parcels/land-map.tsx', () => ({
  LandMap: ({ label, shapes }: { label: string; shapes: { title: string }[] }) => (
    <div role="region" aria-label={label}>
      {shapes.map((shape) => shape.title).join(' | ')}
    </div>
  ),
}))

const community = {
  id: '10000000-0000-4000-8000-000000000001',
  name: 'Boeng Sala Land Community',
  nameKm: 'សហគមន៍ដីធ្លីបឹងសាលា',
  territory: null,
}
const parcelId = '20000000-0000-4000-8000-000000000001'
const concessionId = '30000000-0000-4000-8000-000000000001'

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
    titleStatus: 'disputed',
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
    areaHa: 3.6,
    ...overrides,
  }
}

const conflicts = {
  parcel: { id: parcelId, label: 'Boeng Sala-03 rice field', communityId: community.id, communityName: community.name, areaHa: 3.6 },
  // Another community's parcel, as a representative gets it: without label or community name.
  parcels: [
    {
      parcelId: '20000000-0000-4000-8000-000000000002',
      parcelAreaHa: 2,
      communityId: '10000000-0000-4000-8000-000000000009',
      overlapHa: 0.5,
      overlapPercent: 13.9,
    },
  ],
  concessions: [
    {
      concessionId,
      concessionName: 'Demo Sugar ELC',
      kind: 'elc',
      company: 'Demo Sugar Co.',
      concessionAreaHa: 4769,
      overlapHa: 1.25,
      overlapPercent: 34.7,
    },
  ],
  // A concession known only as a point, 2.2 km away: listed apart, its overlap not guessed.
  boundaryUnknown: [
    {
      concessionId: '30000000-0000-4000-8000-000000000002',
      concessionName: 'Point-only Rubber ELC',
      kind: 'elc',
      company: 'Example Rubber Co., Ltd.',
      declaredAreaHa: 7500,
      distanceKm: 2.16,
    },
  ],
}

function api(answer: Record<string, unknown> = conflicts) {
  return fakeApi((request: FakeRequest) => {
    if (request.path === '/api/communities') return { body: { items: [community], nextCursor: null } }
    if (request.path === '/api/parcels') {
      return {
        body: {
          items: [
            parcelRow(),
            parcelRow({
              id: '20000000-0000-4000-8000-000000000003',
              label: 'Boeng Sala-04 house plot',
              households: null,
              titleStatus: 'applied',
            }),
          ],
          nextCursor: 'next-page',
        },
      }
    }
    if (request.path === `/api/parcels/${parcelId}`) return { body: parcelRow() }
    if (request.path === `/api/parcels/${parcelId}/conflicts`) return { body: answer }
    return undefined
  })
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('the parcel list', () => {
  it('sends filters, sort and page to the API and keeps them in the URL', async () => {
    const { requests } = api()
    await renderPage(<ParcelListPage />, { me: meOf('legal'), path: '/parcels', route: '/parcels' })
    const user = userEvent.setup()
    expect(await screen.findByRole('link', { name: 'Boeng Sala-03 rice field' })).toBeTruthy()
    const lastList = () => requests.filter((request) => request.path === '/api/parcels').at(-1)!.query

    await user.selectOptions(screen.getByRole('combobox', { name: 'Tenure' }), 'communal_claim')
    await waitFor(() => expect(lastList().get('tenure')).toBe('communal_claim'))
    await user.selectOptions(screen.getByRole('combobox', { name: 'Community' }), community.id)
    await waitFor(() => expect(lastList().get('community')).toBe(community.id))
    await user.type(screen.getByRole('searchbox', { name: 'Search text' }), 'rice{Enter}')
    await waitFor(() => expect(lastList().get('q')).toBe('rice'))
    await user.click(screen.getByRole('button', { name: /Area/ }))
    await waitFor(() => expect(lastList().get('sort')).toBe('areaHa'))
    expect(screen.getByTestId('location').textContent).toBe(`/parcels?tenure=communal_claim&community=${community.id}&q=rice&sort=areaHa`)

    await user.click(screen.getByRole('button', { name: /Next page/ }))
    await waitFor(() => expect(lastList().get('cursor')).toBe('next-page'))
    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/parcels'))
  })

  it('offers "New parcel" to legal staff, not to an advocate', async () => {
    api()
    await renderPage(<ParcelListPage />, { me: meOf('legal'), path: '/parcels', route: '/parcels' })
    expect(await screen.findByRole('link', { name: '+ New parcel' })).toBeTruthy()
    cleanup()
    await renderPage(<ParcelListPage />, { me: meOf('advocate'), path: '/parcels', route: '/parcels' })
    expect(await screen.findByRole('link', { name: 'Boeng Sala-03 rice field' })).toBeTruthy()
    expect(screen.queryByRole('link', { name: /New parcel/ })).toBeNull()
  })
})

describe('a parcel’s page', () => {
  it('shows its facts and the land overlapping it, with the area in common', async () => {
    api()
    await renderPage(<ParcelPage />, { me: meOf('community_rep'), path: `/parcels/${parcelId}`, route: '/parcels/:id' })
    expect(await screen.findByRole('heading', { name: 'Boeng Sala-03 rice field' })).toBeTruthy()
    expect(screen.getByText('Possession right')).toBeTruthy()
    expect(screen.getByText('Disputed')).toBeTruthy()
    const overlap = (await screen.findByRole('heading', { name: 'Overlapping land' })).closest('section')!
    await within(overlap).findByRole('link', { name: 'Demo Sugar ELC' })
    expect(overlap.textContent).toContain('1.3 ha · 35% of this parcel')
    // Another community's claim: that it exists and how much, not whose.
    expect(within(overlap).getByText('A parcel of another community')).toBeTruthy()
    expect(overlap.textContent).toContain('0.5 ha · 14% of this parcel')
  })

  it('offers edit and delete to legal staff only, and asks before deleting', async () => {
    api()
    await renderPage(<ParcelPage />, { me: meOf('advocate'), path: `/parcels/${parcelId}`, route: '/parcels/:id' })
    expect(await screen.findByRole('heading', { name: 'Boeng Sala-03 rice field' })).toBeTruthy()
    expect(screen.queryByRole('link', { name: 'Edit' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Delete parcel' })).toBeNull()
    cleanup()

    const { requests } = api()
    await renderPage(<ParcelPage />, { me: meOf('legal'), path: `/parcels/${parcelId}`, route: '/parcels/:id' })
    expect((await screen.findByRole('link', { name: 'Edit' })).getAttribute('href')).toBe(`/parcels/${parcelId}/edit`)
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Delete parcel' }))
    expect(requests.some((request) => request.method === 'DELETE')).toBe(false)
    expect(screen.getByText(/Delete this parcel\?/)).toBeTruthy()
  })

  it('speaks Khmer: the community by its Khmer name, vocabulary in Khmer', async () => {
    api()
    await renderPage(<ParcelPage />, { me: meOf('legal'), path: `/parcels/${parcelId}`, route: '/parcels/:id', language: 'km' })
    expect(await screen.findByRole('heading', { name: 'Boeng Sala-03 rice field' })).toBeTruthy()
    expect((await screen.findAllByRole('link', { name: 'សហគមន៍ដីធ្លីបឹងសាលា' })).length).toBeGreaterThan(0)
    expect(screen.getByText('សិទ្ធិកាន់កាប់')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'កែសម្រួល' })).toBeTruthy()
  })
})

describe('concessions near a parcel whose boundary is unknown', () => {
  it('are listed apart from the measured overlaps: name, company, declared area and distance', async () => {
    api()
    await renderPage(<ParcelPage />, { me: meOf('legal'), path: `/parcels/${parcelId}`, route: '/parcels/:id' })
    const list = await screen.findByTestId('boundary-unknown-list')
    expect(within(list).getByRole('heading', { name: 'Concessions nearby whose boundary is unknown' })).toBeTruthy()
    expect(within(list).getByRole('link', { name: 'Point-only Rubber ELC' }).getAttribute('href')).toBe(
      '/concessions/30000000-0000-4000-8000-000000000002',
    )
    expect(list.textContent).toContain('Economic land concession · Example Rubber Co., Ltd.')
    expect(list.textContent).toContain('Declared area 7,500 ha')
    expect(list.textContent).toContain('2.2 km away')
    expect(list.textContent).toContain('within 10 km of the parcel')
    // Not among the overlaps, with a made-up area in common.
    const overlap = screen.getByRole('heading', { name: 'Overlapping land' }).closest('section')!
    expect(
      within(overlap)
        .getAllByRole('link', { name: /ELC/ })
        .map((link) => link.textContent),
    ).toEqual(['Demo Sugar ELC', 'Point-only Rubber ELC'])
  })

  it('are listed when nothing overlaps, in Khmer too', async () => {
    api({ ...conflicts, parcels: [], concessions: [] })
    await renderPage(<ParcelPage />, { me: meOf('legal'), path: `/parcels/${parcelId}`, route: '/parcels/:id', language: 'km' })
    const list = await screen.findByTestId('boundary-unknown-list')
    expect(within(list).getByRole('heading', { name: 'ដីសម្បទាននៅក្បែរនេះ ដែលមិនដឹងព្រំប្រទល់' })).toBeTruthy()
    expect(list.textContent).toContain('ចម្ងាយ 2.2 គីឡូម៉ែត្រ')
  })
})
