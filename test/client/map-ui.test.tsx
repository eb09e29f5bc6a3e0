// @vitest-environment happy-dom
// The map's controls and details panel: layer switches as labelled checkboxes (with why a layer
// is empty), filters written to the URL, and the summary of a clicked feature with its link, in
// English and Khmer.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ReactElement } from 'react'
import { MemoryRouter, useLocation } from 'react-router'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { FeaturePanel } from '../../client/features/map/feature-panel.tsx'
import { LayerToggles, type LayerStatus } from '../../client/features/map/layer-toggles.tsx'
import { Legend } from '../../client/features/map/legend.tsx'
import { MapFilterForm } from '../../client/features/map/map-filters.tsx'
import type { Selection } from '../../client/features/map/selection.ts'
import { DEFAULT_VISIBILITY } from '../../client/features/map/use-layer-visibility.ts'
import { initI18n } from '../helpers/i18n.ts'
import { setLanguage } from '../../client/lib/i18n.ts'

beforeAll(() => {
  initI18n('en')
})
afterEach(async () => {
  cleanup()
  vi.useRealTimers()
  await setLanguage('en')
})

function Location() {
  const location = useLocation()
  return <output data-testid="location">{location.search}</output>
}

/** Records the fake API answers by path (the panel fetches what was clicked by id). */
const records: Record<string, unknown> = {}

function renderWith(element: ReactElement, path = '/') {
  // The filter form asks for provinces and communities: a small fake API.
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://dey.test')
      const record = records[url.pathname]
      if (record) return new Response(JSON.stringify(record), { headers: { 'content-type': 'application/json' } })
      const body =
        url.pathname === '/api/admin-areas'
          ? {
              items: [
                {
                  id: '11111111-1111-4111-8111-111111111111',
                  level: 1,
                  name: 'Kratie',
                  nameKm: 'ខេត្តក្រចេះ',
                  code: 'KH-10',
                  parentId: null,
                  parentName: null,
                },
              ],
              nextCursor: null,
            }
          : { items: [], nextCursor: null }
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })
    }),
  )
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        {element}
        <Location />
      </MemoryRouter>
    </QueryClientProvider>,
  )
}

const status = (overrides: Partial<Record<string, Partial<LayerStatus>>> = {}) =>
  Object.fromEntries(
    ['incidents', 'communities', 'parcels', 'concessions', 'evidence'].map((layer) => [
      layer,
      { count: 3, isZoomedOut: false, hasError: false, ...overrides[layer] },
    ]),
  ) as Record<'incidents' | 'communities' | 'parcels' | 'concessions' | 'evidence', LayerStatus>

describe('LayerToggles', () => {
  it('is a checkbox per layer, labelled by the layer name, that switches it', async () => {
    const onToggle = vi.fn()
    renderWith(<LayerToggles layers={{ ...DEFAULT_VISIBILITY, parcels: false }} onToggle={onToggle} status={status()} unavailable={{}} />)
    for (const name of ['Incidents', 'Communities', 'Parcels', 'Concessions', 'Photos with GPS']) {
      expect(screen.getByRole('checkbox', { name })).toBeTruthy()
    }
    expect((screen.getByRole('checkbox', { name: 'Parcels' }) as HTMLInputElement).checked).toBe(false)
    await userEvent.click(screen.getByRole('checkbox', { name: 'Incidents' }))
    expect(onToggle).toHaveBeenCalledWith('incidents', false)
    await userEvent.click(screen.getByRole('checkbox', { name: 'Parcels' }))
    expect(onToggle).toHaveBeenCalledWith('parcels', true)
  })

  it('says to zoom in when a layer starts further in, and why a layer is off for the role', () => {
    renderWith(
      <LayerToggles
        layers={DEFAULT_VISIBILITY}
        onToggle={() => undefined}
        status={status({ parcels: { isZoomedOut: true, count: undefined } })}
        unavailable={{ evidence: 'Photo locations are hidden for your role.' }}
      />,
    )
    const parcels = screen.getByRole('checkbox', { name: 'Parcels' })
    expect(parcels.getAttribute('aria-describedby')).toBeTruthy()
    expect(document.getElementById(parcels.getAttribute('aria-describedby')!)!.textContent).toBe('Zoom in to see parcels')
    const photos = screen.getByRole('checkbox', { name: 'Photos with GPS' }) as HTMLInputElement
    expect(photos.disabled).toBe(true)
    expect(photos.checked).toBe(false)
    expect(screen.getByText('Photo locations are hidden for your role.')).toBeTruthy()
    expect(screen.getAllByText('3 in this area').length).toBeGreaterThan(0)
  })

  it('speaks Khmer', async () => {
    await setLanguage('km')
    renderWith(<LayerToggles layers={DEFAULT_VISIBILITY} onToggle={() => undefined} status={status()} unavailable={{}} />)
    expect(screen.getByRole('checkbox', { name: 'ឧប្បត្តិហេតុ' })).toBeTruthy()
    expect(screen.getByRole('group', { name: 'ស្រទាប់' })).toBeTruthy()
  })
})

describe('MapFilterForm', () => {
  it('writes each filter it is given to the URL through onChange, searching when typing pauses', async () => {
    const onChange = vi.fn()
    renderWith(<MapFilterForm filters={{}} onChange={onChange} onClear={() => undefined} />)
    await screen.findByRole('option', { name: 'Kratie' })
    fireEvent.change(screen.getByLabelText('Province'), { target: { value: 'Kratie' } })
    expect(onChange).toHaveBeenLastCalledWith('province', 'Kratie')
    fireEvent.change(screen.getByLabelText('Incident kind'), { target: { value: 'demolition' } })
    expect(onChange).toHaveBeenLastCalledWith('kind', 'demolition')
    fireEvent.change(screen.getByLabelText('Incident status'), { target: { value: 'ongoing' } })
    expect(onChange).toHaveBeenLastCalledWith('status', 'ongoing')
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-01-01' } })
    expect(onChange).toHaveBeenLastCalledWith('from', '2026-01-01')
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-02-01' } })
    expect(onChange).toHaveBeenLastCalledWith('to', '2026-02-01')
    fireEvent.change(screen.getByLabelText('Province'), { target: { value: '' } })
    expect(onChange).toHaveBeenLastCalledWith('province', undefined)

    vi.useFakeTimers()
    onChange.mockClear()
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'Kal' } })
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'Kaleng' } })
    expect(onChange).not.toHaveBeenCalled()
    await act(async () => void vi.advanceTimersByTime(600))
    expect(onChange).toHaveBeenCalledTimes(1)
    expect(onChange).toHaveBeenCalledWith('q', 'Kaleng')
  })

  it('offers to clear only when a filter is set, and shows the filters it is given', async () => {
    const onClear = vi.fn()
    const { rerender } = renderWith(<MapFilterForm filters={{}} onChange={() => undefined} onClear={onClear} />)
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull()
    rerender(
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter>
          <MapFilterForm filters={{ kind: 'fencing', q: 'rubber' }} onChange={() => undefined} onClear={onClear} />
        </MemoryRouter>
      </QueryClientProvider>,
    )
    expect((screen.getByLabelText('Incident kind') as HTMLSelectElement).value).toBe('fencing')
    expect((screen.getByLabelText('Search') as HTMLInputElement).value).toBe('rubber')
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }))
    expect(onClear).toHaveBeenCalled()
  })
})

const INCIDENT_ID = '6e1cc059-ae43-461b-9ab7-213e6ecf43ef'
const incident: Selection = { layer: 'incidents', id: INCIDENT_ID, title: 'Crops destroyed in Kaleng' }
records[`/api/incidents/${INCIDENT_ID}`] = {
  id: INCIDENT_ID,
  createdAt: new Date(),
  updatedAt: new Date(),
  version: 1,
  communityId: null,
  communityName: 'Kaleng Tampuan Community',
  title: 'Crops destroyed in Kaleng',
  titleKm: 'ការបំផ្លាញដំណាំនៅភូមិកាឡែង',
  kind: 'crop_destruction',
  status: 'ongoing',
  severity: 'high',
  perpetratorKind: 'company',
  perpetratorName: 'Demo Rubber Co.',
  occurredAt: new Date('2026-11-27T05:00:00Z'),
  occurredPrecision: 'day',
  householdsAffected: 37,
  peopleAffected: 222,
  description: null,
  province: 'Ratanak Kiri',
  district: 'Bar Kaev',
  commune: 'Lung Khung',
  village: 'Kaleng',
  affectedArea: null,
  affectedAreaHa: null,
  isConfidential: false,
  dismissalReason: null,
  verifiedAt: null,
  reportedBy: null,
  sourceUrl: null,
  sourceDate: null,
  location: { type: 'Point', coordinates: [107.12, 13.6] },
}

describe('FeaturePanel', () => {
  it('fetches the clicked incident by id and summarises it with localized labels and a link to its page', async () => {
    renderWith(<FeaturePanel selection={incident} onClose={() => undefined} />)
    const panel = screen.getByTestId('map-panel')
    expect(within(panel).getByRole('heading', { name: 'Crops destroyed in Kaleng' })).toBeTruthy()
    expect(await within(panel).findByText('Crop destruction')).toBeTruthy()
    expect(within(panel).getByText('Ongoing')).toBeTruthy()
    expect(within(panel).getByText('High')).toBeTruthy()
    expect(within(panel).getByText('37')).toBeTruthy()
    expect(within(panel).getByText('Company: Demo Rubber Co.')).toBeTruthy()
    expect(within(panel).getByText('Kaleng, Lung Khung, Bar Kaev, Ratanak Kiri')).toBeTruthy()
    expect(within(panel).getByRole('link', { name: 'Open the incident' }).getAttribute('href')).toBe(`/incidents/${INCIDENT_ID}`)
    // Focus moves to the panel for keyboard and screen-reader users.
    expect(document.activeElement).toBe(within(panel).getByRole('heading'))
  })

  it('is in Khmer for a Khmer reader, with the Khmer title', async () => {
    await setLanguage('km')
    renderWith(<FeaturePanel selection={incident} onClose={() => undefined} />)
    expect(await screen.findByRole('heading', { name: 'ការបំផ្លាញដំណាំនៅភូមិកាឡែង' })).toBeTruthy()
    expect(screen.getByText('ការបំផ្លាញដំណាំ')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'បើកឧប្បត្តិហេតុ' })).toBeTruthy()
  })

  it('closes with its button and with Escape', async () => {
    const onClose = vi.fn()
    renderWith(<FeaturePanel selection={incident} onClose={onClose} />)
    await userEvent.click(screen.getByRole('button', { name: 'Close details' }))
    await userEvent.keyboard('{Escape}')
    expect(onClose).toHaveBeenCalledTimes(2)
  })

  it('shows a photo and links to the record it belongs to', async () => {
    const photo: Selection = { layer: 'evidence', id: '9b2c0c55-7a38-4f55-9d5b-5f2f1b0c2a11', title: 'Site photo' }
    records[`/api/evidence/${photo.id}`] = {
      id: photo.id,
      createdAt: new Date(),
      updatedAt: new Date(),
      version: 1,
      sha256: 'a'.repeat(64),
      sizeBytes: 1000,
      mediaType: 'image/jpeg',
      declaredType: null,
      originalFilename: 'x.jpg',
      title: 'Site photo',
      description: null,
      capturedAt: new Date('2026-03-01T02:00:00Z'),
      capturedAtText: null,
      capturedBy: 'Sokha',
      cameraMake: 'NIKON',
      cameraModel: 'E950',
      orientation: 1,
      pageCount: null,
      durationSeconds: null,
      hasThumbnail: true,
      isConfidential: false,
      incidentId: null,
      caseId: null,
      parcelId: null,
      communityId: '7d5753b2-6be2-4ab0-8a84-f01b17a671be',
      activityId: null,
      uploadedByUserId: null,
      purgedAt: null,
      location: { type: 'Point', coordinates: [107.12, 13.6] },
    }
    renderWith(<FeaturePanel selection={photo} onClose={() => undefined} />)
    expect((await screen.findByRole('img', { name: 'Photo: Site photo' })).getAttribute('src')).toBe(`/api/evidence/${photo.id}/thumbnail`)
    expect(screen.getByText('NIKON E950')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Open its community' }).getAttribute('href')).toBe(
      '/communities/7d5753b2-6be2-4ab0-8a84-f01b17a671be',
    )
  })
})

describe('Legend', () => {
  it('explains the layers that are on: shapes by group, sizes by severity, patterns', () => {
    renderWith(<Legend layers={{ ...DEFAULT_VISIBILITY, parcels: false }} showEvidence />)
    expect(screen.getByRole('heading', { name: 'Incidents' })).toBeTruthy()
    expect(screen.getByText('Evictions and demolitions')).toBeTruthy()
    expect(screen.getByText('Size shows severity')).toBeTruthy()
    expect(screen.getByText('Critical')).toBeTruthy()
    expect(screen.getByText('Economic land concession')).toBeTruthy()
    expect(screen.queryByRole('heading', { name: 'Parcels' })).toBeNull()
    expect(screen.getByRole('heading', { name: 'Photos with GPS' })).toBeTruthy()
  })

  it('leaves out photos for a role that may not see their locations', () => {
    renderWith(<Legend layers={DEFAULT_VISIBILITY} showEvidence={false} />)
    expect(screen.queryByRole('heading', { name: 'Photos with GPS' })).toBeNull()
    expect(screen.getByRole('heading', { name: 'Parcels' })).toBeTruthy()
  })
})
