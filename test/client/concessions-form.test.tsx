// @vitest-environment happy-dom
// The concession form's body: what a new concession leaves to the server (the province), what an
// edit clears, and declared areas typed with a decimal comma — checked by the shared schemas.
import i18next from 'i18next'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { CreateConcessionBody, UpdateConcessionBody } from '../../shared/concessions.ts'
import { concessionBodyOf, emptyConcessionForm } from '../../client/features/concessions/concession-edit-page.tsx'
import { initI18n } from '../../client/app/i18n.ts'
import { validate } from '../../client/lib/form-errors.ts'

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
