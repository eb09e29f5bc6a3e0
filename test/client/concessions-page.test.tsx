// @vitest-environment happy-dom
// A concession's page against a fake API: declared areas from several sources side by side with
// the mapped area, added and removed by staff only; provenance; the community land it covers.
// The mini-map (Leaflet) is a stub here.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { declaredRange, differencePercent } from '../../client/features/concessions/concession-format.ts'
import { ConcessionPage } from '../../client/features/concessions/concession-page.tsx'
import { fakeApi, meOf, problem, renderPage, type FakeRequest } from './admin-render.tsx'

vi.mock('../../client/features/parcels/land-map.tsx', () => ({
  LandMap: ({ label, shapes }: { label: string; shapes: { title: string }[] }) => (
    <div role="region" aria-label={label}>
      {shapes.map((shape) => shape.title).join(' | ')}
    </div>
  ),
}))

const concessionId = '30000000-0000-4000-8000-000000000001'
const communityId = '10000000-0000-4000-8000-000000000001'
const ministry = {
  id: '40000000-0000-4000-8000-000000000001',
  areaHa: 8460,
  source: 'Sub-decree (demo)',
  sourceUrl: 'https://example.org/gazette',
  statedOn: '2017-07-28',
}
const survey = {
  id: '40000000-0000-4000-8000-000000000002',
  areaHa: 9921,
  source: 'NGO field survey (demo)',
  sourceUrl: null,
  statedOn: null,
}

function concessionRow(declaredAreas = [ministry, survey]) {
  return {
    id: concessionId,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    name: 'Demo Agro ELC (Kaev Seima)',
    nameKm: 'ដីសម្បទានសាកល្បង កែវសីមា',
    kind: 'elc',
    company: 'Demo Agro Industry Co., Ltd.',
    province: 'Mondul Kiri',
    grantedOn: '2017-07-28',
    purpose: 'Cassava and rubber',
    boundarySource: 'Digitised from the published map annex (demo)',
    sourceUrl: 'https://example.org/demo/concessions/kaev-seima',
    sourceDate: '2026-06-05',
    boundary: {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [106.9, 12.25],
            [106.99, 12.25],
            [106.99, 12.35],
            [106.9, 12.25],
          ],
        ],
      ],
    },
    location: null,
    areaHa: 9440,
    provenance: { importId: null, externalSource: null, externalId: null },
    declaredAreas,
  }
}

/** The typical ODC record: a point and a declared area, no boundary. */
const odc = {
  id: '40000000-0000-4000-8000-000000000009',
  areaHa: 7500,
  source: 'ODC, Government data 2012',
  sourceUrl: null,
  statedOn: null,
}
const pointRow = () => ({
  ...concessionRow([odc]),
  boundary: null,
  location: { type: 'Point', coordinates: [106.3, 13.9] },
  areaHa: null,
  boundarySource: null,
  sourceUrl: null,
  sourceDate: null,
  provenance: { importId: null, externalSource: 'ODC', externalId: 'elc-0042' },
})
const pointOverlaps = () => ({
  concession: { ...overlapsConcession, areaHa: null, isBoundaryKnown: false },
  communities: [],
  parcels: [],
})

const overlapsConcession = {
  id: concessionId,
  name: 'Demo Agro ELC (Kaev Seima)',
  kind: 'elc',
  company: 'Demo Agro Industry Co., Ltd.',
  areaHa: 9440,
  isBoundaryKnown: true,
}
const overlaps = {
  concession: overlapsConcession,
  communities: [{ communityId, communityName: 'Lam Dach Bunong Community', territoryAreaHa: 2478, overlapHa: 1060, overlapPercent: 42.8 }],
  parcels: [],
}

function api(extra: (request: FakeRequest) => { status?: number; body?: unknown } | undefined = () => undefined) {
  let declared = [ministry, survey]
  return fakeApi((request) => {
    const answer = extra(request)
    if (answer) return answer
    if (request.path === `/api/concessions/${concessionId}`) return { body: concessionRow(declared) }
    if (request.path === `/api/concessions/${concessionId}/overlaps`) return { body: overlaps }
    if (request.path === '/api/communities')
      return {
        body: { items: [{ id: communityId, name: 'Lam Dach Bunong Community', nameKm: 'សហគមន៍ឡាំដាច់', territory: null }], nextCursor: null },
      }
    if (request.path === '/api/admin-areas')
      return {
        body: {
          items: [
            {
              id: '50000000-0000-4000-8000-000000000001',
              level: 1,
              name: 'Mondul Kiri',
              nameKm: 'ខេត្តមណ្ឌលគិរី',
              code: 'KH-11',
              parentId: null,
              parentName: null,
            },
          ],
          nextCursor: null,
        },
      }
    if (request.path === `/api/concessions/${concessionId}/declared-areas` && request.method === 'POST') {
      const body = request.body as { areaHa: number; source: string }
      const added = { id: '40000000-0000-4000-8000-000000000003', sourceUrl: null, statedOn: null, ...body }
      declared = [...declared, added]
      return { status: 201, body: added }
    }
    if (request.path.startsWith(`/api/concessions/${concessionId}/declared-areas/`) && request.method === 'DELETE') {
      declared = declared.filter((area) => !request.path.endsWith(area.id))
      return { status: 204 }
    }
    return undefined
  })
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('declared areas', () => {
  it('gives the range of figures and how far each is from the map', () => {
    const format = (value: number) => String(value)
    expect(declaredRange([], format)).toBeUndefined()
    expect(declaredRange([{ areaHa: 2100 }], format)).toBe('2100')
    expect(declaredRange([{ areaHa: 9921 }, { areaHa: 8460 }], format)).toBe('8460–9921')
    expect(differencePercent(8460, 9440)).toBeCloseTo(-10.38, 2)
    expect(differencePercent(100, 0)).toBeUndefined()
  })

  it('are listed with their sources and compared with the mapped area', async () => {
    api()
    await renderPage(<ConcessionPage />, { me: meOf('advocate'), path: `/concessions/${concessionId}`, route: '/concessions/:id' })
    const section = (await screen.findByRole('heading', { name: 'Declared areas' })).closest('section')!
    expect(within(section).getByRole('link', { name: 'Sub-decree (demo)' }).getAttribute('href')).toBe('https://example.org/gazette')
    expect(within(section).getByText('8,460 ha')).toBeTruthy()
    expect(section.textContent).toContain('Against the map: −10%')
    expect(section.textContent).toContain('Against the map: +5.1%')
    expect(within(section).getByText(/9,440 ha/)).toBeTruthy()
  })

  it('can be added and removed by legal staff', async () => {
    const { requests } = api()
    await renderPage(<ConcessionPage />, { me: meOf('legal'), path: `/concessions/${concessionId}`, route: '/concessions/:id' })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: '+ Add a declared area' }))
    // The shared schema's rules, in words, before anything is sent.
    await user.click(screen.getByRole('button', { name: 'Add' }))
    expect(screen.getAllByText('This field is required.').length).toBe(2)
    await user.type(screen.getByRole('textbox', { name: /Area \(ha\)/ }), '9100,5')
    await user.type(screen.getByRole('textbox', { name: /^Source/ }), 'Company annual report')
    await user.click(screen.getByRole('button', { name: 'Add' }))
    expect(await screen.findByText('Company annual report')).toBeTruthy()
    const post = requests.find((request) => request.method === 'POST')!
    expect(post.body).toEqual({ areaHa: 9100.5, source: 'Company annual report', sourceUrl: null, statedOn: null })

    await user.click(screen.getByRole('button', { name: 'Remove the figure from NGO field survey (demo)' }))
    await user.click(screen.getByRole('button', { name: 'Remove' }))
    await waitFor(() => expect(screen.queryByText('NGO field survey (demo)')).toBeNull())
    expect(requests.some((request) => request.method === 'DELETE' && request.path.endsWith(survey.id))).toBe(true)
  })

  it('refuses a link that is not a web address', async () => {
    const { requests } = api()
    await renderPage(<ConcessionPage />, { me: meOf('legal'), path: `/concessions/${concessionId}`, route: '/concessions/:id' })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: '+ Add a declared area' }))
    await user.type(screen.getByRole('textbox', { name: /Area \(ha\)/ }), '10')
    await user.type(screen.getByRole('textbox', { name: /^Source/ }), 'Somebody')
    await user.type(screen.getByRole('textbox', { name: /Link/ }), 'javascript:alert(1)')
    await user.click(screen.getByRole('button', { name: 'Add' }))
    expect(screen.getByText('This value is not valid.')).toBeTruthy()
    expect(requests.some((request) => request.method === 'POST')).toBe(false)
  })
})

describe('the concession page', () => {
  it('shows provenance, the territories it covers, and no actions to an advocate', async () => {
    api()
    await renderPage(<ConcessionPage />, { me: meOf('advocate'), path: `/concessions/${concessionId}`, route: '/concessions/:id' })
    expect(await screen.findByRole('heading', { name: 'Demo Agro ELC (Kaev Seima)' })).toBeTruthy()
    expect(screen.getByText('Digitised from the published map annex (demo)')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'https://example.org/demo/concessions/kaev-seima' }).getAttribute('rel')).toContain('noopener')
    const overlapsSection = (await screen.findByRole('heading', { name: 'Community land inside this concession' })).closest('section')!
    expect(within(overlapsSection).getByRole('link', { name: 'Lam Dach Bunong Community' }).getAttribute('href')).toBe(
      `/communities/${communityId}`,
    )
    expect(within(overlapsSection).getByText('1,060 ha')).toBeTruthy()
    expect(overlapsSection.textContent).toContain('1,060 ha · 43% of the territory')
    expect(screen.queryByRole('link', { name: 'Edit' })).toBeNull()
    expect(screen.queryByRole('button', { name: /Add a declared area/ })).toBeNull()
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Delete concession' })).toBeNull()
  })

  it('in Khmer, names it, its province and the community in Khmer', async () => {
    api()
    await renderPage(<ConcessionPage />, {
      me: meOf('legal'),
      path: `/concessions/${concessionId}`,
      route: '/concessions/:id',
      language: 'km',
    })
    expect(await screen.findByRole('heading', { name: 'ដីសម្បទានសាកល្បង កែវសីមា' })).toBeTruthy()
    expect(await screen.findByText('ខេត្តមណ្ឌលគិរី')).toBeTruthy()
    expect(await screen.findByRole('link', { name: 'សហគមន៍ឡាំដាច់' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'កែសម្រួល' })).toBeTruthy()
  })

  it('says so when the concession does not exist or is hidden', async () => {
    api((request) => (request.path === `/api/concessions/${concessionId}` ? problem(404, 'concessions.not_found') : undefined))
    await renderPage(<ConcessionPage />, { me: meOf('legal'), path: `/concessions/${concessionId}`, route: '/concessions/:id' })
    expect(await screen.findByText('This record does not exist, or you may not see it.')).toBeTruthy()
  })
})

describe('a concession known only as a point', () => {
  const pointApi = () =>
    api((request) =>
      request.path === `/api/concessions/${concessionId}`
        ? { body: pointRow() }
        : request.path === `/api/concessions/${concessionId}/overlaps`
          ? { body: pointOverlaps() }
          : undefined,
    )

  it('says its boundary is unknown, gives the declared area, and measures nothing as 0 ha', async () => {
    pointApi()
    await renderPage(<ConcessionPage />, { me: meOf('advocate'), path: `/concessions/${concessionId}`, route: '/concessions/:id' })
    const notice = await screen.findByTestId('boundary-unknown')
    expect(within(notice).getByRole('heading', { name: 'Boundary unknown' })).toBeTruthy()
    expect(notice.textContent).toContain('Declared area: 7,500 ha (ODC, Government data 2012).')
    expect(notice.textContent).toContain('Overlaps with community land cannot be measured until the boundary of this concession is mapped.')
    // An advocate may not edit: no way to map it.
    expect(within(notice).queryByRole('link', { name: 'Map the boundary' })).toBeNull()

    const details = screen.getByRole('heading', { name: 'Details' }).closest('section')!
    expect(details.textContent).toContain('Mapped area— (boundary unknown)')
    const declared = screen.getByRole('heading', { name: 'Declared areas' }).closest('section')!
    expect(declared.textContent).toContain('Against the map: — (boundary unknown)')
    expect(declared.textContent).toContain('none can be compared with the map until the boundary is mapped')
    const overlapsSection = screen.getByRole('heading', { name: 'Community land inside this concession' }).closest('section')!
    expect(await within(overlapsSection).findByText(/cannot be measured until the boundary/)).toBeTruthy()
    expect(overlapsSection.textContent).not.toContain('does not cover any')
    // Nowhere a mapped area of nothing.
    expect(document.body.textContent).not.toMatch(/(^|[^\d,])0 ha/)
  })

  it('draws its point on the mini-map, named as boundary unknown', async () => {
    pointApi()
    await renderPage(<ConcessionPage />, { me: meOf('advocate'), path: `/concessions/${concessionId}`, route: '/concessions/:id' })
    const map = await screen.findByRole('region', { name: 'Map of the concession and the community land it covers' })
    await waitFor(() => expect(map.querySelectorAll('path.leaflet-interactive').length).toBe(1))
    expect(map.querySelector('path.leaflet-interactive')!.getAttribute('stroke-dasharray')).toBe('4 3')
    expect(screen.getByText('This concession: the point a source gives (boundary unknown)')).toBeTruthy()
  })

  it('offers legal staff to map the boundary in the geometry editor', async () => {
    pointApi()
    await renderPage(<ConcessionPage />, { me: meOf('legal'), path: `/concessions/${concessionId}`, route: '/concessions/:id' })
    const link = await screen.findByRole('link', { name: 'Map the boundary' })
    expect(link.getAttribute('href')).toBe(`/concessions/${concessionId}/edit#boundary`)
  })

  it('says so in Khmer', async () => {
    pointApi()
    await renderPage(<ConcessionPage />, {
      me: meOf('legal'),
      path: `/concessions/${concessionId}`,
      route: '/concessions/:id',
      language: 'km',
    })
    const notice = await screen.findByTestId('boundary-unknown')
    expect(within(notice).getByRole('heading', { name: 'មិនដឹងព្រំប្រទល់' })).toBeTruthy()
    expect(within(notice).getByRole('link', { name: 'គូរព្រំប្រទល់លើផែនទី' })).toBeTruthy()
  })
})
