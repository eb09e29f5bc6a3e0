// GIS export of every map layer: GET /api/<layer>/export.<format>. Each file is read back by GDAL
// (`ogrinfo`, when installed: CI installs gdal-bin) for its feature count, geometry type, CRS and a
// Khmer name, and by JavaScript readers otherwise; the rows are exactly the list's, role rules
// and filters included.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { eq } from 'drizzle-orm'
import * as shapefile from 'shapefile'
import initSqlJs from 'sql.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminAreas, evidence, parcels } from '../../db/schema/index.ts'
import { ADMIN_BOUNDARIES_ATTRIBUTION } from '../../shared/admin-areas.ts'
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/exports.ts'
import type { MultiPolygon } from '../../shared/geo.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { squareAround } from '../helpers/geo.ts'
import { collectAllPages, problemOf } from '../helpers/http.ts'
import { makeAdminAreas, makeIncident } from '../helpers/incident-factories.ts'
import { makeConcession } from '../helpers/land-factories.ts'
import { multipart } from '../helpers/multipart.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { unzip } from '../helpers/zip.ts'

const OGRINFO = '/usr/bin/ogrinfo'
const hasOgr = existsSync(OGRINFO)
const PDF = path.resolve(import.meta.dirname, '../fixtures/pdf/py-pdf_minimal-document.pdf')

const KHMER_COMMUNITY = 'សហគមន៍ព្រៃលង់'
const KHMER_CONCESSION = 'ដីសម្បទានដំឡូងមី'
const KHMER_INCIDENT = 'ការឈូសឆាយដីស្រែ'
const KHMER_PROVINCE = 'ខេត្តសាកល្បង'
const BULK_PARCELS = 2000

let t: TestApp
let as: Record<UserRole, SignedIn>
let dir: string
const ids = {} as Record<'community' | 'pointCommunity' | 'other' | 'bulk' | 'publicIncident' | 'confidentialIncident' | 'evidence', string>

beforeAll(async () => {
  t = await createTestApp()
  dir = await mkdtemp(path.join(os.tmpdir(), 'dey-exports-'))
  // Far from the demo data and from Cambodia's admin areas: each layer's filters see only these rows.
  ids.community = (
    await makeCommunity(t.db, {
      name: 'Prey Lang test community',
      nameKm: KHMER_COMMUNITY,
      leaderPhone: '+855 12 345 678',
      location: { type: 'Point', coordinates: [106.5, 13.5] },
      territory: { type: 'MultiPolygon', coordinates: [squareAround([106.5, 13.5], 0.05).coordinates] } as MultiPolygon,
    })
  ).id
  ids.pointCommunity = (
    await makeCommunity(t.db, { name: 'Point-only community', location: { type: 'Point', coordinates: [106.7, 13.6] } })
  ).id
  ids.other = (await makeCommunity(t.db, { name: 'Another community', location: { type: 'Point', coordinates: [106.9, 13.7] } })).id
  ids.bulk = (await makeCommunity(t.db, { name: 'Bulk community', location: { type: 'Point', coordinates: [103.5, 14.2] } })).id
  await makeParcel(t.db, {
    communityId: ids.community,
    label: 'ស្រែ rice field',
    landUse: 'rice_field',
    boundary: squareAround([106.51, 13.51]),
  })
  await makeParcel(t.db, { communityId: ids.community, label: 'Forest plot', landUse: 'orchard', boundary: squareAround([106.52, 13.52]) })
  const bulk = Array.from({ length: BULK_PARCELS }, (_, i) => ({
    communityId: ids.bulk,
    label: `Bulk parcel ${String(i).padStart(4, '0')}`,
    boundary: {
      type: 'MultiPolygon',
      coordinates: [squareAround([103.0 + (i % 50) * 0.01, 14.0 + Math.floor(i / 50) * 0.01], 0.003).coordinates],
    },
  }))
  for (let start = 0; start < bulk.length; start += 200) {
    await t.db.insert(parcels).values(bulk.slice(start, start + 200) as (typeof parcels.$inferInsert)[])
  }
  await makeConcession(t.db, { name: 'Test Cassava ELC', nameKm: KHMER_CONCESSION, province: 'Export Test Province' })
  ids.publicIncident = (
    await makeIncident(t.db, {
      title: 'Land clearing',
      titleKm: KHMER_INCIDENT,
      communityId: ids.community,
      province: 'Export Test Province',
      location: { type: 'Point', coordinates: [106.51, 13.49] },
    })
  ).id
  ids.confidentialIncident = (
    await makeIncident(t.db, {
      title: 'Threat to a witness',
      communityId: ids.community,
      province: 'Export Test Province',
      isConfidential: true,
      location: { type: 'Point', coordinates: [106.52, 13.48] },
    })
  ).id
  await makeAdminAreas(t.db, [60.0, 40.0], { province: 'Export Test Province', district: 'Export District', commune: 'Export Commune' })
  await t.db.update(adminAreas).set({ nameKm: KHMER_PROVINCE }).where(eq(adminAreas.name, 'Export Test Province'))

  as = {
    community_rep: await t.signIn('community_rep', { communityIds: [ids.community] }),
    advocate: await t.signIn('advocate'),
    legal: await t.signIn('legal'),
    admin: await t.signIn('admin'),
  }
  const pdf = await readFile(PDF)
  const body = multipart({ communityId: ids.community, title: 'ឯកសារ field photo' }, [
    { filename: 'file.pdf', bytes: Buffer.concat([pdf, Buffer.from(`%${randomBytes(4).toString('hex')}`)]) },
  ])
  const res = await t.app.inject({ method: 'POST', url: '/api/evidence', payload: body.payload, headers: body.headers })
  expect(res.statusCode, res.body).toBe(201)
  ids.evidence = res.json().items[0].id
  await t.db
    .update(evidence)
    .set({ location: { type: 'Point', coordinates: [106.505, 13.505] } })
    .where(eq(evidence.id, ids.evidence))
}, 120_000)

afterAll(async () => {
  await t?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** Each layer's filtered query in the tests, its expected count, geometry and a Khmer text in it. */
const CASES = {
  communities: { query: 'q=Prey%20Lang', count: 1, geometry: 'polygon', khmer: KHMER_COMMUNITY },
  parcels: { query: () => `community=${ids.community}`, count: 2, geometry: 'polygon', khmer: 'ស្រែ rice field' },
  concessions: { query: 'province=Export%20Test%20Province', count: 1, geometry: 'polygon', khmer: KHMER_CONCESSION },
  incidents: { query: 'province=Export%20Test%20Province', count: 2, geometry: 'point', khmer: KHMER_INCIDENT },
  evidence: { query: () => `community=${ids.community}`, count: 1, geometry: 'point', khmer: 'ឯកសារ field photo' },
  'admin-areas': { query: 'q=Export%20Test', count: 1, geometry: 'polygon', khmer: KHMER_PROVINCE },
} as const

const queryOf = (layer: keyof typeof CASES) => {
  const query = CASES[layer].query
  return typeof query === 'function' ? query() : query
}

async function download(url: string, headers: Record<string, string> = as.legal.headers) {
  const res = await t.app.inject({ url, headers })
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200)
  return res
}

/** The file's ogrinfo summary: count, geometry and CRS of each layer, and the full listing. */
async function ogrinfo(file: string) {
  const run = async (args: string[]) => (await promisify(execFile)(OGRINFO, args, { maxBuffer: 64 * 1024 * 1024 })).stdout
  const summary = await run(['-ro', '-al', '-so', file])
  const layers = [...summary.matchAll(/Layer name: (.+)\n[\s\S]*?Geometry: (.+)\nFeature Count: (\d+)/g)].map((m) => ({
    name: m[1]!,
    geometry: m[2]!,
    count: Number(m[3]),
  }))
  return { summary, layers, listing: await run(['-ro', '-al', file]) }
}

const GDAL_GEOMETRY = { polygon: /Polygon/, point: /Point/ }

describe('every layer in every format is a file GDAL reads: count, geometry, CRS and Khmer intact', () => {
  for (const layer of Object.keys(CASES) as (keyof typeof CASES)[]) {
    for (const format of EXPORT_FORMATS) {
      it(`${layer} as ${format}`, async () => {
        const expected = CASES[layer]
        const res = await download(`/api/${layer}/export.${format}?${queryOf(layer)}`)
        const disposition = String(res.headers['content-disposition'])
        expect(disposition).toMatch(
          new RegExp(`^attachment; filename="dey-${layer}-\\d{4}-\\d{2}-\\d{2}\\.${format === 'shp' ? 'shp\\.zip' : format}"$`),
        )
        const file = path.join(dir, `${layer}.${format === 'shp' ? 'shp.zip' : format}`)
        await writeFile(file, res.rawPayload)
        await expectReadableWithoutGdal(format, res.rawPayload, expected)
        if (!hasOgr) return
        const info = await ogrinfo(file)
        const total = info.layers.reduce((sum, l) => sum + l.count, 0)
        expect(total, info.summary).toBe(expected.count)
        // CSV has no CRS (WGS 84 by its column names); every other format declares EPSG:4326.
        if (format !== 'csv') expect(info.summary).toMatch(/ID\["EPSG",4326\]|AUTHORITY\["EPSG","4326"\]/)
        if (format !== 'csv' && format !== 'kml' && format !== 'kmz') {
          for (const found of info.layers) expect(found.geometry, info.summary).toMatch(GDAL_GEOMETRY[expected.geometry])
        }
        expect(info.listing).toContain(expected.khmer)
        expect(info.listing).toMatch(expected.geometry === 'polygon' ? /POLYGON/ : /POINT/)
      })
    }
  }
})

/** The same checks with JavaScript readers, so a machine without GDAL still tests every format. */
async function expectReadableWithoutGdal(format: ExportFormat, bytes: Buffer, expected: { count: number; khmer: string }) {
  const text = bytes.toString('utf8')
  switch (format) {
    case 'geojson': {
      const collection = JSON.parse(text) as { features: unknown[] }
      expect(collection.features).toHaveLength(expected.count)
      expect(text).toContain(expected.khmer)
      return
    }
    case 'kml':
      expect(text.match(/<Placemark /g)).toHaveLength(expected.count)
      expect(text).toContain(expected.khmer)
      return
    case 'kmz': {
      const entries = await unzip(bytes)
      expect([...entries.keys()][0]).toBe('doc.kml')
      return expectReadableWithoutGdal('kml', entries.get('doc.kml')!, expected)
    }
    case 'csv':
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      expect(text.slice(1).split('\n')[0]).toMatch(/^WKT,.*,longitude,latitude/)
      expect(text).toContain(expected.khmer)
      return
    case 'shp': {
      const entries = await unzip(bytes)
      const shps = [...entries.keys()].filter((name) => name.endsWith('.shp'))
      let count = 0
      let names = ''
      for (const shp of shps) {
        const base = shp.slice(0, -4)
        expect(entries.get(`${base}.cpg`)?.toString()).toBe('UTF-8')
        expect(entries.get(`${base}.prj`)?.toString()).toContain('WGS_1984')
        const source = await shapefile.open(entries.get(shp)!, entries.get(`${base}.dbf`)!, { encoding: 'utf-8' })
        const fields = fieldNamesOf(entries.get(`${base}.dbf`)!)
        expect(fields.every((name) => name.length <= 10)).toBe(true)
        expect(new Set(fields.map((name) => name.toUpperCase())).size).toBe(fields.length)
        for (let result = await source.read(); !result.done; result = await source.read()) {
          count++
          names += JSON.stringify(result.value.properties)
        }
      }
      expect(count).toBe(expected.count)
      expect(names).toContain(expected.khmer)
      return
    }
    case 'gpkg': {
      const SQL = await initSqlJs()
      const db = new SQL.Database(bytes)
      try {
        const tables = db.exec('SELECT table_name FROM gpkg_contents')[0]!.values.map(([name]) => String(name))
        let count = 0
        let names = ''
        for (const table of tables) {
          count += Number(db.exec(`SELECT count(*) FROM "${table}"`)[0]!.values[0]![0])
          names += JSON.stringify(db.exec(`SELECT * FROM "${table}"`)[0]?.values.map((row) => row.filter((v) => typeof v === 'string')))
        }
        expect(count).toBe(expected.count)
        expect(names).toContain(expected.khmer)
        expect(db.exec('PRAGMA application_id')[0]!.values[0]![0]).toBe(0x47504b47)
      } finally {
        db.close()
      }
    }
  }
}

/** The field names in a .dbf header (32-byte descriptors after the 32-byte header, up to 0x0D). */
function fieldNamesOf(dbf: Buffer): string[] {
  const names: string[] = []
  for (let offset = 32; dbf[offset] !== 0x0d; offset += 32)
    names.push(
      dbf
        .subarray(offset, offset + 11)
        .toString('latin1')
        .replace(/\0.*$/s, ''),
    )
  return names
}

describe('communities: territories as polygons', () => {
  it('exports a territory as a polygon and a community without one as its point, one shapefile each', async () => {
    const res = await download(`/api/communities/export.shp?q=community`)
    const entries = await unzip(res.rawPayload)
    expect([...entries.keys()].filter((name) => name.endsWith('.shp')).sort()).toEqual([
      'communities_points.shp',
      'communities_polygons.shp',
    ])
    const geojson = (await download(`/api/communities/export.geojson?q=community`)).json() as {
      features: { id: string; geometry: { type: string }; properties: Record<string, unknown> }[]
    }
    const byId = new Map(geojson.features.map((feature) => [feature.id, feature]))
    expect(byId.get(ids.community)!.geometry.type).toBe('MultiPolygon')
    expect(byId.get(ids.pointCommunity)!.geometry.type).toBe('Point')
    expect(byId.get(ids.community)!.properties).not.toHaveProperty('territory')
    expect(byId.get(ids.community)!.properties.territoryAreaHa).toBeGreaterThan(0)
  })
})

describe('the same rows and fields as the list, role by role', () => {
  const exportedFeatures = async (url: string, role: UserRole) =>
    ((await download(url, as[role].headers)).json() as { features: { id: string; properties: Record<string, unknown> }[] }).features

  for (const role of ['community_rep', 'advocate', 'legal'] as const) {
    it(`incidents for ${role}: the list's records, with the list's fields`, async () => {
      const listed = await collectAllPages(t.app, '/api/incidents?province=Export%20Test%20Province&limit=1', as[role].headers)
      const features = await exportedFeatures('/api/incidents/export.geojson?province=Export%20Test%20Province', role)
      expect(features.map((feature) => feature.id).sort()).toEqual(listed.map((item) => item.id).sort())
      for (const feature of features) {
        const { location: _location, affectedArea: _affectedArea, ...fields } = listed.find((item) => item.id === feature.id)!
        // Stricter than the list at most: a field hidden from the role on others' rows is no column.
        for (const key of Object.keys(feature.properties)) expect(fields).toHaveProperty(key)
        expect(JSON.parse(JSON.stringify(feature.properties))).toEqual(
          Object.fromEntries(Object.entries(fields).filter(([key]) => key in feature.properties)),
        )
      }
    })
  }

  it('an advocate’s export leaves the confidential incident out and the reporter’s account hidden', async () => {
    const features = await exportedFeatures('/api/incidents/export.geojson?province=Export%20Test%20Province', 'advocate')
    expect(features.map((feature) => feature.id)).toEqual([ids.publicIncident])
    expect(features[0]!.properties).not.toHaveProperty('reportedByUserId')
    const csv = (await download('/api/incidents/export.csv?province=Export%20Test%20Province', as.advocate.headers)).body
    expect(csv).not.toContain('Threat to a witness')
    expect(csv.split('\n')[0]).not.toContain('reportedByUserId')
  })

  it('legal staff get the confidential incident too', async () => {
    const features = await exportedFeatures('/api/incidents/export.geojson?province=Export%20Test%20Province', 'legal')
    expect(features.map((feature) => feature.id).sort()).toEqual([ids.publicIncident, ids.confidentialIncident].sort())
  })

  it('a community representative exports only their communities, without the leaders’ phones', async () => {
    const features = await exportedFeatures('/api/communities/export.geojson', 'community_rep')
    expect(features.map((feature) => feature.id)).toEqual([ids.community])
    expect(features[0]!.properties).not.toHaveProperty('leaderPhone')
    const kml = (await download('/api/communities/export.kml', as.community_rep.headers)).body
    expect(kml).not.toContain('+855 12 345 678')
    const legal = await exportedFeatures(`/api/communities/export.geojson?q=Prey%20Lang`, 'legal')
    expect(legal[0]!.properties.leaderPhone).toBe('+855 12 345 678')
  })

  it('evidence points are refused to advocates (exact positions), as problem+json', async () => {
    const res = await t.app.inject({ url: '/api/evidence/export.geojson', headers: as.advocate.headers })
    expect(res.statusCode).toBe(403)
    expect(problemOf(res).code).toBeTruthy()
  })

  it('evidence points for a community representative: their community’s, at their position', async () => {
    const features = await exportedFeatures('/api/evidence/export.geojson', 'community_rep')
    expect(features.map((feature) => feature.id)).toEqual([ids.evidence])
  })
})

describe('filters and size', () => {
  it('applies the list’s filters (land use) exactly as the list does', async () => {
    const listed = await collectAllPages(t.app, `/api/parcels?community=${ids.community}&landUse=orchard`)
    const features = (await download(`/api/parcels/export.geojson?community=${ids.community}&landUse=orchard`)).json().features as {
      id: string
    }[]
    expect(features.map((feature) => feature.id)).toEqual(listed.map((item) => item.id))
    expect(features).toHaveLength(1)
  })

  it(`streams a whole layer of ${BULK_PARCELS} parcels as GeoJSON, each once, in the list's order`, async () => {
    const res = await download(`/api/parcels/export.geojson?community=${ids.bulk}&sort=-label`)
    expect(res.headers['content-type']).toContain('application/geo+json')
    const features = res.json().features as { id: string; properties: { label: string } }[]
    expect(features).toHaveLength(BULK_PARCELS)
    expect(new Set(features.map((feature) => feature.id)).size).toBe(BULK_PARCELS)
    expect(features[0]!.properties.label).toBe(`Bulk parcel ${String(BULK_PARCELS - 1).padStart(4, '0')}`)
  })

  it(`writes ${BULK_PARCELS} parcels to a GeoPackage`, async () => {
    const res = await download(`/api/parcels/export.gpkg?community=${ids.bulk}`)
    const SQL = await initSqlJs()
    const db = new SQL.Database(res.rawPayload)
    expect(db.exec('SELECT count(*) FROM parcels')[0]!.values[0]![0]).toBe(BULK_PARCELS)
    db.close()
  })
})

describe('admin areas carry the boundaries’ attribution', () => {
  it.each(['geojson', 'kml', 'csv'] as const)('in %s', async (format) => {
    expect((await download(`/api/admin-areas/export.${format}?q=Export%20Test`)).body).toContain(ADMIN_BOUNDARIES_ATTRIBUTION)
  })

  it('in the Shapefile ZIP’s README and the GeoPackage’s contents', async () => {
    const entries = await unzip((await download('/api/admin-areas/export.shp?q=Export%20Test')).rawPayload)
    expect(entries.get('README.txt')!.toString()).toContain(ADMIN_BOUNDARIES_ATTRIBUTION)
    const SQL = await initSqlJs()
    const db = new SQL.Database((await download('/api/admin-areas/export.gpkg?q=Export%20Test')).rawPayload)
    expect(db.exec('SELECT description FROM gpkg_contents')[0]!.values[0]![0]).toBe(ADMIN_BOUNDARIES_ATTRIBUTION)
    db.close()
  })
})

describe('refusals are problem+json', () => {
  it('an unknown format is 400', async () => {
    const res = await t.app.inject({ url: '/api/parcels/export.xls' })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).code).toBe('request.invalid')
  })

  it('an unknown layer is 404', async () => {
    const res = await t.app.inject({ url: '/api/widgets/export.geojson' })
    expect(res.statusCode).toBe(404)
    expect(problemOf(res).code).toBe('route.not_found')
  })

  it('a filter the list refuses is 400, before any byte of a file', async () => {
    const res = await t.app.inject({ url: '/api/parcels/export.csv?landUse=casino' })
    expect(res.statusCode).toBe(400)
    expect(problemOf(res).code).toBe('request.invalid')
  })

  it('anonymous is 401', async () => {
    const res = await t.app.inject({ url: '/api/parcels/export.geojson', headers: { cookie: '' } })
    expect(res.statusCode).toBe(401)
    problemOf(res)
  })
})
