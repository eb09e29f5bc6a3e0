// Export → import, for every export format: parcels exported from one database and imported into
// an empty one come back with each area within 0.1 % and their attributes (Khmer included).
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows } from '../../db/open.ts'
import { EXPORT_FORMATS, EXPORT_FILES } from '../../shared/exports.ts'
import type { MultiPolygon, Polygon } from '../../shared/geo.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { rectangle } from '../helpers/geo.ts'
import { multipart } from '../helpers/multipart.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'

/** Where the parcels are drawn and exported from, and the empty database they are imported into. */
let t: TestApp
let empty: TestApp
let legal: SignedIn
let importer: SignedIn
let sourceId: string
let targetId: string

// In Kampong Chhnang: a square, an L (concave), a field with a pond (a hole), a two-part
// holding (MultiPolygon) and a garden of a few hundred square metres.
const W = 104.6
const S = 12.2
const SHAPES: { label: string; holderName: string; boundary: Polygon | MultiPolygon }[] = [
  { label: 'ស្រែ ១ Square', holderName: 'សុខ ចាន់', boundary: rectangle([W, S, W + 0.004, S + 0.004]) },
  {
    label: 'L-shaped field',
    holderName: 'Chan Dara',
    boundary: {
      type: 'Polygon',
      coordinates: [
        [
          [W + 0.01, S],
          [W + 0.016, S],
          [W + 0.016, S + 0.002],
          [W + 0.012, S + 0.002],
          [W + 0.012, S + 0.006],
          [W + 0.01, S + 0.006],
          [W + 0.01, S],
        ],
      ],
    },
  },
  {
    label: 'Field with a pond',
    holderName: 'ស្រី ពៅ',
    boundary: {
      type: 'Polygon',
      coordinates: [
        rectangle([W + 0.02, S, W + 0.026, S + 0.006]).coordinates[0]!,
        [
          [W + 0.022, S + 0.002],
          [W + 0.022, S + 0.004],
          [W + 0.024, S + 0.004],
          [W + 0.024, S + 0.002],
          [W + 0.022, S + 0.002],
        ],
      ],
    },
  },
  {
    label: 'Two-part holding',
    holderName: 'Keo Sophal',
    boundary: {
      type: 'MultiPolygon',
      coordinates: [
        rectangle([W + 0.03, S, W + 0.032, S + 0.002]).coordinates,
        rectangle([W + 0.034, S, W + 0.035, S + 0.003]).coordinates,
      ],
    },
  },
  { label: 'សួនបន្លែ Garden', holderName: 'Mao Srey', boundary: rectangle([W + 0.04, S, W + 0.0402, S + 0.0002]) },
]

beforeAll(async () => {
  t = await createTestApp()
  empty = await createTestApp()
  legal = await t.signIn('legal')
  importer = await empty.signIn('legal')
  sourceId = (
    await makeCommunity(t.db, { name: 'Round trip source', province: 'Kampong Chhnang', location: { type: 'Point', coordinates: [W, S] } })
  ).id
  targetId = (
    await makeCommunity(empty.db, {
      name: 'Round trip target',
      province: 'Kampong Chhnang',
      location: { type: 'Point', coordinates: [W, S] },
    })
  ).id
  for (const shape of SHAPES) await makeParcel(t.db, { communityId: sourceId, ...shape })
})
afterAll(async () => {
  await t?.close()
  await empty?.close()
})

async function waitFor(id: string) {
  for (;;) {
    const job = (await empty.app.inject({ url: `/api/imports/${id}`, headers: importer.headers })).json() as {
      status: string
      error: string | null
    }
    if (!['dry_run_running', 'committing'].includes(job.status)) return job
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The file's column for a Dey field: its own name, or the name a Shapefile had to shorten it to. */
function columnFor(columns: string[], field: string) {
  const found = columns.find((c) => c === field) ?? columns.find((c) => c.toLowerCase() === field.toLowerCase().slice(0, 10))
  if (!found) throw new Error(`no column for ${field} among ${columns.join(', ')}`)
  return found
}

describe(`GIS round trip on ${testDriver}`, () => {
  it.each(EXPORT_FORMATS)('a %s export imports back with every area within 0.1 % and its attributes', async (format) => {
    const exported = await t.app.inject({ url: `/api/parcels/export.${format}?community=${sourceId}`, headers: legal.headers })
    expect(exported.statusCode, exported.body.slice(0, 300)).toBe(200)

    const body = multipart({ sourceName: `Round trip ${format}` }, [
      { filename: `parcels.${EXPORT_FILES[format].extension}`, bytes: exported.rawPayload },
    ])
    const uploaded = await empty.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: body.payload,
      headers: { ...body.headers, ...importer.headers },
    })
    expect(uploaded.statusCode, uploaded.body).toBe(201)
    const job = uploaded.json() as {
      id: string
      inspection: { layers: { name: string; featureCount: number; columns: { name: string }[] }[] }
    }
    const layer = job.inspection.layers.find((l) => l.featureCount === SHAPES.length)
    expect(layer, JSON.stringify(job.inspection.layers.map((l) => [l.name, l.featureCount]))).toBeDefined()
    const columns = layer!.columns.map((c) => c.name)

    const configured = await empty.app.inject({
      method: 'PATCH',
      url: `/api/imports/${job.id}`,
      payload: {
        target: 'parcels',
        mapping: { externalId: columnFor(columns, 'id'), name: columnFor(columns, 'label'), holderName: columnFor(columns, 'holderName') },
        options: { layer: layer!.name, defaults: { community: targetId } },
      },
      headers: importer.headers,
    })
    expect(configured.statusCode, configured.body).toBe(200)
    for (const step of ['dry-run', 'commit']) {
      expect(
        (await empty.app.inject({ method: 'POST', url: `/api/imports/${job.id}/${step}`, headers: importer.headers })).statusCode,
      ).toBe(202)
      const done = await waitFor(job.id)
      expect(done.status, String(done.error)).toBe(step === 'commit' ? 'committed' : 'dry_run_done')
    }

    const originals = await queryRows<{ label: string; area_ha: number; holder_name: string }>(
      t.db,
      sql`SELECT label, area_ha, holder_name FROM parcels WHERE community_id = ${sourceId} AND deleted_at IS NULL ORDER BY label`,
    )
    const imported = await queryRows<{ label: string; area_ha: number; holder_name: string; community_id: string }>(
      empty.db,
      sql`SELECT label, area_ha, holder_name, community_id FROM parcels WHERE import_id = ${job.id} AND deleted_at IS NULL ORDER BY label`,
    )
    expect(imported.map((p) => p.label)).toEqual(originals.map((p) => p.label))
    originals.forEach((original, i) => {
      const copy = imported[i]!
      expect(Math.abs(copy.area_ha - original.area_ha) / original.area_ha, `${format}: ${original.label}`).toBeLessThan(0.001)
      expect(copy.holder_name).toBe(original.holder_name)
      expect(copy.community_id).toBe(targetId)
    })
  })
})
