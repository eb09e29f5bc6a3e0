// GIS import through the API, with the real public files in test/fixtures/gis (SOURCES.md there):
// upload → inspect → map → dry run → commit, idempotent re-import, undo, and broken files refused
// with nothing written.
import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { ZipArchive } from 'archiver'
import { parse } from 'csv-parse/sync'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { problemOf } from '../helpers/http.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { multipart } from '../helpers/multipart.ts'
import { writeShapefile } from '../helpers/shapefile-writer.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/gis')
const fixture = (name: string) => readFile(path.join(FIXTURES, name))

let t: TestApp
let legal: SignedIn
let admin: SignedIn
let work: string

beforeAll(async () => {
  t = await createTestApp()
  legal = await t.signIn('legal')
  admin = await t.signIn('admin')
  work = await mkdtemp(path.join(tmpdir(), 'dey-import-test-'))
})
afterAll(async () => {
  await t?.close()
  if (work) await rm(work, { recursive: true, force: true })
})

/** The ELC points ship unzipped (as published); zipped here as a user would upload them. */
async function elcZip() {
  const dir = path.join(FIXTURES, 'elc_government_data_2012')
  const zipPath = path.join(work, 'elc.zip')
  const archive = new ZipArchive()
  const written = pipeline(archive, createWriteStream(zipPath))
  for (const name of await readdir(dir)) archive.file(path.join(dir, name), { name })
  await archive.finalize()
  await written
  return readFile(zipPath)
}

type Job = Record<string, unknown> & {
  id: string
  status: string
  created: number
  updated: number
  unchanged: number
  refused: number
  processed: number
}

async function upload(filename: string, bytes: Buffer, fields: Record<string, string> = {}, who: SignedIn = legal) {
  const body = multipart({ sourceName: 'Open Development Cambodia', licence: 'CC BY-SA 4.0', ...fields }, [{ filename, bytes }])
  return t.app.inject({ method: 'POST', url: '/api/imports', payload: body.payload, headers: { ...body.headers, ...who.headers } })
}

async function uploaded(filename: string, bytes: Buffer, fields: Record<string, string> = {}) {
  const res = await upload(filename, bytes, fields)
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as Job & { inspection: { format: string; layers: { featureCount: number; columns: { name: string }[] }[] } }
}

async function configure(id: string, body: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'PATCH', url: `/api/imports/${id}`, payload: body, headers: legal.headers })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as Job
}

/** Starts a dry run or a commit and waits for the background job (polling, as the wizard does). */
async function run(id: string, step: 'dry-run' | 'commit', who: SignedIn = legal): Promise<Job> {
  const res = await t.app.inject({ method: 'POST', url: `/api/imports/${id}/${step}`, headers: who.headers })
  expect(res.statusCode, res.body).toBe(202)
  for (;;) {
    const job = (await t.app.inject({ url: `/api/imports/${id}`, headers: who.headers })).json() as Job
    if (!['dry_run_running', 'committing'].includes(job.status)) return job
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function importFile(filename: string, bytes: Buffer, config: Record<string, unknown>, fields: Record<string, string> = {}) {
  const job = await uploaded(filename, bytes, fields)
  await configure(job.id, config)
  const dry = await run(job.id, 'dry-run')
  expect(dry.status, String(dry.error)).toBe('dry_run_done')
  const done = await run(job.id, 'commit')
  expect(done.status, String(done.error)).toBe('committed')
  return { dry, done }
}

const countOf = async (table: string, where = 'deleted_at IS NULL') =>
  (await queryRows<{ n: number }>(t.db, sql.raw(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)))[0]!.n

const items = async (id: string, run: 'dry_run' | 'commit', action?: string) =>
  (
    await t.app.inject({
      url: `/api/imports/${id}/items?run=${run}&limit=5000${action ? `&action=${action}` : ''}`,
      headers: legal.headers,
    })
  ).json().items as {
    featureIndex: number
    label: string | null
    action: string
    reason: string | null
    repair: { reason: string } | null
    recordId: string | null
  }[]

const ELC_MAPPING = {
  target: 'concessions',
  mapping: { name: 'Name', company: 'Name', declaredAreaHa: 'Hectares', purpose: 'Purpose', date: 'Contract' },
  options: { defaults: { kind: 'elc' } },
}

describe(`GIS import on ${testDriver}`, () => {
  it('imports ODC’s 204 ELC points as point-only concessions with their declared areas, and a second import of the same file changes nothing', async () => {
    const bytes = await elcZip()
    const job = await uploaded('Government_Data_Complete_4326_points2.zip', bytes)
    expect(job.inspection.format).toBe('shapefile')
    expect(job.inspection.layers[0]!.featureCount).toBe(204)
    expect(job.inspection.layers[0]!.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['Name', 'Hectares', 'Provinces']))
    await configure(job.id, ELC_MAPPING)
    const before = await countOf('concessions')
    const dry = await run(job.id, 'dry-run')
    expect(dry).toMatchObject({ status: 'dry_run_done', processed: 204, updated: 0, unchanged: 0 })
    // Two contracts are dated 1899/12/30, a spreadsheet's "no date": read as no date, not refused.
    expect(dry).toMatchObject({ created: 204, refused: 0 })
    // A dry run writes nothing.
    expect(await countOf('concessions')).toBe(before)
    const done = await run(job.id, 'commit')
    expect(done).toMatchObject({ status: 'committed', created: dry.created, refused: dry.refused })
    expect(await countOf('concessions')).toBe(before + dry.created)

    const [camland] = await queryRows<{
      boundary: unknown
      location: string
      declared: number
      source: string
      external_source: string
      import_id: string
    }>(
      t.db,
      sql`SELECT c.boundary, ST_AsText(c.location) AS location, d.area_ha AS declared, d.source, c.external_source, c.import_id
          FROM concessions c JOIN concession_declared_areas d ON d.concession_id = c.id
          WHERE c.name = 'Camland Co., Ltd (Region I)' AND c.deleted_at IS NULL`,
    )
    expect(camland).toMatchObject({
      boundary: null,
      declared: 5643,
      source: 'Open Development Cambodia',
      external_source: 'Open Development Cambodia',
      import_id: job.id,
    })
    expect(camland!.location).toMatch(/^POINT\(10[2-8]\.\d+ 1[0-5]\.\d+\)$/)

    // The uploaded file is kept under its hash, and the trail says who brought it in.
    const file = await t.app.inject({ url: `/api/imports/${job.id}/file`, headers: legal.headers })
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(job.fileSha256)
    expect(job.fileSha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    const trail = await queryRows<{ action: string }>(
      t.db,
      sql`SELECT action FROM audit_log WHERE entity = 'imports' AND entity_id = ${job.id} ORDER BY id`,
    )
    expect(trail.map((entry) => entry.action)).toEqual(['import_upload', 'import_commit'])

    // The same file again, from the same source: every record is found, none duplicated.
    const again = await importFile('elc-again.zip', bytes, ELC_MAPPING)
    expect(again.done).toMatchObject({ created: 0, updated: 0, unchanged: dry.created, refused: dry.refused })
    expect(await countOf('concessions')).toBe(before + dry.created)
  })

  it('reports each refused ELC point with its reason, in the items and the CSV report (UTF-8 with BOM)', async () => {
    const job = await uploaded('elc.zip', await elcZip(), { sourceName: 'ODC report check' })
    // Mapped as the company's start date, the plantation column's free text is refused where it is no date.
    await configure(job.id, { ...ELC_MAPPING, mapping: { ...ELC_MAPPING.mapping, date: 'S_PLANT' } })
    const dry = await run(job.id, 'dry-run')
    const refused = await items(job.id, 'dry_run', 'refused')
    expect(refused.length).toBeGreaterThan(1)
    expect(refused).toHaveLength(dry.refused)
    expect(refused.every((item) => item.action === 'refused')).toBe(true)
    const second = await t.app.inject({
      url: `/api/imports/${job.id}/items?run=dry_run&action=refused&limit=1&offset=1`,
      headers: legal.headers,
    })
    expect(second.json().items).toEqual(refused.slice(1, 2))
    for (const item of refused) expect(item.reason).toBeTruthy()
    const res = await t.app.inject({ url: `/api/imports/${job.id}/report.csv?run=dry_run`, headers: legal.headers })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/csv/)
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const rows = parse(res.rawPayload, { bom: true }) as string[][]
    expect(rows).toHaveLength(205)
    expect(rows[0]).toEqual(['feature', 'external id', 'name', 'outcome', 'record id', 'refused because', 'repaired'])
    expect(rows[1]!.slice(2, 4)).toEqual(['Camland Co., Ltd (Region I)', 'will be created'])
    expect(rows.filter((row) => row[3] === 'will be refused').every((row) => row[5] !== '')).toBe(true)
  })

  it('imports the 316 community-forest polygons as community territories, reporting the self-intersecting rings it repaired', async () => {
    const { done } = await importFile('odc_community_forests_polygons_shp.zip', await fixture('odc_community_forests_polygons_shp.zip'), {
      target: 'communities',
      mapping: { externalId: 'map_id', name: 'name', province: 'province', district: 'district', commune: 'commune' },
      options: { repair: true },
    })
    expect(done).toMatchObject({ created: 316, refused: 0 })
    const repaired = (await items(done.id, 'commit')).filter((item) => item.repair)
    expect(repaired.length).toBe(4)
    for (const item of repaired) expect(item.repair!.reason).toMatch(/self-intersection|ring/i)
    const [row] = await queryRows<{ territory_area_ha: number; kind: string }>(
      t.db,
      sql`SELECT territory_area_ha, kind FROM communities WHERE name = 'Chom Kar Prey Sner Svay Pa Kav' AND deleted_at IS NULL`,
    )
    // The source says 70 ha; the polygon measures close to it.
    expect(row!.territory_area_ha).toBeGreaterThan(50)
    expect(row!.territory_area_ha).toBeLessThan(90)
    expect(row!.kind).toBe('land_community')
  })

  it('imports the UTM 48N points reprojected to where they are, and the CR-only CSV of the same sites', async () => {
    const utm = await importFile(
      'odc_community_forests_map_points_utm48n_shp.zip',
      await fixture('odc_community_forests_map_points_utm48n_shp.zip'),
      {
        target: 'communities',
        mapping: { name: 'name', province: 'province' },
      },
      { sourceName: 'FA community forest sites (UTM)' },
    )
    expect(utm.done.created).toBe(459)
    const csv = await importFile(
      'sites.csv',
      await fixture('odc_community_forests_map_CR-line-endings.csv'),
      {
        target: 'communities',
        mapping: { name: 'name', province: 'province' },
      },
      { sourceName: 'FA community forest sites (CSV)' },
    )
    expect(csv.done.created).toBe(459)
    // The same first site ("Phnom Chub", Kampot) from both files lands within 5 m.
    const [pair] = await queryRows<{ metres: number }>(
      t.db,
      sql`SELECT ST_Distance(a.location::geography, b.location::geography) AS metres
          FROM communities a, communities b
          WHERE a.import_id = ${utm.done.id} AND b.import_id = ${csv.done.id}
            AND a.external_id LIKE '%#1' AND b.external_id LIKE '%#1'`,
    )
    expect(pair!.metres).toBeLessThan(5)
  })

  it('imports the SEZ KML, then the same zones as GeoJSON from the same source: matched by map_id, never duplicated', async () => {
    const config = {
      target: 'concessions',
      mapping: { externalId: 'map_id', name: 'name', company: 'developer', declaredAreaHa: 'landarea_h', province: 'province' },
    }
    const before = await countOf('concessions')
    const kml = await importFile('odc_kh_special_economic_zones.kml', await fixture('odc_kh_special_economic_zones.kml'), config, {
      sourceName: 'ODC Special Economic Zones',
    })
    expect(kml.done.created).toBe(29)
    const geojson = await importFile(
      'odc_kh_special_economic_zones.geojson',
      await fixture('odc_kh_special_economic_zones.geojson'),
      config,
      {
        sourceName: 'ODC Special Economic Zones',
      },
    )
    expect(geojson.done.created).toBe(0)
    expect(geojson.done.updated + geojson.done.unchanged).toBe(29)
    expect(await countOf('concessions')).toBe(before + 29)
  })

  it('imports all 54 eviction hotspots of the KMZ as incidents — past the per-report rate limit — with the date recorded as unknown', async () => {
    const { done } = await importFile(
      'eviction_hotspots.kmz',
      await fixture('odc_sahmakum_teang_eviction_hotspots_2013.kmz'),
      {
        target: 'incidents',
        mapping: { name: 'name' },
        options: { defaults: { kind: 'forced_eviction' } },
      },
      { sourceName: 'STT eviction hotspots 2013' },
    )
    expect(done.created).toBe(54)
    const rows = await queryRows<{ precision: string; n: number }>(
      t.db,
      sql`SELECT occurred_precision::text AS precision, count(*)::int AS n FROM incidents WHERE import_id = ${done.id} GROUP BY 1`,
    )
    expect(rows).toEqual([{ precision: 'unknown', n: 54 }])
  })

  it('reads the Windows-1250 and UTF-8 shapefiles’ names correctly (and refuses their points, which lie outside Cambodia)', async () => {
    for (const [file, name] of [
      ['shpjs_codepage.zip', 'Hněvošický háj'],
      ['shpjs_utf.zip', '💩'],
    ] as const) {
      const job = await uploaded(file, await fixture(file), { sourceName: file })
      const column = job.inspection.layers[0]!.columns[0]!.name
      await configure(job.id, { target: 'communities', mapping: { name: column } })
      const dry = await run(job.id, 'dry-run')
      expect(dry.refused).toBe(2)
      const labels = (await items(job.id, 'dry_run')).map((item) => item.label)
      expect(labels.some((label) => label?.includes(name))).toBe(true)
      for (const item of await items(job.id, 'dry_run')) expect(item.reason).toMatch(/outside the region/)
    }
  })

  it('refuses broken files with a clear 4xx, keeping no import and no stored file', async () => {
    const blobsBefore = await listBlobs()
    const importsBefore = await countOf('imports', 'true')
    for (const [file, code] of [
      ['shpjs_badzip.zip', /^import\./],
      ['shpjs_noshp.zip', /^import\.no_shp/],
      ['togeojson_null_geometry.kml', /^import\.no_features/],
      ['togeojson_networklink.kml', /^import\.no_features/],
    ] as const) {
      const res = await upload(file, await fixture(file))
      expect(res.statusCode, `${file}: ${res.body}`).toBeGreaterThanOrEqual(400)
      expect(res.statusCode).toBeLessThan(500)
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/)
      expect(problemOf(res).code, file).toMatch(code)
    }
    expect(await countOf('imports', 'true')).toBe(importsBefore)
    expect(await listBlobs()).toEqual(blobsBefore)
  })

  it('answers a part whose header block never ends with 400, instead of waiting for the request timeout', async () => {
    // busboy never finishes a part with no headers and a long body (found by intake-fuzz.test.ts).
    const boundary = '----deynoheaders'
    const importsBefore = await countOf('imports', 'true')
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: `--${boundary}\r\n\r\n${'y'.repeat(70_000)}\r\n--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...legal.headers },
    })
    expect(res.statusCode, res.body).toBe(400)
    expect(problemOf(res).errors?.[0]?.field).toBe('body')
    expect(await countOf('imports', 'true')).toBe(importsBefore)
  })

  it('asks for the coordinate system of a shapefile without .prj in UTM metres, and reprojects with the one chosen', async () => {
    const dir = await mkdtemp(path.join(work, 'noprj-'))
    // The first community-forest site, "Phnom Chub", in UTM 48N metres (as in the ODC shapefile).
    const files = await writeShapefile(dir, 'sites', {
      shapeType: 1,
      count: 1,
      shape: () => [[413893, 1183492]],
      bbox: [413893, 1183492, 413893, 1183492],
      fields: [{ name: 'name', length: 20, value: () => 'Phnom Chub' }],
    })
    const zipPath = path.join(dir, 'sites.zip')
    const archive = new ZipArchive()
    const written = pipeline(archive, createWriteStream(zipPath))
    for (const file of files) archive.file(file.path, { name: file.name })
    await archive.finalize()
    await written
    const bytes = await readFile(zipPath)

    const refused = await upload('sites.zip', bytes, { sourceName: 'No prj' })
    expect(refused.statusCode).toBe(422)
    expect(problemOf(refused).code).toBe('import.unknown_crs')
    const { done } = await importFile(
      'sites.zip',
      bytes,
      { target: 'communities', mapping: { name: 'name' } },
      { sourceName: 'No prj', crs: 'EPSG:32648' },
    )
    expect(done.created).toBe(1)
    // cs2cs -f %.8f EPSG:32648 EPSG:4326 <<< "413893 1183492" → 10.70518656 104.21258617
    const [place] = await queryRows<{ metres: number }>(
      t.db,
      sql`SELECT ST_Distance(location::geography, ST_SetSRID(ST_MakePoint(104.21258617, 10.70518656), 4326)::geography) AS metres
          FROM communities WHERE import_id = ${done.id}`,
    )
    expect(place!.metres).toBeLessThan(5)
  })

  it('says why a shape is refused in the import’s terms, and what mends it', async () => {
    const community = await makeCommunity(t.db, { name: 'Bow-tie community', location: { type: 'Point', coordinates: [104.9, 12.9] } })
    const bowTie = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { plot: 'Bow-tie plot' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [104.9, 12.9],
                [104.91, 12.91],
                [104.91, 12.9],
                [104.9, 12.91],
                [104.9, 12.9],
              ],
            ],
          },
        },
      ],
    }
    const job = await uploaded('bowtie.geojson', Buffer.from(JSON.stringify(bowTie)), { sourceName: 'Bow-tie survey' })
    await configure(job.id, { target: 'parcels', mapping: { name: 'plot' }, options: { defaults: { community: community.id } } })
    expect(await run(job.id, 'dry-run')).toMatchObject({ refused: 1 })
    const [item] = await items(job.id, 'dry_run')
    expect(item!.reason).toMatch(/^boundary: Self-intersection/)
    expect(item!.reason).toContain('repair invalid shapes')
    expect(item!.reason).not.toContain('?repair=true')
  })

  it('checks the mapping against the file: unknown columns, fields of another layer and missing required fields are 422s naming them', async () => {
    const job = await uploaded('odc_kh_special_economic_zones.geojson', await fixture('odc_kh_special_economic_zones.geojson'), {
      sourceName: 'mapping check',
    })
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/imports/${job.id}`,
      payload: { target: 'parcels', mapping: { name: 'no_such_column', company: 'developer' } },
      headers: legal.headers,
    })
    expect(res.statusCode).toBe(422)
    const fields = problemOf(res).errors?.map((e) => e.field)
    expect(fields).toEqual(expect.arrayContaining(['body.mapping.name', 'body.mapping.company', 'body.mapping.community']))
    const commit = await t.app.inject({ method: 'POST', url: `/api/imports/${job.id}/commit`, headers: legal.headers })
    expect(commit.statusCode).toBe(409)
  })

  it('undoes a committed import (admins only): what it created is hidden, what it updated gets its earlier fields back', async () => {
    const source = { sourceName: 'ODC SEZ (undo)' }
    const config = { target: 'concessions', mapping: { externalId: 'map_id', name: 'name', declaredAreaHa: 'landarea_h' } }
    const first = await importFile('sez.geojson', await fixture('odc_kh_special_economic_zones.geojson'), config, source)
    // A second import of the same zones from a "newer" file renames them through the company column.
    const second = await importFile(
      'sez.kml',
      await fixture('odc_kh_special_economic_zones.kml'),
      { ...config, mapping: { ...config.mapping, name: 'developer' } },
      source,
    )
    expect(second.done.updated).toBeGreaterThan(0)
    const renamed = (await items(second.done.id, 'commit', 'updated'))[0]!

    expect((await t.app.inject({ method: 'POST', url: `/api/imports/${second.done.id}/undo`, headers: legal.headers })).statusCode).toBe(
      403,
    )
    const undo = await t.app.inject({ method: 'POST', url: `/api/imports/${second.done.id}/undo`, headers: admin.headers })
    expect(undo.statusCode, undo.body).toBe(200)
    expect(undo.json()).toMatchObject({ restored: second.done.updated, hidden: 0, conflicts: [] })
    const restored = (await t.app.inject({ url: `/api/concessions/${renamed.recordId}`, headers: legal.headers })).json()
    expect(restored.provenance.importId).toBe(first.done.id)
    expect(restored.name).not.toBe(renamed.label)

    const undoFirst = await t.app.inject({ method: 'POST', url: `/api/imports/${first.done.id}/undo`, headers: admin.headers })
    expect(undoFirst.json()).toMatchObject({ hidden: 29, restored: 0 })
    expect(await countOf('concessions', `deleted_at IS NULL AND external_source = 'ODC SEZ (undo)'`)).toBe(0)
    const twice = await t.app.inject({ method: 'POST', url: `/api/imports/${first.done.id}/undo`, headers: admin.headers })
    expect(twice.statusCode).toBe(409)
  })

  it('lets only legal staff and admins import', async () => {
    for (const role of ['advocate', 'community_rep'] as const) {
      const who = await t.signIn(role)
      const res = await upload('sez.geojson', await fixture('odc_kh_special_economic_zones.geojson'), {}, who)
      expect(res.statusCode, role).toBe(403)
    }
  })
})

async function listBlobs() {
  const found: string[] = []
  for await (const sha of t.app.blobStore.list()) found.push(sha)
  return found.sort()
}
