// Who may read and write parcels, concessions and the overlap analyses, and what each role gets
// to see in them (issue 4's permission table, lib/policy.ts): reads are `land.read` (every
// signed-in role), writes `land.write` (legal staff, admins). Parcels are scoped to a community
// representative's own communities; concessions are public; overlap results shown to a
// representative keep only their own communities' territories and parcels, and another
// community's parcel conflicting with theirs comes without its label or community name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UserRole } from '../../shared/vocabularies.ts'
import type { CommunityOverlaps, ConcessionOverlaps, ParcelConflicts } from '../../shared/overlaps.ts'
import { makeCommunity, makeParcel } from '../helpers/factories.ts'
import { problemOf } from '../helpers/http.ts'
import { rectangle } from '../helpers/geo.ts'
import { makeConcession, makeDeclaredArea } from '../helpers/land-factories.ts'
import { createTestApp, type SignedIn, type TestApp } from '../helpers/test-app.ts'
import { testDriver } from '../helpers/test-db.ts'
import { accessHelpers, ANONYMOUS, idsOf, SIGNED_IN_ROLES } from '../helpers/access.ts'

// Two neighbouring communities far from any other test data: their territories overlap, one
// concession covers both, and a parcel of each claims some of the same land.
const OWN_TERRITORY = rectangle([103.0, 13.0, 103.01, 13.01])
const OTHER_TERRITORY = rectangle([103.005, 13.0, 103.015, 13.01])
const CONCESSION = rectangle([103.0, 13.0, 103.015, 13.01])
const OWN_FIELD = rectangle([103.004, 13.0, 103.006, 13.002])
const OWN_GARDEN = rectangle([103.0035, 13.0, 103.0045, 13.001])
const OTHER_FIELD = rectangle([103.005, 13.0, 103.007, 13.002])
const asTerritory = (polygon: typeof OWN_TERRITORY) => ({ type: 'MultiPolygon' as const, coordinates: [polygon.coordinates] })

const SECRET_LABEL = 'Secret neighbour field'
const SECRET_HOLDER = 'Secret Holder Name'
const OTHER_NAME = 'Other Land Community'

const anonymous = ANONYMOUS
const NOT_LIMITED_ROLES: UserRole[] = ['advocate', 'legal', 'admin']
const WRITERS: UserRole[] = ['legal', 'admin']
const NON_WRITERS: UserRole[] = ['community_rep', 'advocate']

let t: TestApp
let as: Record<UserRole, SignedIn>
let repWithoutCommunities: SignedIn
const ids = {} as Record<'own' | 'other' | 'ownField' | 'ownGarden' | 'otherField' | 'concession' | 'declaredArea', string>

beforeAll(async () => {
  t = await createTestApp()
  const db = t.db
  ids.own = (await makeCommunity(db, { name: 'Own Land Community', territory: asTerritory(OWN_TERRITORY) })).id
  ids.other = (await makeCommunity(db, { name: OTHER_NAME, territory: asTerritory(OTHER_TERRITORY) })).id
  ids.ownField = (await makeParcel(db, { communityId: ids.own, label: 'Own rice field', holderName: 'Own Holder', boundary: OWN_FIELD })).id
  ids.ownGarden = (await makeParcel(db, { communityId: ids.own, label: 'Own garden', boundary: OWN_GARDEN })).id
  ids.otherField = (
    await makeParcel(db, { communityId: ids.other, label: SECRET_LABEL, holderName: SECRET_HOLDER, boundary: OTHER_FIELD })
  ).id
  ids.concession = (
    await makeConcession(db, { name: 'Access Test ELC', company: 'Access Co.', province: 'Kampong Speu', boundary: CONCESSION })
  ).id
  ids.declaredArea = (await makeDeclaredArea(db, { concessionId: ids.concession, areaHa: 150, source: 'Sub-decree' })).id
  as = {
    community_rep: await t.signIn('community_rep', { communityIds: [ids.own] }),
    advocate: await t.signIn('advocate'),
    legal: await t.signIn('legal'),
    admin: await t.signIn('admin'),
  }
  repWithoutCommunities = await t.signIn('community_rep')
})
afterAll(() => t?.close())

const { get, getJson, lastAudit } = accessHelpers(() => t)

const newParcel = () => ({ communityId: ids.own, label: 'Drawn by staff', boundary: rectangle([103.008, 13.008, 103.009, 13.009]) })
const newConcession = () => ({
  name: 'Staff-drawn ELC',
  kind: 'elc',
  province: 'Kampong Speu',
  boundary: rectangle([103.02, 13.02, 103.03, 13.03]),
})

describe(`land access for anonymous requests, ${testDriver}`, () => {
  it('answers 401 to every land read and write without a session', async () => {
    const requests = [
      { method: 'GET', url: '/api/parcels' },
      { method: 'GET', url: `/api/parcels/${ids.ownField}` },
      { method: 'POST', url: '/api/parcels', payload: newParcel() },
      { method: 'PATCH', url: `/api/parcels/${ids.ownField}`, payload: { label: 'x', version: 1 } },
      { method: 'DELETE', url: `/api/parcels/${ids.ownField}` },
      { method: 'GET', url: '/api/concessions' },
      { method: 'GET', url: `/api/concessions/${ids.concession}` },
      { method: 'POST', url: '/api/concessions', payload: newConcession() },
      { method: 'POST', url: `/api/concessions/${ids.concession}/declared-areas`, payload: { areaHa: 1, source: 'x' } },
      { method: 'GET', url: `/api/concessions/${ids.concession}/overlaps` },
      { method: 'GET', url: `/api/communities/${ids.own}/overlaps` },
      { method: 'GET', url: `/api/parcels/${ids.ownField}/conflicts` },
    ] as const
    for (const request of requests) {
      const res = await t.app.inject({ ...request, headers: anonymous })
      expect(res.statusCode, `${request.method} ${request.url}`).toBe(401)
      expect(problemOf(res).code).toBe('auth.required')
      expect(res.body).not.toContain(SECRET_LABEL)
    }
  })
})

describe(`parcel access, ${testDriver}`, () => {
  it('lists only their own communities’ parcels to a community representative', async () => {
    const page = await getJson('/api/parcels?limit=500', as.community_rep.headers)
    expect(idsOf(page.items).sort()).toEqual([ids.ownField, ids.ownGarden].sort())
    expect(page.items.every((parcel: { communityId: string }) => parcel.communityId === ids.own)).toBe(true)
    expect(JSON.stringify(page)).not.toContain(SECRET_HOLDER)
  })

  it('lists every community’s parcels, holder names included, to advocates, legal staff and admins', async () => {
    for (const role of NOT_LIMITED_ROLES) {
      const page = await getJson('/api/parcels?limit=500', as[role].headers)
      expect(idsOf(page.items), role).toEqual(expect.arrayContaining([ids.ownField, ids.ownGarden, ids.otherField]))
      expect(
        page.items.find((parcel: { id: string }) => parcel.id === ids.otherField),
        role,
      ).toMatchObject({ holderName: SECRET_HOLDER })
    }
  })

  it('keeps the GeoJSON list of a community representative to their own parcels', async () => {
    const res = await t.app.inject({
      url: '/api/parcels?limit=500',
      headers: { ...as.community_rep.headers, accept: 'application/geo+json' },
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/geo+json')
    const collection = res.json()
    expect(collection.features.map((feature: { id: string }) => feature.id).sort()).toEqual([ids.ownField, ids.ownGarden].sort())
    expect(res.body).not.toContain(SECRET_LABEL)
    expect(res.body).not.toContain(SECRET_HOLDER)
    const everything = await t.app.inject({ url: '/api/parcels?format=geojson&limit=500', headers: as.advocate.headers })
    expect(everything.json().features.map((feature: { id: string }) => feature.id)).toContain(ids.otherField)
  })

  it('answers an empty list when a community representative filters on another community', async () => {
    expect((await getJson(`/api/parcels?community=${ids.other}`, as.community_rep.headers)).items).toEqual([])
    expect((await getJson(`/api/parcels?community=${ids.other}&format=geojson`, as.community_rep.headers)).features).toEqual([])
    expect(idsOf((await getJson(`/api/parcels?community=${ids.other}`, as.advocate.headers)).items)).toEqual([ids.otherField])
  })

  it('finds nothing of another community when a community representative searches for its holder or label', async () => {
    for (const q of [SECRET_HOLDER, SECRET_LABEL]) {
      expect((await getJson(`/api/parcels?q=${encodeURIComponent(q)}`, as.community_rep.headers)).items, q).toEqual([])
      expect(idsOf((await getJson(`/api/parcels?q=${encodeURIComponent(q)}`, as.legal.headers)).items), q).toEqual([ids.otherField])
    }
  })

  it('shows nothing to a community representative bound to no community', async () => {
    expect((await getJson('/api/parcels?limit=500', repWithoutCommunities.headers)).items).toEqual([])
    expect((await get(`/api/parcels/${ids.ownField}`, repWithoutCommunities.headers)).statusCode).toBe(404)
  })

  it('lets a community representative read their own parcel', async () => {
    const parcel = await getJson(`/api/parcels/${ids.ownField}`, as.community_rep.headers)
    expect(parcel).toMatchObject({ id: ids.ownField, label: 'Own rice field', holderName: 'Own Holder', communityId: ids.own })
  })

  it('answers 404, as for an unknown parcel, when a community representative fetches another community’s parcel by id', async () => {
    const res = await get(`/api/parcels/${ids.otherField}`, as.community_rep.headers)
    expect(res.statusCode).toBe(404)
    expect(problemOf(res).code).toBe('parcel.not_found')
    expect(res.body).not.toContain(SECRET_LABEL)
    const unknown = await get('/api/parcels/00000000-0000-4000-8000-000000000000', as.community_rep.headers)
    expect(problemOf(unknown).code).toBe(problemOf(res).code)
  })

  it('lets advocates, legal staff and admins read any parcel', async () => {
    for (const role of NOT_LIMITED_ROLES) {
      expect(await getJson(`/api/parcels/${ids.otherField}`, as[role].headers), role).toMatchObject({
        label: SECRET_LABEL,
        holderName: SECRET_HOLDER,
      })
    }
  })

  it('refuses parcel writes by community representatives and advocates with 403, even on their own parcels, and changes nothing', async () => {
    const before = await getJson(`/api/parcels/${ids.ownField}`, as.admin.headers)
    for (const role of NON_WRITERS) {
      const writes = [
        { method: 'POST', url: '/api/parcels', payload: newParcel() },
        { method: 'PATCH', url: `/api/parcels/${ids.ownField}`, payload: { label: 'Renamed', version: before.version } },
        { method: 'DELETE', url: `/api/parcels/${ids.ownField}` },
        { method: 'PATCH', url: `/api/parcels/${ids.otherField}`, payload: { label: 'Renamed', version: 1 } },
      ] as const
      for (const write of writes) {
        const res = await t.app.inject({ ...write, headers: as[role].headers })
        expect(res.statusCode, `${role} ${write.method} ${write.url}`).toBe(403)
        expect(problemOf(res).code).toBe('auth.forbidden')
      }
    }
    expect(await getJson(`/api/parcels/${ids.ownField}`, as.admin.headers)).toEqual(before)
  })

  it('records a refused parcel write as a denial by the user who tried it', async () => {
    await t.app.inject({ method: 'DELETE', url: `/api/parcels/${ids.ownField}`, headers: as.community_rep.headers })
    expect(await lastAudit()).toMatchObject({ actorId: as.community_rep.userId, action: 'denied', entity: 'route' })
  })

  it('lets legal staff and admins create, update and delete parcels, each write attributed to them in the audit trail', async () => {
    for (const role of WRITERS) {
      const headers = as[role].headers
      const created = await t.app.inject({ method: 'POST', url: '/api/parcels', payload: newParcel(), headers })
      expect(created.statusCode, created.body).toBe(201)
      const parcel = created.json()
      expect(await lastAudit(), role).toEqual({ actorId: as[role].userId, action: 'create', entity: 'parcels', entityId: parcel.id })

      const updated = await t.app.inject({
        method: 'PATCH',
        url: `/api/parcels/${parcel.id}`,
        payload: { label: 'Corrected', version: parcel.version },
        headers,
      })
      expect(updated.statusCode, updated.body).toBe(200)
      expect(await lastAudit(), role).toEqual({ actorId: as[role].userId, action: 'update', entity: 'parcels', entityId: parcel.id })

      const deleted = await t.app.inject({ method: 'DELETE', url: `/api/parcels/${parcel.id}`, headers })
      expect(deleted.statusCode, deleted.body).toBe(204)
      expect(await lastAudit(), role).toEqual({ actorId: as[role].userId, action: 'delete', entity: 'parcels', entityId: parcel.id })
    }
  })
})

describe(`concession access, ${testDriver}`, () => {
  it('lists the same concessions, public records, to every signed-in role', async () => {
    const expected = await getJson('/api/concessions?limit=500', as.admin.headers)
    expect(idsOf(expected.items)).toContain(ids.concession)
    for (const role of SIGNED_IN_ROLES) {
      expect(await getJson('/api/concessions?limit=500', as[role].headers), role).toEqual(expected)
      expect(await getJson('/api/concessions?limit=500&format=geojson', as[role].headers), role).toEqual(
        await getJson('/api/concessions?limit=500&format=geojson', as.admin.headers),
      )
    }
  })

  it('lets every signed-in role read a concession with its declared areas', async () => {
    for (const role of SIGNED_IN_ROLES) {
      const concession = await getJson(`/api/concessions/${ids.concession}`, as[role].headers)
      expect(concession, role).toMatchObject({
        id: ids.concession,
        company: 'Access Co.',
        declaredAreas: [{ id: ids.declaredArea, areaHa: 150 }],
      })
    }
  })

  it('refuses concession and declared-area writes by community representatives and advocates with 403', async () => {
    for (const role of NON_WRITERS) {
      const writes = [
        { method: 'POST', url: '/api/concessions', payload: newConcession() },
        { method: 'PATCH', url: `/api/concessions/${ids.concession}`, payload: { name: 'Renamed', version: 1 } },
        { method: 'DELETE', url: `/api/concessions/${ids.concession}` },
        { method: 'POST', url: `/api/concessions/${ids.concession}/declared-areas`, payload: { areaHa: 1, source: 'x' } },
        { method: 'DELETE', url: `/api/concessions/${ids.concession}/declared-areas/${ids.declaredArea}` },
      ] as const
      for (const write of writes) {
        const res = await t.app.inject({ ...write, headers: as[role].headers })
        expect(res.statusCode, `${role} ${write.method} ${write.url}`).toBe(403)
        expect(problemOf(res).code).toBe('auth.forbidden')
      }
    }
    expect(await getJson(`/api/concessions/${ids.concession}`, as.admin.headers)).toMatchObject({
      name: 'Access Test ELC',
      declaredAreas: [{ id: ids.declaredArea }],
    })
  })

  it('lets legal staff and admins write concessions and declared areas, each write attributed to them in the audit trail', async () => {
    for (const role of WRITERS) {
      const headers = as[role].headers
      const created = await t.app.inject({ method: 'POST', url: '/api/concessions', payload: newConcession(), headers })
      expect(created.statusCode, created.body).toBe(201)
      const concession = created.json()
      expect(await lastAudit(), role).toEqual({
        actorId: as[role].userId,
        action: 'create',
        entity: 'concessions',
        entityId: concession.id,
      })

      const updated = await t.app.inject({
        method: 'PATCH',
        url: `/api/concessions/${concession.id}`,
        payload: { company: 'Renamed Co.', version: concession.version },
        headers,
      })
      expect(updated.statusCode, updated.body).toBe(200)
      expect(await lastAudit(), role).toEqual({
        actorId: as[role].userId,
        action: 'update',
        entity: 'concessions',
        entityId: concession.id,
      })

      const area = await t.app.inject({
        method: 'POST',
        url: `/api/concessions/${concession.id}/declared-areas`,
        payload: { areaHa: 12, source: 'Survey' },
        headers,
      })
      expect(area.statusCode, area.body).toBe(201)
      expect(await lastAudit(), role).toMatchObject({ actorId: as[role].userId, action: 'create', entity: 'concession_declared_areas' })

      const removed = await t.app.inject({
        method: 'DELETE',
        url: `/api/concessions/${concession.id}/declared-areas/${area.json().id}`,
        headers,
      })
      expect(removed.statusCode, removed.body).toBe(204)
      expect(await lastAudit(), role).toMatchObject({ actorId: as[role].userId, action: 'delete', entity: 'concession_declared_areas' })

      const deleted = await t.app.inject({ method: 'DELETE', url: `/api/concessions/${concession.id}`, headers })
      expect(deleted.statusCode, deleted.body).toBe(204)
      expect(await lastAudit(), role).toEqual({
        actorId: as[role].userId,
        action: 'delete',
        entity: 'concessions',
        entityId: concession.id,
      })
    }
  })
})

describe(`overlap access, ${testDriver}`, () => {
  it('shows a community representative only their own territory and parcels under a concession', async () => {
    const body: ConcessionOverlaps = await getJson(`/api/concessions/${ids.concession}/overlaps`, as.community_rep.headers)
    expect(body.concession.id).toBe(ids.concession)
    expect(body.communities.map((c) => c.communityId)).toEqual([ids.own])
    expect(body.parcels.map((p) => p.parcelId).sort()).toEqual([ids.ownField, ids.ownGarden].sort())
    expect(JSON.stringify(body)).not.toContain(OTHER_NAME)
    expect(JSON.stringify(body)).not.toContain(SECRET_LABEL)
  })

  it('shows advocates, legal staff and admins every territory and parcel under a concession', async () => {
    for (const role of NOT_LIMITED_ROLES) {
      const body: ConcessionOverlaps = await getJson(`/api/concessions/${ids.concession}/overlaps`, as[role].headers)
      expect(body.communities.map((c) => c.communityId).sort(), role).toEqual([ids.own, ids.other].sort())
      expect(body.parcels.map((p) => p.parcelId).sort(), role).toEqual([ids.ownField, ids.ownGarden, ids.otherField].sort())
    }
  })

  it('shows a community representative with no community nothing under a concession', async () => {
    const body: ConcessionOverlaps = await getJson(`/api/concessions/${ids.concession}/overlaps`, repWithoutCommunities.headers)
    expect(body.communities).toEqual([])
    expect(body.parcels).toEqual([])
  })

  it('lets a community representative analyse their own community', async () => {
    const body: CommunityOverlaps = await getJson(`/api/communities/${ids.own}/overlaps`, as.community_rep.headers)
    expect(body.community.id).toBe(ids.own)
    expect(body.concessions.map((c) => c.concessionId)).toEqual([ids.concession])
    expect(body.parcels.map((p) => p.parcelId).sort()).toEqual([ids.ownField, ids.ownGarden].sort())
  })

  it('answers 404 when a community representative asks for another community’s overlaps', async () => {
    const res = await get(`/api/communities/${ids.other}/overlaps`, as.community_rep.headers)
    expect(res.statusCode).toBe(404)
    expect(problemOf(res).code).toBe('community.not_found')
    expect(res.body).not.toContain(OTHER_NAME)
  })

  it('lets advocates, legal staff and admins analyse any community', async () => {
    for (const role of NOT_LIMITED_ROLES) {
      const body: CommunityOverlaps = await getJson(`/api/communities/${ids.other}/overlaps`, as[role].headers)
      expect(body.community, role).toMatchObject({ id: ids.other, name: OTHER_NAME })
      expect(
        body.parcels.map((p) => p.parcelId),
        role,
      ).toEqual([ids.otherField])
    }
  })

  it('answers 404 when a community representative asks for the conflicts of another community’s parcel', async () => {
    const res = await get(`/api/parcels/${ids.otherField}/conflicts`, as.community_rep.headers)
    expect(res.statusCode).toBe(404)
    expect(problemOf(res).code).toBe('parcel.not_found')
    expect(res.body).not.toContain(SECRET_LABEL)
  })

  it('tells a community representative their parcel is contested by another community’s, without that parcel’s label or community name', async () => {
    const body: ParcelConflicts = await getJson(`/api/parcels/${ids.ownField}/conflicts`, as.community_rep.headers)
    expect(body.parcel).toMatchObject({ id: ids.ownField, label: 'Own rice field' })
    const other = body.parcels.find((p) => p.parcelId === ids.otherField)!
    expect(other).toMatchObject({ parcelId: ids.otherField, communityId: ids.other })
    expect(other.overlapHa).toBeGreaterThan(0)
    expect(other).not.toHaveProperty('parcelLabel')
    expect(other).not.toHaveProperty('communityName')
    expect(JSON.stringify(body)).not.toContain(SECRET_LABEL)
    expect(JSON.stringify(body)).not.toContain(SECRET_HOLDER)
    expect(JSON.stringify(body)).not.toContain(OTHER_NAME)
    expect(body.concessions.map((c) => c.concessionId)).toEqual([ids.concession])
  })

  it('names a community representative’s own conflicting parcels in full', async () => {
    const body: ParcelConflicts = await getJson(`/api/parcels/${ids.ownField}/conflicts`, as.community_rep.headers)
    expect(body.parcels.find((p) => p.parcelId === ids.ownGarden)).toMatchObject({
      parcelLabel: 'Own garden',
      communityName: 'Own Land Community',
    })
  })

  it('names every conflicting parcel for advocates, legal staff and admins', async () => {
    for (const role of NOT_LIMITED_ROLES) {
      const body: ParcelConflicts = await getJson(`/api/parcels/${ids.ownField}/conflicts`, as[role].headers)
      expect(
        body.parcels.find((p) => p.parcelId === ids.otherField),
        role,
      ).toMatchObject({ parcelLabel: SECRET_LABEL, communityName: OTHER_NAME })
      expect((await get(`/api/parcels/${ids.otherField}/conflicts`, as[role].headers)).statusCode, role).toBe(200)
    }
  })
})
