// @vitest-environment happy-dom
// The concession form's body: what a new concession leaves to the server (the province), what an
// edit clears, and declared areas typed with a decimal comma — checked by the shared schemas. A
// new concession known by its location only (issue 14) sends its point and declared areas, no
// boundary; one known only as a point is later given its boundary without sending the point again.
import { cleanup, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import i18next from 'i18next'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { Concession, CreateConcessionBody, UpdateConcessionBody } from '../../shared/concessions.ts'
import {
  ConcessionEditPage,
  concessionBodyOf,
  concessionFormOf,
  emptyConcessionForm,
} from '../../client/features/concessions/concession-edit-page.tsx'
import { initI18n } from '../helpers/i18n.ts'
import { validate } from '../../client/lib/form-errors.ts'
import { fakeApi, meOf, renderPage } from './admin-render.tsx'

vi.mock('../../client/map/geometry-editor.tsx', () => ({ GeometryEditor: () => null }))

const square = {
  type: 'MultiPolygon' as const,
  coordinates: [
    [
      [
        [106.9, 12.2],
        [106.95, 12.2],
        [106.95, 12.25],
        [106.9, 12.25],
        [106.9, 12.2],
      ],
    ],
  ] as [number, number][][][],
}

beforeAll(() => {
  initI18n('en')
  // happy-dom has no canvas; Leaflet draws the location picker's point on one. A context that
  // accepts every drawing call and draws nothing lets the real map components run.
  const context = new Proxy(
    {},
    {
      get: (target: Record<string, unknown>, key: string) => (key in target ? target[key] : () => undefined),
      set: (target, key: string, value) => ((target[key] = value), true),
    },
  )
  HTMLCanvasElement.prototype.getContext = (() => context) as unknown as HTMLCanvasElement['getContext']
})

describe('the concession body', () => {
  it('leaves the province out of a new concession when not chosen, so the server finds it', () => {
    const body = concessionBodyOf({ ...emptyConcessionForm(), name: 'Demo ELC', boundary: square }, true)
    expect('province' in body).toBe(false)
    const checked = validate(CreateConcessionBody, body, i18next.t)
    expect(checked.ok).toBe(true)
    if (checked.ok)
      expect(checked.data).toMatchObject({
        name: 'Demo ELC',
        nameKm: null,
        company: null,
        grantedOn: null,
        sourceUrl: null,
        declaredAreas: [],
      })
  })

  it('clears a province on an edit, and sends the version', () => {
    const body = concessionBodyOf({ ...emptyConcessionForm(), name: 'Demo ELC', boundary: square }, false)
    expect(body.province).toBeNull()
    expect('declaredAreas' in body).toBe(false)
    expect(validate(UpdateConcessionBody, { ...body, version: 3 }, i18next.t).ok).toBe(true)
  })

  it('reads declared areas typed with a decimal comma, and names the row and field that is wrong', () => {
    const form = {
      ...emptyConcessionForm(),
      name: 'Demo ELC',
      boundary: square,
      declaredAreas: [
        { key: 1, areaHa: '8460,5', source: 'Sub-decree', sourceUrl: '', statedOn: '2017-07-28' },
        { key: 2, areaHa: '', source: '', sourceUrl: 'ftp://example.org', statedOn: '' },
      ],
    }
    const checked = validate(CreateConcessionBody, concessionBodyOf(form, true), i18next.t)
    expect(checked.ok).toBe(false)
    if (!checked.ok) {
      expect(Object.keys(checked.errors).sort()).toEqual(['declaredAreas.1.areaHa', 'declaredAreas.1.source', 'declaredAreas.1.sourceUrl'])
      expect(checked.errors['declaredAreas.1.source']).toBe('This field is required.')
    }
    const first = validate(CreateConcessionBody, concessionBodyOf({ ...form, declaredAreas: [form.declaredAreas[0]!] }, true), i18next.t)
    expect(first.ok && first.data.declaredAreas).toEqual([
      { areaHa: 8460.5, source: 'Sub-decree', sourceUrl: null, statedOn: '2017-07-28' },
    ])
  })

  it('requires a name and a boundary', () => {
    const checked = validate(CreateConcessionBody, concessionBodyOf(emptyConcessionForm(), true), i18next.t)
    expect(checked.ok).toBe(false)
    if (!checked.ok) expect(Object.keys(checked.errors).sort()).toEqual(['boundary', 'name'])
  })
})

const pointConcession = {
  id: '30000000-0000-4000-8000-0000000000bb',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 2,
  name: 'Point-only Rubber ELC',
  nameKm: null,
  kind: 'elc' as const,
  company: 'Example Rubber Co., Ltd.',
  province: 'Stung Treng',
  grantedOn: null,
  purpose: null,
  boundarySource: null,
  sourceUrl: null,
  sourceDate: null,
  boundary: null,
  location: { type: 'Point' as const, coordinates: [106.3, 13.9] as [number, number] },
  areaHa: null,
  provenance: { importId: null, externalSource: null, externalId: null },
  declaredAreas: [{ id: '40000000-0000-4000-8000-0000000000b1', areaHa: 7500, source: 'ODC', sourceUrl: null, statedOn: null }],
}

describe('a concession known by its location only', () => {
  afterEach(() => {
    cleanup()
    vi.unstubAllGlobals()
  })

  it('sends the point and no boundary, and needs the point', () => {
    const form = { ...emptyConcessionForm(), name: 'Point ELC', placeMode: 'location' as const, lon: '106,3', lat: '13.9' }
    const body = concessionBodyOf(form, true)
    expect(body.boundary).toBeUndefined()
    expect(body.location).toEqual({ type: 'Point', coordinates: [106.3, 13.9] })
    expect(validate(CreateConcessionBody, body, i18next.t).ok).toBe(true)
    const none = validate(CreateConcessionBody, concessionBodyOf({ ...form, lon: '', lat: '' }, true), i18next.t)
    expect(none.ok).toBe(false)
  })

  it('is given its boundary later without sending the point again', () => {
    const form = { ...concessionFormOf(Concession.parse(pointConcession)), boundary: square }
    expect(form.placeMode).toBe('location')
    expect(form.lon).toBe('106.3')
    const body = concessionBodyOf(form, false)
    expect(body.boundary).toEqual(square)
    expect('location' in body).toBe(false)
    expect(validate(UpdateConcessionBody, { ...body, version: 2 }, i18next.t).ok).toBe(true)
  })

  it('is created from the form: "Location only", a point typed, a declared area with its source', async () => {
    const { requests } = fakeApi((request) =>
      request.method === 'POST' && request.path === '/api/concessions' ? { status: 201, body: pointConcession } : undefined,
    )
    await renderPage(<ConcessionEditPage />, { me: meOf('legal'), path: '/concessions/new', route: '/concessions/new' })
    const user = userEvent.setup()
    await user.type(screen.getByRole('textbox', { name: /^Name(?! in Khmer)/ }), 'Point-only Rubber ELC')
    await user.click(screen.getByRole('radio', { name: 'Location only (boundary unknown)' }))
    expect(screen.getByRole('region', { name: 'Map for placing the point of the concession' })).toBeTruthy()
    // Saving without a point or a figure says what is missing, in words.
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Put the point on the map, or type its coordinates.')).toBeTruthy()
    expect(requests.some((request) => request.method === 'POST')).toBe(false)

    await user.type(screen.getByRole('textbox', { name: 'Longitude' }), '106.3')
    await user.type(screen.getByRole('textbox', { name: 'Latitude' }), '13.9')
    // Choosing "Location only" opened a row for the area the source declares.
    await user.type(screen.getByRole('textbox', { name: /Area \(ha\)/ }), '7500')
    await user.type(screen.getByRole('textbox', { name: /^Source(?! of)/ }), 'ODC, Government data 2012')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(requests.some((request) => request.method === 'POST')).toBe(true))
    const post = requests.find((request) => request.method === 'POST')!
    expect(post.body).toMatchObject({
      name: 'Point-only Rubber ELC',
      location: { type: 'Point', coordinates: [106.3, 13.9] },
      declaredAreas: [{ areaHa: 7500, source: 'ODC, Government data 2012' }],
    })
    expect('boundary' in (post.body as object)).toBe(false)
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(`/concessions/${pointConcession.id}`))
  })

  it('offers the choice in Khmer', async () => {
    fakeApi(() => undefined)
    await renderPage(<ConcessionEditPage />, { me: meOf('legal'), path: '/concessions/new', route: '/concessions/new', language: 'km' })
    expect(screen.getByRole('radio', { name: 'ទីតាំងតែប៉ុណ្ណោះ (មិនដឹងព្រំប្រទល់)' })).toBeTruthy()
  })
})
