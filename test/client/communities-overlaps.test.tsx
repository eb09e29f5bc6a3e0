// @vitest-environment happy-dom
// A community's page lists the concessions on its land with the area in common, and apart from
// them the concessions nearby known only as a point (issue 14): their overlap is not guessed.
import { cleanup, screen, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { CommunityPage } from '../../client/features/communities/community-page.tsx'
import { fakeApi, meOf, renderPage } from './admin-render.tsx'

const communityId = '10000000-0000-4000-8000-000000000001'
const community = {
  id: communityId,
  createdAt: '2026-01-05T02:00:00.000Z',
  updatedAt: '2026-01-05T02:00:00.000Z',
  version: 3,
  name: 'Near Point Community',
  nameKm: 'សហគមន៍ក្បែរចំណុច',
  kind: 'land_community',
  status: 'active',
  province: 'Stung Treng',
  district: null,
  commune: null,
  village: null,
  households: 120,
  members: 300,
  womenMembers: null,
  youthMembers: null,
  leaderName: null,
  leaderPhone: null,
  description: null,
  establishedYear: null,
  networkId: null,
  location: { type: 'Point', coordinates: [106.34, 13.9] },
  territory: null,
  networkName: null,
  intakeCode: '124',
  territoryAreaHa: null,
}

const overlaps = {
  community: { id: communityId, name: community.name, territoryAreaHa: 1800 },
  concessions: [
    {
      concessionId: '30000000-0000-4000-8000-000000000001',
      concessionName: 'Mapped Sugar ELC',
      kind: 'elc',
      company: 'Demo Sugar Co.',
      concessionAreaHa: 4769,
      overlapHa: 120,
      overlapPercent: 6.7,
    },
  ],
  parcels: [],
  boundaryUnknown: [
    {
      concessionId: '30000000-0000-4000-8000-000000000002',
      concessionName: 'Point-only Rubber ELC',
      kind: 'elc',
      company: 'Example Rubber Co., Ltd.',
      declaredAreaHa: 7500,
      distanceKm: 2.16,
    },
    {
      concessionId: '30000000-0000-4000-8000-000000000003',
      concessionName: 'Point-only Mine',
      kind: 'mining',
      company: null,
      declaredAreaHa: null,
      distanceKm: 0,
    },
  ],
}

let restoreContext: (() => void) | undefined
beforeAll(() => {
  // happy-dom has no canvas; the community's map draws its point on one.
  const original = HTMLCanvasElement.prototype.getContext
  const context = new Proxy({}, { get: (target: Record<string, unknown>, key: string) => (key in target ? target[key] : () => undefined) })
  HTMLCanvasElement.prototype.getContext = (() => context) as unknown as HTMLCanvasElement['getContext']
  restoreContext = () => (HTMLCanvasElement.prototype.getContext = original)
})
afterAll(() => restoreContext?.())
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

function api(answer: Record<string, unknown>) {
  return fakeApi((request) => {
    if (request.path === `/api/communities/${communityId}`) return { body: community }
    if (request.path === `/api/communities/${communityId}/overlaps`) return { body: answer }
    return undefined
  })
}

describe('a community’s concessions', () => {
  it('lists those nearby whose boundary is unknown apart from the overlaps: name, company, declared area, distance', async () => {
    api(overlaps)
    await renderPage(<CommunityPage />, { me: meOf('legal'), path: `/communities/${communityId}`, route: '/communities/:id' })
    const list = await screen.findByTestId('boundary-unknown-list')
    expect(within(list).getByRole('heading', { name: 'Concessions nearby whose boundary is unknown' })).toBeTruthy()
    expect(list.textContent).toContain('within 10 km of the territory')
    const [rubber, mine] = within(list).getAllByRole('listitem')
    expect(within(rubber!).getByRole('link', { name: 'Point-only Rubber ELC' }).getAttribute('href')).toBe(
      '/concessions/30000000-0000-4000-8000-000000000002',
    )
    expect(rubber!.textContent).toContain('Example Rubber Co., Ltd.')
    expect(rubber!.textContent).toContain('Declared area 7,500 ha')
    expect(rubber!.textContent).toContain('2.2 km away')
    expect(mine!.textContent).toContain('No area declared')
    expect(mine!.textContent).toContain('Its point lies on the territory')
    // The measured overlap stays in its own list, with its figures.
    const section = list.closest('section')!
    expect(within(section).getByRole('link', { name: 'Mapped Sugar ELC' })).toBeTruthy()
    expect(section.textContent).toContain('120 ha in common')
  })

  it('shows the section for concessions of unknown boundary alone, in Khmer', async () => {
    api({ ...overlaps, concessions: [] })
    await renderPage(<CommunityPage />, {
      me: meOf('legal'),
      path: `/communities/${communityId}`,
      route: '/communities/:id',
      language: 'km',
    })
    const list = await screen.findByTestId('boundary-unknown-list')
    expect(within(list).getByRole('heading', { name: 'ដីសម្បទាននៅក្បែរនេះ ដែលមិនដឹងព្រំប្រទល់' })).toBeTruthy()
    expect(list.textContent).toContain('ផ្ទៃដីដែលបានប្រកាស 7,500 ហិកតា')
  })
})
