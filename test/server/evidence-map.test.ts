// The map's "evidence photos with GPS" layer: GET /api/evidence?format=geojson&bbox=…&limit=…
// lists the evidence the viewer may see whose location lies in the box — with the same row scopes
// as every evidence list, and never a location for roles that may not see exact locations
// (advocates get an empty layer: a box that narrows down would reveal where a photo was taken).
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evidence } from '../../db/schema/index.ts'
import { EvidenceFeatures, EvidenceList } from '../../shared/evidence.ts'
import type { UserRole } from '../../shared/vocabularies.ts'
import { makeCommunity } from '../helpers/factories.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { multipart } from '../helpers/multipart.ts'

const PHOTO = path.resolve(import.meta.dirname, '../fixtures/photos/exif-samples_gps_DSCN0010.jpg')
const PDF = path.resolve(import.meta.dirname, '../fixtures/pdf/py-pdf_minimal-document.pdf')

/** Around Phnom Penh: the box the map asks for. */
const BOX = '104.5,11.3,105.2,11.8'
const INSIDE: [number, number] = [104.92, 11.56]
const OUTSIDE: [number, number] = [107.12, 13.6]

let t: TestApp
let as: Record<UserRole, SignedIn>
let pdf: Buffer
const ev = {} as Record<
  'ownInside' | 'ownOutside' | 'ownNoLocation' | 'ownConfidentialInside' | 'otherInside' | 'deletedInside' | 'gpsPhoto',
  string
>

/** Uploads a (unique) PDF attached to a community, then places it where the test needs it. */
async function evidenceAt(communityId: string, location: [number, number] | null, fields: Record<string, string> = {}) {
  const body = multipart({ communityId, ...fields }, [
    { filename: 'file.pdf', bytes: Buffer.concat([pdf, Buffer.from(`%${randomBytes(4).toString('hex')}`)]) },
  ])
  const res = await t.app.inject({ method: 'POST', url: '/api/evidence', payload: body.payload, headers: body.headers })
  expect(res.statusCode, res.body).toBe(201)
  const id = res.json().items[0].id as string
  if (location)
    await t.db
      .update(evidence)
      .set({ location: { type: 'Point', coordinates: location } })
      .where(eq(evidence.id, id))
  return id
}

const list = async (role: UserRole, query: string, accept?: string) => {
  const res = await t.app.inject({ url: `/api/evidence?${query}`, headers: { ...as[role].headers, ...(accept ? { accept } : {}) } })
  expect(res.statusCode, res.body).toBe(200)
  return res
}
const featureIds = async (role: UserRole, query: string) => {
  const res = await list(role, query)
  expect(res.headers['content-type']).toContain('application/geo+json')
  return EvidenceFeatures.parse(res.json()).features.map((feature) => feature.id)
}

beforeAll(async () => {
  t = await createTestApp()
  pdf = await readFile(PDF)
  const own = (await makeCommunity(t.db, { name: 'Own' })).id
  const other = (await makeCommunity(t.db, { name: 'Other' })).id
  as = {
    community_rep: await t.signIn('community_rep', { communityIds: [own] }),
    advocate: await t.signIn('advocate'),
    legal: await t.signIn('legal'),
    admin: await t.signIn('admin'),
  }
  ev.ownOutside = await evidenceAt(own, OUTSIDE)
  ev.ownNoLocation = await evidenceAt(own, null)
  ev.ownConfidentialInside = await evidenceAt(own, INSIDE, { isConfidential: 'true' })
  ev.otherInside = await evidenceAt(other, [104.95, 11.6])
  ev.deletedInside = await evidenceAt(own, INSIDE)
  expect((await t.app.inject({ method: 'DELETE', url: `/api/evidence/${ev.deletedInside}`, headers: as.legal.headers })).statusCode).toBe(
    204,
  )
  // The newest: first in the list.
  ev.ownInside = await evidenceAt(own, INSIDE)
  // A real photo whose GPS comes from its EXIF (43.47° N, 11.88° E).
  const photo = multipart({ communityId: own }, [{ filename: 'photo.jpg', bytes: await readFile(PHOTO) }])
  const uploaded = await t.app.inject({ method: 'POST', url: '/api/evidence', payload: photo.payload, headers: photo.headers })
  expect(uploaded.statusCode, uploaded.body).toBe(201)
  ev.gpsPhoto = uploaded.json().items[0].id
})
afterAll(() => t?.close())

describe('evidence on the map (bbox)', () => {
  it('legal staff: every live evidence with a location in the box, as GeoJSON points', async () => {
    const res = await list('legal', `format=geojson&bbox=${BOX}`)
    const collection = EvidenceFeatures.parse(res.json())
    expect(collection.features.map((f) => f.id).sort()).toEqual([ev.ownInside, ev.ownConfidentialInside, ev.otherInside].sort())
    const inside = collection.features.find((f) => f.id === ev.ownInside)!
    expect(inside.geometry).toEqual({ type: 'Point', coordinates: INSIDE })
    expect(inside.properties).not.toHaveProperty('location')
    expect(inside.properties).toMatchObject({ id: ev.ownInside, mediaType: 'application/pdf', isConfidential: false })
    expect(collection.nextCursor).toBeNull()
  })

  it('an admin gets the same rows', async () => {
    expect((await featureIds('admin', `format=geojson&bbox=${BOX}`)).sort()).toEqual(
      [ev.ownInside, ev.ownConfidentialInside, ev.otherInside].sort(),
    )
  })

  it('a community representative: only their own communities’ evidence in the box, never confidential evidence', async () => {
    expect(await featureIds('community_rep', `format=geojson&bbox=${BOX}`)).toEqual([ev.ownInside])
  })

  it('an advocate gets no evidence for a box: the box would reveal the exact location', async () => {
    expect(await featureIds('advocate', `format=geojson&bbox=${BOX}`)).toEqual([])
    expect(await featureIds('advocate', 'format=geojson&bbox=-180,-90,180,90')).toEqual([])
    const json = EvidenceList.parse((await list('advocate', `bbox=${BOX}`)).json())
    expect(json.items).toEqual([])
  })

  it('an advocate’s GeoJSON list (without a box) has no geometry and no location', async () => {
    const collection = EvidenceFeatures.parse((await list('advocate', 'format=geojson')).json())
    expect(collection.features.map((f) => f.id)).toContain(ev.ownInside)
    for (const feature of collection.features) {
      expect(feature.geometry).toBeNull()
      expect(feature.properties).not.toHaveProperty('location')
    }
    expect(collection.features.map((f) => f.id)).not.toContain(ev.ownConfidentialInside)
  })

  it('the EXIF location of an uploaded photo puts it on the map', async () => {
    const collection = EvidenceFeatures.parse((await list('community_rep', 'format=geojson&bbox=11.8,43.4,11.9,43.5')).json())
    expect(collection.features.map((f) => f.id)).toEqual([ev.gpsPhoto])
    expect(collection.features[0]!.geometry!.coordinates[1]).toBeCloseTo(43.467448, 5)
    expect(collection.features[0]!.properties.hasThumbnail).toBe(true)
  })

  it('limit keeps the newest', async () => {
    expect(await featureIds('legal', `format=geojson&bbox=${BOX}&limit=1`)).toEqual([ev.ownInside])
    expect(await featureIds('legal', `format=geojson&bbox=${BOX}&limit=2`)).toHaveLength(2)
  })

  it('combines with a record filter', async () => {
    const ids = EvidenceList.parse((await list('legal', `bbox=${BOX}`)).json()).items.map((item) => item.id)
    expect(ids.sort()).toEqual([ev.ownInside, ev.ownConfidentialInside, ev.otherInside].sort())
  })

  it('answers GeoJSON to an Accept header too', async () => {
    const res = await list('legal', `bbox=${BOX}`, 'application/geo+json')
    expect(res.json().type).toBe('FeatureCollection')
  })

  it('without a box the list is as before: every visible record, with or without a location', async () => {
    const items = EvidenceList.parse((await list('legal', '')).json()).items
    const ids = items.map((item) => item.id)
    for (const name of ['ownInside', 'ownOutside', 'ownNoLocation', 'ownConfidentialInside', 'otherInside', 'gpsPhoto'] as const) {
      expect(ids, name).toContain(ev[name])
    }
    expect(ids).not.toContain(ev.deletedInside)
    expect(items.find((item) => item.id === ev.ownNoLocation)!.location).toBeNull()
  })

  it('refuses a malformed box or limit', async () => {
    for (const query of ['bbox=1,2,3', 'bbox=105,12,104,11', 'bbox=a,b,c,d', 'limit=0', 'limit=5000', 'format=kml']) {
      const res = await t.app.inject({ url: `/api/evidence?${query}`, headers: as.legal.headers })
      expect(res.statusCode, query).toBe(400)
    }
  })
})
