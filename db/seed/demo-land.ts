// Concessions and parcels: the land the disputes are about. Each concession is laid beside the
// village of the community it overlaps, so it cuts into that community's territory and into
// some of its parcels: the overlap the maps and reports must reveal.
import type { LandUse, Tenure, TitleStatus } from '../../shared/vocabularies.ts'
import { dateInYear, isoDate, type DemoClock } from './demo-clock.ts'
import type { SeededCommunity } from './demo-communities.ts'
import type { ConcessionDeclaredAreaRow, ConcessionRow, ParcelRow } from './demo-data.ts'
import { randomPersonName } from './demo-names.ts'
import { blockBeside, isPointInMultiPolygon, parcelGrid, type LonLat } from './geometry.ts'
import { CONCESSION_SITES, type ConcessionSite } from './places.ts'
import type { Random } from './random.ts'
import { LAND_USE_LABELS, PARCEL_NOTES } from './words.ts'

/** Villages keep a little room between houses and the concession's edge. */
const CONCESSION_NEAR_EDGE_M = 250

export interface SeededConcession {
  site: ConcessionSite
  row: ConcessionRow
  declaredAreas: ConcessionDeclaredAreaRow[]
  community: SeededCommunity
}

export function generateConcessions(random: Random, clock: DemoClock, communities: readonly SeededCommunity[]): SeededConcession[] {
  return CONCESSION_SITES.map((site) => {
    const community = communities.find((candidate) => candidate.place.name === site.overlapsCommunity)
    if (!community) throw new Error(`Concession ${site.name} overlaps an unknown community`)
    const id = random.uuid()
    const grantedOn = dateInYear(clock.year - site.grantedYearsAgo, random.int(1, 12), random.int(1, 28), clock.today)
    const slug = site.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
    const row: ConcessionRow = {
      id,
      name: site.name,
      nameKm: site.nameKm,
      kind: site.kind,
      company: site.company,
      province: community.place.province,
      grantedOn,
      purpose: site.purpose,
      boundarySource: 'Digitised from the published map annex (demo)',
      sourceUrl: `https://example.org/demo/concessions/${slug}`,
      sourceDate: isoDate(clock.daysAgo(random.int(60, 400))),
      boundary: blockBeside(random, villageOf(community), site.side, {
        nearM: CONCESSION_NEAR_EDGE_M,
        depthM: site.depthKm * 1000,
        widthM: site.widthKm * 1000,
      }),
    }
    return { site, row, declaredAreas: declaredAreas(random, clock, site, id, grantedOn), community }
  })
}

/**
 * The official figure rounds the mapped size down; the NGO survey (when there is one) walked a
 * larger area: the gap between sources is part of what the demo shows.
 */
function declaredAreas(
  random: Random,
  clock: DemoClock,
  site: ConcessionSite,
  concessionId: string,
  grantedOn: string,
): ConcessionDeclaredAreaRow[] {
  const mappedHa = site.depthKm * site.widthKm * 100
  const official: ConcessionDeclaredAreaRow = {
    id: random.uuid(),
    concessionId,
    areaHa: Math.round((mappedHa * random.float(0.88, 0.98)) / 10) * 10,
    source: site.officialSource,
    sourceUrl: 'https://example.org/demo/official-gazette',
    statedOn: grantedOn,
  }
  if (site.kind === 'mining') return [official]
  const survey: ConcessionDeclaredAreaRow = {
    id: random.uuid(),
    concessionId,
    areaHa: Math.round(mappedHa * random.float(1.03, 1.15)),
    source: 'NGO field survey (demo)',
    sourceUrl: 'https://example.org/demo/field-surveys',
    statedOn: isoDate(clock.daysAgo(random.int(90, 600))),
  }
  return [official, survey]
}

function villageOf(community: SeededCommunity): LonLat {
  return [community.place.lon, community.place.lat]
}

const HAS_PARCELS = new Set(['land_community', 'indigenous_community', 'food_system_community'])

export function generateParcels(
  random: Random,
  communities: readonly SeededCommunity[],
  concessions: readonly SeededConcession[],
): ParcelRow[] {
  return communities
    .filter((community) => HAS_PARCELS.has(community.place.kind))
    .flatMap((community) => {
      const concession = concessions.find((candidate) => candidate.community === community)
      return parcelsOf(random, community, concession)
    })
}

interface ParcelRights {
  landUse: LandUse
  tenure: Tenure
  titleStatus: TitleStatus
  isCommunal: boolean
}

function parcelsOf(random: Random, community: SeededCommunity, concession: SeededConcession | undefined): ParcelRow[] {
  const { place, row } = community
  const cells = parcelGrid(random, villageOf(community), random.int(7, 10), random.int(110, 240))
  const communalStage = random.pick(['claim', 'applied', 'titled'] as const)
  return cells.map((cell, index) => {
    const rights =
      place.kind === 'indigenous_community'
        ? indigenousRights(random, index, place.status === 'forming' ? 'claim' : communalStage)
        : farmRights(random, place.kind === 'food_system_community')
    const isInsideConcession = concession !== undefined && isPointInMultiPolygon(cell.center, concession.row.boundary)
    return {
      id: random.uuid(),
      communityId: row.id,
      label: `${place.village}-${String(index + 1).padStart(2, '0')} ${LAND_USE_LABELS[rights.landUse]}`,
      holderName: rights.isCommunal ? `${place.name} (communal)` : randomPersonName(random).name,
      households: rights.isCommunal
        ? row.households
        : random.weighted([
            [1, 6],
            [2, 2],
            [3, 1],
          ] as const),
      landUse: rights.landUse,
      tenure: rights.tenure,
      titleStatus: isInsideConcession ? 'disputed' : rights.titleStatus,
      notes: isInsideConcession
        ? `Inside the boundary of ${concession.site.name} (demo).`
        : random.chance(0.4)
          ? random.pick(PARCEL_NOTES)
          : null,
      boundary: cell.boundary,
    }
  })
}

/** Indigenous land is held in common; every community maps a spirit forest and a burial ground. */
function indigenousRights(random: Random, index: number, stage: 'claim' | 'applied' | 'titled'): ParcelRights {
  const landUse: LandUse =
    index === 0
      ? 'spirit_forest'
      : index === 1
        ? 'burial_ground'
        : random.weighted([
            ['chamkar', 4],
            ['rice_field', 2],
            ['residential', 2],
            ['forest', 1],
            ['grazing', 1],
          ] as const)
  const tenure: Tenure = stage === 'titled' ? 'communal_land_title' : 'communal_claim'
  const titleStatus: TitleStatus = stage === 'titled' ? 'registered' : stage === 'applied' ? 'applied' : 'none'
  // Families farm their own chamkar and house plots inside the communal area.
  const isCommunal = landUse !== 'chamkar' && landUse !== 'residential'
  return { landUse, tenure, titleStatus, isCommunal }
}

function farmRights(random: Random, isFoodSystem: boolean): ParcelRights {
  const landUse: LandUse = isFoodSystem
    ? random.weighted([
        ['rice_field', 4],
        ['orchard', 2],
        ['chamkar', 2],
        ['water', 0.5],
      ] as const)
    : random.weighted([
        ['rice_field', 5],
        ['chamkar', 2],
        ['residential', 2],
        ['orchard', 1],
        ['grazing', 1],
        ['water', 0.5],
      ] as const)
  // Ponds and grazing land are commons: state public land the village uses together.
  if (landUse === 'water' || landUse === 'grazing') {
    return { landUse, tenure: 'state_public', titleStatus: 'none', isCommunal: true }
  }
  const tenure = random.weighted([
    ['possession_right', 5],
    ['private_title', 1.5],
    ['unknown', 1],
  ] as const)
  const titleStatus: TitleStatus =
    tenure === 'private_title'
      ? 'registered'
      : tenure === 'unknown'
        ? 'none'
        : random.weighted([
            ['none', 2],
            ['applied', 2],
            ['disputed', 1],
          ] as const)
  return { landUse, tenure, titleStatus, isCommunal: false }
}
