// Communities (from the hand-picked places) and their annual plans.
import type { CommunityKind, PlanStatus } from '../../shared/vocabularies.ts'
import type { CommunityPlanRow, CommunityRow } from './demo-data.ts'
import type { DemoClock } from './demo-clock.ts'
import { fakePhone, randomPersonName, type PersonName } from './demo-names.ts'
import { blobAround, toPoint } from './geometry.ts'
import { DEMO_PLACES, type DemoPlace } from './places.ts'
import { dealCovering, type Random } from './random.ts'
import { DEMO_NOTE, PLAN_ACTIONS, PLAN_GOALS, PLAN_PRIORITIES } from './words.ts'

/** A generated community with what later sections need to know about it. */
export interface SeededCommunity {
  place: DemoPlace
  row: CommunityRow
  leader: PersonName
  /** Community leaders use the fake numbers from 1 up; people continue after them. */
  leaderPhone: string
}

export function generateCommunities(random: Random, clock: DemoClock): SeededCommunity[] {
  const networkIdByProvince = new Map<string, string>()
  return DEMO_PLACES.map((place, index) => {
    const id = random.uuid()
    if (place.kind === 'provincial_network') networkIdByProvince.set(place.province, id)
    const leader = randomPersonName(random, place.kind === 'womens_group' ? 'female' : undefined)
    const leaderPhone = fakePhone(index + 1)
    const row: CommunityRow = {
      id,
      name: place.name,
      nameKm: place.nameKm,
      kind: place.kind,
      status: place.status,
      province: place.province,
      district: place.district,
      commune: place.commune,
      village: place.village,
      ...memberCounts(random, place.kind),
      leaderName: leader.name,
      leaderPhone,
      description: describeCommunity(place),
      establishedYear: clock.year - place.foundedYearsAgo,
      // DEMO_PLACES lists the networks first, so the map is filled before anyone looks it up.
      networkId: place.kind === 'provincial_network' ? null : (networkIdByProvince.get(place.province) ?? null),
      location: toPoint([place.lon, place.lat]),
      territory: hasTerritory(place) ? blobAround(random, [place.lon, place.lat], { min: 2000, max: 3500 }) : null,
    }
    return { place, row, leader, leaderPhone }
  })
}

export function hasTerritory(place: DemoPlace): boolean {
  return place.kind === 'indigenous_community' || place.hasTerritory === true
}

type MemberCounts = Pick<CommunityRow, 'households' | 'members' | 'womenMembers' | 'youthMembers'>

function memberCounts(random: Random, kind: CommunityKind): MemberCounts {
  const share = (total: number, min: number, max: number) => Math.round(total * random.float(min, max))
  switch (kind) {
    case 'provincial_network': {
      // A network's members are the representatives its communities send.
      const members = random.int(25, 60)
      return { households: null, members, womenMembers: share(members, 0.4, 0.55), youthMembers: share(members, 0.1, 0.25) }
    }
    case 'womens_group': {
      const households = random.int(15, 45)
      const members = households + random.int(0, 10)
      return { households, members, womenMembers: members, youthMembers: share(members, 0.1, 0.25) }
    }
    case 'youth_group': {
      const members = random.int(12, 45)
      return { households: random.int(10, 40), members, womenMembers: share(members, 0.35, 0.6), youthMembers: members }
    }
    case 'food_system_community': {
      const households = random.int(20, 80)
      const members = share(households, 1.2, 1.8)
      return { households, members, womenMembers: share(members, 0.45, 0.65), youthMembers: share(members, 0.1, 0.2) }
    }
    case 'land_community':
    case 'indigenous_community': {
      const households = random.int(45, 260)
      const members = share(households, 1.2, 2.2)
      return { households, members, womenMembers: share(members, 0.4, 0.6), youthMembers: share(members, 0.15, 0.3) }
    }
  }
}

function describeCommunity(place: DemoPlace): string {
  const where = `${place.village} village, ${place.commune} commune`
  switch (place.kind) {
    case 'provincial_network':
      return `${DEMO_NOTE} Network of land and indigenous communities in ${place.province} province; representatives meet every quarter in ${place.district}.`
    case 'indigenous_community':
      return `${DEMO_NOTE} ${place.ethnicGroup ?? 'Indigenous'} indigenous community in ${where}, working towards a communal land title.`
    case 'land_community':
      return `${DEMO_NOTE} Farming families of ${where} defending their possession rights to rice fields and chamkar.`
    case 'womens_group':
      return `${DEMO_NOTE} Women's group of ${where}: savings, land-rights training and incident documentation.`
    case 'youth_group':
      return `${DEMO_NOTE} Young people of ${where} who map land, film incidents and train as monitors.`
    case 'food_system_community':
      return `${DEMO_NOTE} Families of ${where} growing rice and vegetables together and selling at the district market.`
  }
}

const CURRENT_PLAN_STATUSES: readonly (readonly [PlanStatus, number])[] = [
  ['draft', 2],
  ['adopted', 3],
  ['in_progress', 4],
  ['completed', 0.5],
]
const PREVIOUS_PLAN_STATUSES: readonly (readonly [PlanStatus, number])[] = [
  ['completed', 5],
  ['in_progress', 1],
  ['adopted', 0.5],
]

/** Most communities have this year's plan (every status shows up); about half kept last year's. */
export function generateCommunityPlans(random: Random, clock: DemoClock, communities: readonly SeededCommunity[]): CommunityPlanRow[] {
  const withCurrentPlan = communities.filter(() => random.chance(0.85))
  const currentStatuses = dealCovering(random, CURRENT_PLAN_STATUSES, withCurrentPlan.length)
  const current = withCurrentPlan.map((community, index) => planFor(random, community, clock.year, currentStatuses[index] ?? 'draft'))
  const previous = communities
    .filter((community) => (community.row.establishedYear ?? clock.year) < clock.year && random.chance(0.55))
    .map((community) => planFor(random, community, clock.year - 1, random.weighted(PREVIOUS_PLAN_STATUSES)))
  return [...previous, ...current]
}

function planFor(random: Random, community: SeededCommunity, year: number, status: PlanStatus): CommunityPlanRow {
  return {
    id: random.uuid(),
    communityId: community.row.id,
    year,
    status,
    priorities: random.sample(PLAN_PRIORITIES, 2).join('; '),
    goals: random.sample(PLAN_GOALS, 2).join('; '),
    actions: random
      .sample(PLAN_ACTIONS, 3)
      .map((action) => `- ${action}`)
      .join('\n'),
  }
}
