// First guesses for an import's column mapping, from column names (and, for a vocabulary field,
// its sample values), as ODC's and NGO surveys' files name their columns.
import { describe, expect, it } from 'vitest'
import type { ImportColumn } from '../../shared/imports.ts'
import { guessMapping } from '../../client/features/imports/guess-mapping.ts'

const column = (name: string, type: ImportColumn['type'] = 'string', samples: ImportColumn['samples'] = ['x']): ImportColumn => ({
  name,
  type,
  samples,
  emptyCount: 0,
})

describe('guessing the column mapping', () => {
  it("maps ODC's community forests to a community's id, name and place, and leaves out a category of other words", () => {
    const columns = [
      column('map_id', 'integer', ['84']),
      column('name'),
      column('size_ha', 'number', [70]),
      column('province'),
      column('district'),
      column('commune'),
      column('category', 'string', ['Community Forest']),
      column('issuedate', 'date', ['2010-08-20']),
    ]
    expect(guessMapping(columns, 'communities')).toEqual({
      externalId: 'map_id',
      name: 'name',
      province: 'province',
      district: 'district',
      commune: 'commune',
    })
  })

  it("maps ODC's special economic zones to a concession's company, declared area and date", () => {
    const columns = [
      column('map_id', 'integer'),
      column('name'),
      column('developer'),
      column('landarea_h', 'number', [120.5]),
      column('province'),
      column('issuedate', 'date'),
    ]
    expect(guessMapping(columns, 'concessions')).toEqual({
      externalId: 'map_id',
      name: 'name',
      company: 'developer',
      declaredAreaHa: 'landarea_h',
      date: 'issuedate',
      province: 'province',
    })
  })

  it('reads names in any case and with punctuation: NAME, ID, Provinces, Hectares, Owner, Contract', () => {
    const columns = [
      column('ID', 'integer'),
      column('NAME'),
      column('Provinces'),
      column('Hectares', 'number', [5000]),
      column('Owner'),
      column('Contract', 'date'),
    ]
    expect(guessMapping(columns, 'concessions')).toEqual({
      externalId: 'ID',
      name: 'NAME',
      province: 'Provinces',
      declaredAreaHa: 'Hectares',
      company: 'Owner',
      date: 'Contract',
    })
  })

  it('prefers map_id to a generic id, and gives a column to one field only', () => {
    const columns = [column('fid', 'integer'), column('map_id', 'integer'), column('Name'), column('area', 'number', [3])]
    expect(guessMapping(columns, 'concessions')).toEqual({ externalId: 'map_id', name: 'Name', declaredAreaHa: 'area' })
  })

  it('takes a kind or type column whose values are of the layer’s vocabulary only', () => {
    expect(guessMapping([column('name'), column('type', 'string', ['elc', 'Mining'])], 'concessions')).toEqual({
      name: 'name',
      kind: 'type',
    })
    expect(guessMapping([column('name'), column('type', 'string', ['Rubber plantation'])], 'concessions')).toEqual({ name: 'name' })
    expect(guessMapping([column('name'), column('kind', 'string', ['land grabbing'])], 'incidents')).toMatchObject({ kind: 'kind' })
  })

  it('guesses only the fields the target takes: a parcel has a holder and a community, no company or province', () => {
    const columns = [column('name'), column('owner'), column('community'), column('province'), column('households', 'integer', [12])]
    expect(guessMapping(columns, 'parcels')).toEqual({
      name: 'name',
      holderName: 'owner',
      community: 'community',
      households: 'households',
    })
  })

  it('does not take a text column for an area or a number of households', () => {
    expect(guessMapping([column('name'), column('area', 'string', ['about 50 ha'])], 'concessions')).toEqual({ name: 'name' })
  })
})
