// Incidents over the two years before the demo day, reported by or for the communities.
import type { CommunityKind, IncidentKind, IncidentStatus, PerpetratorKind, Severity } from '../../shared/vocabularies.ts'
import { isoDate, type DemoClock } from './demo-clock.ts'
import type { SeededCommunity } from './demo-communities.ts'
import type { IncidentRow } from './demo-data.ts'
import type { SeededConcession } from './demo-land.ts'
import { approxAreaHa, blobAround, isPointInMultiPolygon, offsetByMetres, pointBeside, toPoint, type LonLat } from './geometry.ts'
import { dealCovering, type Random } from './random.ts'
import {
  DEMO_NOTE,
  DISMISSAL_REASONS,
  INCIDENT_KIND_LABELS,
  INCIDENT_REPORTERS,
  INCIDENT_STORIES,
  LAND_USE_LABELS,
  PERPETRATORS,
} from './words.ts'

type Weighted<T> = readonly (readonly [T, number])[]

/** Kinds that take land: these can happen inside a concession and can have an affected area. */
const LAND_TAKING_KINDS: ReadonlySet<IncidentKind> = new Set([
  'forced_eviction',
  'eviction_threat',
  'land_grabbing',
  'encroachment',
  'demolition',
  'crop_destruction',
  'fencing',
])

const KINDS_NEAR_A_CONCESSION: Weighted<IncidentKind> = [
  ['encroachment', 3],
  ['land_grabbing', 2],
  ['fencing', 2],
  ['crop_destruction', 2],
  ['eviction_threat', 1],
  ['intimidation', 1],
  ['arrest', 1],
  ['legal_harassment', 1],
  ['violence', 0.5],
]
const KINDS_ON_COMMUNITY_LAND: Weighted<IncidentKind> = [
  ['land_grabbing', 2],
  ['encroachment', 2],
  ['eviction_threat', 2],
  ['fencing', 1],
  ['crop_destruction', 1],
  ['forced_eviction', 1],
  ['demolition', 1],
  ['intimidation', 1.5],
  ['violence', 0.5],
  ['arrest', 0.5],
  ['legal_harassment', 1],
  ['other', 0.5],
]
const KINDS_FOR_GROUPS: Weighted<IncidentKind> = [
  ['intimidation', 2],
  ['legal_harassment', 1],
  ['eviction_threat', 1],
  ['crop_destruction', 1],
  ['other', 1],
]

const STATUSES: Weighted<IncidentStatus> = [
  ['reported', 2],
  ['verified', 2],
  ['ongoing', 2],
  ['resolved', 1.5],
  ['dismissed', 0.7],
]

interface Perpetrator {
  kind: PerpetratorKind
  name: string | null
}

export function generateIncidents(
  random: Random,
  clock: DemoClock,
  communities: readonly SeededCommunity[],
  concessions: readonly SeededConcession[],
): IncidentRow[] {
  const planned = communities.flatMap((community) => {
    const concession = concessions.find((candidate) => candidate.community === community)
    const count = incidentCount(random, community.place.kind, concession !== undefined)
    return Array.from({ length: count }, () => ({ community, concession }))
  })
  const statuses = dealCovering(random, STATUSES, planned.length)
  return planned.map(({ community, concession }, index) => incidentFor(random, clock, community, concession, statuses[index] ?? 'reported'))
}

function incidentCount(random: Random, kind: CommunityKind, hasConcession: boolean): number {
  if (kind === 'provincial_network') return 0
  if (kind === 'land_community' || kind === 'indigenous_community') return random.int(2, 3) + (hasConcession ? 2 : 0)
  return random.int(0, 2)
}

function incidentFor(
  random: Random,
  clock: DemoClock,
  community: SeededCommunity,
  concession: SeededConcession | undefined,
  status: IncidentStatus,
): IncidentRow {
  const { place, row } = community
  const kind = random.weighted(chooseKinds(place.kind, concession !== undefined))
  const perpetrator = choosePerpetrator(random, kind, community, concession)
  const isByConcessionHolder = concession !== undefined && perpetrator.name === concession.site.company
  const location =
    isByConcessionHolder && LAND_TAKING_KINDS.has(kind)
      ? pointInsideConcession(random, concession)
      : offsetByMetres([place.lon, place.lat], random.int(-1500, 1500), random.int(-1500, 1500))
  const affectedArea = LAND_TAKING_KINDS.has(kind) && random.chance(0.45) ? blobAround(random, location, { min: 120, max: 450 }, 8) : null
  const areaHa = affectedArea ? Math.round(approxAreaHa(affectedArea)) : random.int(2, 40)
  // Skewed towards recent days: dashboards of the last weeks should not be empty.
  const occurredAt = clock.daysAgo(1 + Math.floor(728 * random.float(0, 1) ** 1.6), random.int(0, 10))
  const householdsAffected = affectedHouseholds(random, kind, row.households ?? 30)
  const [label, labelKm] = INCIDENT_KIND_LABELS[kind]
  return {
    id: random.uuid(),
    communityId: row.id,
    title: `${label} in ${place.village}`,
    titleKm: `${labelKm}នៅភូមិ${place.villageKm}`,
    kind,
    status,
    severity: random.weighted(severities(kind)),
    perpetratorKind: perpetrator.kind,
    perpetratorName: perpetrator.name,
    occurredAt,
    householdsAffected,
    peopleAffected: householdsAffected * random.int(3, 6),
    description: `${DEMO_NOTE} ${tellStory(random, kind, {
      perpetrator: perpetrator.name ?? 'Unidentified people',
      village: place.village,
      landUse: LAND_USE_LABELS[random.pick(['rice_field', 'chamkar', 'forest', 'grazing'] as const)],
      areaHa: String(areaHa),
    })}`,
    province: place.province,
    district: place.district,
    commune: place.commune,
    village: place.village,
    location: toPoint(location),
    affectedArea,
    isConfidential: random.chance(kind === 'arrest' || kind === 'violence' || kind === 'intimidation' ? 0.45 : 0.1),
    dismissalReason: status === 'dismissed' ? random.pick(DISMISSAL_REASONS) : null,
    // Legal staff verify a report a couple of days after it comes in (never after today).
    verifiedAt: ['verified', 'ongoing', 'resolved'].includes(status)
      ? new Date(Math.min(occurredAt.getTime() + 2 * 86_400_000, clock.today.getTime()))
      : null,
    reportedBy: random.pick(INCIDENT_REPORTERS),
    sourceUrl: random.chance(0.3) ? `https://example.org/demo/reports/${random.int(1000, 9999)}` : null,
    sourceDate: isoDate(new Date(Math.min(occurredAt.getTime() + random.int(0, 5) * 86_400_000, clock.today.getTime()))),
  }
}

function chooseKinds(communityKind: CommunityKind, hasConcession: boolean): Weighted<IncidentKind> {
  if (hasConcession) return KINDS_NEAR_A_CONCESSION
  if (communityKind === 'land_community' || communityKind === 'indigenous_community') return KINDS_ON_COMMUNITY_LAND
  return KINDS_FOR_GROUPS
}

function choosePerpetrator(
  random: Random,
  kind: IncidentKind,
  community: SeededCommunity,
  concession: SeededConcession | undefined,
): Perpetrator {
  const { district, commune } = community.place
  const company = (): Perpetrator =>
    concession && random.chance(0.8)
      ? { kind: 'company', name: concession.site.company }
      : { kind: 'company', name: random.pick(PERPETRATORS.otherCompanies) }
  const police = (): Perpetrator => ({ kind: 'police', name: `${district} District police` })
  const military = (): Perpetrator => ({ kind: 'military', name: random.pick(PERPETRATORS.military) })
  const authority = (): Perpetrator => ({
    kind: 'local_authority',
    name: random.pick([`${commune} ${PERPETRATORS.localAuthority[0]}`, `${district} ${PERPETRATORS.localAuthority[1]}`]),
  })
  const individual = (): Perpetrator => ({ kind: 'individual', name: random.pick(PERPETRATORS.individual) })
  const unknown = (): Perpetrator => ({ kind: 'unknown', name: null })

  const options: Weighted<() => Perpetrator> = (() => {
    switch (kind) {
      case 'arrest':
        return [
          [police, 3],
          [military, 1],
        ]
      case 'legal_harassment':
        return [
          [company, concession ? 3 : 1],
          [individual, 1],
          [authority, 1],
        ]
      case 'intimidation':
      case 'violence':
        return [
          [company, concession ? 2 : 0.5],
          [military, 1],
          [authority, 1],
          [unknown, 1],
        ]
      case 'other':
        return [
          [unknown, 2],
          [authority, 1],
        ]
      default:
        return [
          [company, concession ? 6 : 2],
          [individual, 2],
          [authority, 1],
          [military, 1],
          [unknown, 0.5],
        ]
    }
  })()
  return random.weighted(options)()
}

/** Somewhere in the part of the concession that overlaps the village's land. */
function pointInsideConcession(random: Random, concession: SeededConcession): LonLat {
  const village: LonLat = [concession.community.place.lon, concession.community.place.lat]
  const acrossM = Math.round(((concession.site.widthKm * 1000) / 2) * 0.6)
  // The block's edges wobble by a few per cent only, so the first try almost always lands.
  for (let attempt = 0; attempt < 100; attempt++) {
    const candidate = pointBeside(village, concession.site.side, random.int(400, 2000), random.int(-acrossM, acrossM))
    if (isPointInMultiPolygon(candidate, concession.row.boundary)) return candidate
  }
  throw new Error(`No point found inside ${concession.site.name}`)
}

function affectedHouseholds(random: Random, kind: IncidentKind, communityHouseholds: number): number {
  if (kind === 'arrest' || kind === 'intimidation' || kind === 'legal_harassment' || kind === 'violence') {
    return random.int(1, 5)
  }
  return random.int(3, Math.max(3, Math.min(120, communityHouseholds)))
}

function severities(kind: IncidentKind): Weighted<Severity> {
  if (kind === 'forced_eviction' || kind === 'demolition' || kind === 'violence' || kind === 'arrest') {
    return [
      ['medium', 1],
      ['high', 2],
      ['critical', 2],
    ]
  }
  return [
    ['low', 2],
    ['medium', 3],
    ['high', 2],
    ['critical', 0.5],
  ]
}

function tellStory(random: Random, kind: IncidentKind, values: Record<string, string>): string {
  const template = random.pick(INCIDENT_STORIES[kind])
  const sentence = template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? key)
  return sentence.charAt(0).toUpperCase() + sentence.slice(1)
}
