// @vitest-environment happy-dom
// The reporter's sanity warnings (issue 15): a place far from the chosen community's land, a photo
// whose EXIF says elsewhere or long before. Calm notes under the field, never a refusal. Only the
// network is faked; the photo is a real one with EXIF GPS (Italy, 2008: test/fixtures/SOURCES.md).
import 'fake-indexeddb/auto'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { MemoryRouter } from 'react-router'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { clientConfigJson } from './api-answers.ts'
import { meQueryKey } from '../../client/lib/session.ts'
import { outbox } from '../../client/features/report/outbox.ts'
import { ReportPage } from '../../client/features/report/report-page.tsx'
import { initialValues } from '../../client/features/report/report-values.ts'
import { initI18n } from '../helpers/i18n.ts'
import { setLanguage } from '../../client/lib/i18n.ts'

vi.mock('tus-js-client', () => ({ Upload: class {}, DetailedError: class extends Error {} }))

const USER_ID = randomUUID()
// A Bunong community near Sen Monorom, Mondul Kiri, whose land spans about 11 × 11 km.
const MONDUL_KIRI = {
  id: randomUUID(),
  name: 'Pu Trom',
  nameKm: 'ពូត្រម',
  location: [107.2, 12.45],
  territoryBbox: [107.15, 12.4, 107.25, 12.5],
}
const BATTAMBANG = { lng: 103.2, lat: 13.1, source: 'map' as const }
const PHOTO = path.resolve(import.meta.dirname, '../fixtures/photos/exif-samples_gps_DSCN0010.jpg')

const me = {
  id: USER_ID,
  displayName: 'Representative',
  role: 'community_rep',
  communityIds: [MONDUL_KIRI.id],
  mustChangePassword: false,
  permissions: ['incidents.create', 'incidents.read', 'communities.read'],
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

function fakeFetch(input: RequestInfo | URL) {
  const url = new URL(String(input), 'http://dey.test')
  if (url.pathname === '/api/client-config') return Promise.resolve(json(200, { ...clientConfigJson(), warnDistanceKm: 20 }))
  if (url.pathname === '/api/communities') {
    const { id, name, nameKm, location, territoryBbox } = MONDUL_KIRI
    return Promise.resolve(
      json(200, { items: [{ id, name, nameKm, location: { type: 'Point', coordinates: location }, territoryBbox }], nextCursor: null }),
    )
  }
  return Promise.resolve(json(404, { type: 'about:blank', title: 'Not Found', status: 404, code: 'http.404' }))
}

function renderReport() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  client.setQueryData(meQueryKey, me)
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={['/report']}>
        <ReportPage />
      </MemoryRouter>
    </QueryClientProvider>,
  )
}

/** A draft on the device with the place already chosen: the form opens with it. */
const draftAt = (location: { lng: number; lat: number; source: 'map' }, occurredAt?: string) =>
  outbox.saveDraft(USER_ID, {
    values: { ...initialValues(), kind: 'fencing', communityId: MONDUL_KIRI.id, location, ...(occurredAt ? { occurredAt } : {}) },
    files: [],
    savedAt: Date.now(),
  })

beforeAll(() => initI18n('en'))
beforeEach(async () => {
  vi.stubGlobal('fetch', vi.fn(fakeFetch))
  await outbox.clearDraft(USER_ID)
})
afterEach(async () => {
  cleanup()
  outbox.stop()
  vi.unstubAllGlobals()
  await setLanguage('en')
})

describe("the reporter's warnings", () => {
  it('says calmly that a place in Battambang is far from a Mondul Kiri community, and still lets the report go', async () => {
    await draftAt(BATTAMBANG)
    renderReport()
    const warning = await screen.findByTestId('report-warning')
    expect(warning.textContent).toMatch(/^This place is about 4\d\d km from the community’s land\. If that is right, you can still send/)
    expect((screen.getByRole('button', { name: 'Send report' }) as HTMLButtonElement).disabled).toBe(false)
  })

  it('says nothing for a place on the community’s land', async () => {
    await draftAt({ lng: 107.24, lat: 12.49, source: 'map' })
    renderReport()
    await screen.findByRole('button', { name: 'Send report' })
    await screen.findByText('Pu Trom')
    expect(screen.queryByTestId('report-warning')).toBeNull()
  })

  it('says it in Khmer too', async () => {
    await setLanguage('km')
    await draftAt(BATTAMBANG)
    renderReport()
    expect((await screen.findByTestId('report-warning')).textContent).toMatch(/^ទីតាំងនេះនៅឆ្ងាយប្រហែល 4\d\d គ\.ម\. ពីដីរបស់សហគមន៍។/)
  })

  it('questions a photo whose camera says Italy, 2008, as soon as it is chosen', async () => {
    await draftAt({ lng: 107.2, lat: 12.45, source: 'map' }, '2026-11-20T09:00')
    const { container } = renderReport()
    await screen.findByText('Pu Trom')
    expect(screen.queryByTestId('report-warning')).toBeNull()
    const photo = new File([await readFile(PHOTO)], 'DSCN0010.jpg', { type: 'image/jpeg' })
    await userEvent.setup().upload(container.querySelector<HTMLInputElement>('input[type=file]')!, photo)
    await waitFor(() => expect(screen.getAllByTestId('report-warning')).toHaveLength(2))
    const [far, old] = screen.getAllByTestId('report-warning').map((element) => element.textContent)
    expect(far).toMatch(/^DSCN0010\.jpg: the camera says it was taken about \d,\d{3} km from this place\. You can still send it\.$/)
    expect(old).toMatch(/^DSCN0010\.jpg: the camera says it was taken 6,\d{3} days before this date\./)
  })
})
