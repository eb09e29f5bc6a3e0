// @vitest-environment happy-dom
// The import wizard against a fake API: the preview describes the file; the mapping step sends the
// target, the columns (guessed from their names) and the options, and shows the server's 422 next
// to the field it names; the dry run shows its progress, what the commit will do and why features
// are refused, with the report as CSV; after the commit, the map link and, for an admin only, undo.
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ImportJob } from '../../shared/import-jobs.ts'
import type { ImportLayer } from '../../shared/imports.ts'
import { ImportWizardPage } from '../../client/features/imports/import-wizard-page.tsx'
import { clientConfigJson } from './api-answers.ts'
import { fakeApi, meOf, problem, renderPage, type FakeRequest } from './admin-render.tsx'

const ID = '50000000-0000-4000-8000-000000000014'

const square = (lng: number, lat: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lng, lat],
      [lng + 0.01, lat],
      [lng + 0.01, lat + 0.01],
      [lng, lat + 0.01],
      [lng, lat],
    ],
  ],
})

const layer: ImportLayer = {
  name: 'community_forests',
  featureCount: 316,
  featuresWithoutGeometry: 0,
  geometryTypes: ['MultiPolygon', 'Polygon'],
  crs: { epsg: 4326, name: 'WGS 84', source: 'file' },
  encoding: 'utf-8',
  columns: [
    { name: 'map_id', type: 'integer', samples: ['84', '85'], emptyCount: 0 },
    { name: 'name', type: 'string', samples: ['Chom Kar Prey Sner Svay Pa Kav', 'Chom Kar Prey Sner O Rung'], emptyCount: 0 },
    { name: 'province', type: 'string', samples: ['Kampong Chhnang', 'Kratie'], emptyCount: 0 },
    { name: 'category', type: 'string', samples: ['Community Forest'], emptyCount: 0 },
  ],
  bbox: [104.5, 12.1, 104.61, 12.21],
  preview: [
    { type: 'Feature', id: 0, geometry: square(104.5, 12.1), properties: { map_id: '84', name: 'Chom Kar Prey Sner Svay Pa Kav' } },
    { type: 'Feature', id: 1, geometry: square(104.6, 12.2), properties: { map_id: '85', name: 'Chom Kar Prey Sner O Rung' } },
  ],
  problemCounts: {},
  warnings: [],
}

function jobJson(overrides: Partial<ImportJob> = {}): ImportJob {
  return {
    id: ID,
    status: 'uploaded',
    sourceName: 'Open Development Cambodia',
    licence: 'CC BY-SA 4.0',
    fileName: 'odc_community_forests_polygons_shp.zip',
    fileSha256: 'a'.repeat(64),
    fileSize: 512_000,
    format: 'shapefile',
    inspection: { format: 'shapefile', layers: [layer] },
    target: null,
    options: null,
    mapping: null,
    featureCount: 316,
    processed: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    refused: 0,
    error: null,
    createdByUserId: '00000000-0000-4000-8000-000000000001',
    createdAt: '2026-12-05T22:00:00.000Z',
    committedAt: null,
    undoneAt: null,
    ...overrides,
  }
}

/** The fake server: the job as it stands, and whatever a test answers on top. */
function serve(job: () => ImportJob, extra: (request: FakeRequest) => { status?: number; body?: unknown } | undefined = () => undefined) {
  return fakeApi((request) => {
    if (request.path === '/api/client-config') return { body: clientConfigJson() }
    if (request.method === 'GET' && request.path === `/api/imports/${ID}`) return { body: job() }
    return extra(request)
  })
}

const open = () => renderPage(<ImportWizardPage />, { me: meOf('legal'), path: `/imports/${ID}`, route: '/imports/:id' })

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('the import wizard', () => {
  it('previews the file: feature count, shapes, coordinate system, the map, the columns with samples', async () => {
    serve(() => jobJson())
    await open()
    expect(await screen.findByRole('heading', { name: 'What the file holds' })).toBeTruthy()
    expect(screen.getByTestId('import-feature-count').textContent).toBe('316')
    expect(screen.getByText('MultiPolygon, Polygon')).toBeTruthy()
    expect(screen.getByText('WGS 84 (EPSG:4326)')).toBeTruthy()
    expect(screen.getByRole('region', { name: 'Map of the first features of the file' })).toBeTruthy()
    const columns = screen.getByRole('table')
    expect(within(columns).getByRole('rowheader', { name: 'category' })).toBeTruthy()
    expect(within(columns).getByText('Community Forest')).toBeTruthy()
  })

  it('sends the target, the guessed columns and the options, and shows the 422 next to the field it names', async () => {
    const { requests } = serve(
      () => jobJson(),
      (request) =>
        request.method === 'PATCH'
          ? problem(422, 'imports.invalid_mapping', 'The mapping does not fit the file', [
              { field: 'body.mapping.province', message: 'the layer has no column "province"' },
            ])
          : undefined,
    )
    await open()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Next: choose the columns' }))
    await user.selectOptions(screen.getByRole('combobox', { name: /Import into/ }), 'communities')
    // The guesses from the column names; "category" holds no community kind, so kind stays open.
    expect((screen.getByRole('combobox', { name: /^ID in the source/ }) as HTMLSelectElement).value).toBe('map_id')
    expect((screen.getByRole('combobox', { name: /^Name( guessed)?$/ }) as HTMLSelectElement).value).toBe('name')
    expect((screen.getByRole('combobox', { name: /^Province/ }) as HTMLSelectElement).value).toBe('province')
    expect((screen.getByRole('combobox', { name: 'Kind' }) as HTMLSelectElement).value).toBe('')
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind for every feature without one' }), 'indigenous_community')
    await user.click(screen.getByRole('checkbox', { name: /Repair invalid shapes/ }))
    await user.click(screen.getByRole('button', { name: 'Save and continue' }))

    await waitFor(() => expect(requests.some((request) => request.method === 'PATCH')).toBe(true))
    const patch = requests.find((request) => request.method === 'PATCH')!
    expect(patch.path).toBe(`/api/imports/${ID}`)
    expect(patch.body).toEqual({
      target: 'communities',
      mapping: { externalId: 'map_id', name: 'name', province: 'province' },
      options: { layer: 'community_forests', repair: true, defaults: { kind: 'indigenous_community' } },
    })
    const province = screen.getByRole('combobox', { name: /^Province/ })
    expect(province.getAttribute('aria-invalid')).toBe('true')
    const errorId = province.getAttribute('aria-describedby')!
    expect(document.getElementById(errorId)?.textContent).toBe('the layer has no column "province"')
    // Still on the mapping step.
    expect(screen.getByRole('heading', { name: 'Where the data goes' })).toBeTruthy()
  })

  it('asks for a required field before sending anything', async () => {
    const { requests } = serve(() => jobJson({ inspection: { format: 'shapefile', layers: [{ ...layer, columns: [layer.columns[3]!] }] } }))
    await open()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Next: choose the columns' }))
    await user.selectOptions(screen.getByRole('combobox', { name: /Import into/ }), 'concessions')
    await user.click(screen.getByRole('button', { name: 'Save and continue' }))
    const name = screen.getByRole('combobox', { name: /^Name( guessed)?$/ })
    expect(name.getAttribute('aria-invalid')).toBe('true')
    expect(requests.some((request) => request.method === 'PATCH')).toBe(false)
  })

  it('runs the dry run with a progress bar, then shows the counts, the refused features and their reasons', async () => {
    const configured = { target: 'communities' as const, mapping: { name: 'name' }, options: { layer: 'community_forests' } }
    let job = jobJson(configured)
    const { requests } = serve(
      () => job,
      (request) => {
        if (request.method === 'POST' && request.path === `/api/imports/${ID}/dry-run`) {
          job = jobJson({ ...configured, status: 'dry_run_running', processed: 100 })
          // The next poll finds it done.
          const running = job
          job = jobJson({ ...configured, status: 'dry_run_done', processed: 316, created: 300, updated: 10, unchanged: 2, refused: 4 })
          return { status: 202, body: running }
        }
        if (request.path === `/api/imports/${ID}/items`) {
          return {
            body: {
              items: [
                {
                  featureIndex: 41,
                  externalId: '125',
                  label: 'Prey Kbal Ou Chrov',
                  action: 'refused',
                  recordId: null,
                  reason: 'boundary: Ring Self-intersection at or near point 104.1 12.3',
                  repair: null,
                },
                {
                  featureIndex: 97,
                  externalId: '181',
                  label: 'Sre Ampil',
                  action: 'refused',
                  recordId: null,
                  reason: 'name: empty',
                  repair: null,
                },
              ],
            },
          }
        }
        return undefined
      },
    )
    await open()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Start the dry run' }))
    const bar = await screen.findByRole('progressbar', { name: 'Progress' })
    expect(bar.getAttribute('aria-valuenow')).toBe('100')
    expect(bar.getAttribute('aria-valuemax')).toBe('316')
    expect(screen.getByText('100 of 316 features')).toBeTruthy()

    // Polled about once a second until done.
    const counts = await screen.findByTestId('import-counts-dry_run', {}, { timeout: 5000 })
    const count = (key: string) => counts.querySelector(`[data-count="${key}"] dd`)?.textContent
    expect([count('created'), count('updated'), count('unchanged'), count('refused')]).toEqual(['300', '10', '2', '4'])
    expect(within(counts).getByText('Will be created')).toBeTruthy()

    const refused = await screen.findByRole('region', { name: 'Refused features' })
    expect(await within(refused).findByText('boundary: Ring Self-intersection at or near point 104.1 12.3')).toBeTruthy()
    expect(within(refused).getByText('name: empty')).toBeTruthy()
    expect(within(refused).getByRole('rowheader', { name: '#42 Prey Kbal Ou Chrov' })).toBeTruthy()
    const items = requests.find((request) => request.path.endsWith('/items'))!
    expect(Object.fromEntries(items.query)).toEqual({ run: 'dry_run', action: 'refused', limit: '100', offset: '0' })

    const report = screen.getByRole('link', { name: 'Download report (CSV)' })
    expect(report.getAttribute('href')).toBe(`/api/imports/${ID}/report.csv?run=dry_run`)
    expect(screen.getByRole('button', { name: 'Next: import' })).toBeTruthy()
  })

  it('after the commit: the counts, "See on the map" on the layer fitted to the file, and undo for an admin only', async () => {
    const committed = jobJson({
      status: 'committed',
      target: 'communities',
      mapping: { name: 'name' },
      options: { layer: 'community_forests', repair: true },
      processed: 316,
      created: 316,
      committedAt: '2026-12-05T22:05:00.000Z',
    })
    serve(() => committed)
    await open()
    const counts = await screen.findByTestId('import-counts-commit')
    expect(counts.querySelector('[data-count="created"] dd')?.textContent).toBe('316')
    expect(screen.getByRole('link', { name: 'See on the map' }).getAttribute('href')).toBe(
      '/?layer=communities&bbox=104.50000%2C12.10000%2C104.61000%2C12.21000',
    )
    expect(screen.queryByRole('button', { name: 'Undo this import' })).toBeNull()
    cleanup()

    const { requests } = serve(
      () => committed,
      (request) =>
        request.method === 'POST' && request.path === `/api/imports/${ID}/undo`
          ? {
              body: {
                job: { ...committed, status: 'undone', undoneAt: '2026-12-05T22:10:00.000Z' },
                hidden: 316,
                restored: 0,
                conflicts: [],
              },
            }
          : undefined,
    )
    await renderPage(<ImportWizardPage />, { me: meOf('admin'), path: `/imports/${ID}`, route: '/imports/:id' })
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Undo this import' }))
    // Asked first; nothing sent yet.
    expect(screen.getByRole('alertdialog', { name: 'Undo this import?' })).toBeTruthy()
    expect(requests.some((request) => request.method === 'POST')).toBe(false)
    await user.click(screen.getByRole('button', { name: 'Yes, undo it' }))
    expect(await screen.findByText('This import was undone.')).toBeTruthy()
    expect(screen.getByText('316 records hidden, 0 restored.')).toBeTruthy()
  })
})
