// The program side of the demo: a year of the work that builds the movement (trainings, meetings,
// legal-awareness sessions, exchanges, campaigns) up to today, the communities' committees, and the
// coalition's strategic plan as targets that count that work. Facilitators are roles, never people;
// committee members are invented names (demo-names.ts).
import { COUNTED_PLAN_STATUSES, TARGET_PRESETS, type TargetMilestone, type TargetRule } from '../../shared/targets.ts'
import { ACTIVITY_TOPICS, type ActivityKind, type ActivityTopic, type CommitteeRole } from '../../shared/vocabularies.ts'
import { isoDate, type DemoClock } from './demo-clock.ts'
import type { SeededCommunity } from './demo-communities.ts'
import type { ActivityCommunityRow, ActivityRow, CommitteeMemberRow, CommunityPlanRow, ProgramTargetRow } from './demo-data.ts'
import { randomPersonName, type Gender } from './demo-names.ts'
import { offsetByMetres, toPoint } from './geometry.ts'
import { dealCovering, type Random } from './random.ts'
import { DEMO_NOTE } from './words.ts'

const DAY_MS = 86_400_000

export interface DemoProgram {
  activities: ActivityRow[]
  activityCommunities: ActivityCommunityRow[]
  committeeMembers: CommitteeMemberRow[]
  programTargets: ProgramTargetRow[]
}

export function generateProgram(
  random: (section: string) => Random,
  clock: DemoClock,
  communities: readonly SeededCommunity[],
  plans: readonly CommunityPlanRow[],
): DemoProgram {
  const activities = generateActivities(random('activities'), clock, communities, plans)
  const committeeRandom = random('committees')
  return {
    activities: activities.map((activity) => activity.row),
    activityCommunities: activities.flatMap((activity) =>
      activity.communities.map((community) => ({ activityId: activity.row.id, communityId: community.row.id })),
    ),
    committeeMembers: communities.flatMap((community) => generateCommittee(committeeRandom, clock, community)),
    programTargets: generateProgramTargets(random('targets'), clock),
  }
}

// ---- Activities ---------------------------------------------------------------------------------

interface SeededActivity {
  row: ActivityRow
  /** The host first. */
  communities: SeededCommunity[]
}

const ACTIVITY_KIND_WEIGHTS: readonly (readonly [ActivityKind, number])[] = [
  ['training', 44],
  ['meeting', 24],
  ['legal_awareness', 15],
  ['exchange', 9],
  ['campaign', 4],
  ['other', 4],
]

/** Land law and advocacy are the coalition's core; every topic still shows up in a year. */
const TRAINING_TOPIC_WEIGHTS: readonly (readonly [ActivityTopic, number])[] = ACTIVITY_TOPICS.map((topic) => [
  topic,
  topic === 'land_law' || topic === 'advocacy' ? 4 : topic === 'leadership' || topic === 'paralegal' ? 3 : topic === 'other' ? 0.5 : 2,
])

/** How often a community hosts the work: strengthening ones most, inactive ones hardly. */
const HOST_WEIGHT_BY_STATUS = { active: 3, strengthening: 4, forming: 1.5, inactive: 0.2 } as const

const TOPIC_WORDS: Record<ActivityTopic, readonly [english: string, khmer: string]> = {
  land_law: ['Land law', 'ច្បាប់ភូមិបាល'],
  advocacy: ['Advocacy', 'ការតស៊ូមតិ'],
  leadership: ['Leadership', 'ភាពជាអ្នកដឹកនាំ'],
  paralegal: ['Paralegal skills', 'ជំនាញជំនួយការច្បាប់'],
  agro_ecology: ['Agro-ecology', 'កសិអេកូឡូស៊ី'],
  savings: ['Savings group', 'ក្រុមសន្សំប្រាក់'],
  social_protection: ['Social protection', 'កិច្ចគាំពារសង្គម'],
  food_systems: ['Food systems', 'ប្រព័ន្ធស្បៀង'],
  gender: ['Gender equality', 'សមភាពយេនឌ័រ'],
  digital_security: ['Digital security', 'សុវត្ថិភាពឌីជីថល'],
  other: ['Community mapping', 'ការគូសផែនទីសហគមន៍'],
}

const FACILITATORS: Record<ActivityTopic, readonly string[]> = {
  land_law: ['Partner NGO lawyer', 'Coalition legal officer'],
  advocacy: ['Coalition advocacy officer', 'Coalition trainer'],
  leadership: ['Coalition trainer', 'Network representative'],
  paralegal: ['Partner NGO lawyer', 'Coalition paralegal trainer'],
  agro_ecology: ['Coalition agro-ecology trainer', 'Partner NGO agronomist'],
  savings: ['Savings group mentor', 'Coalition trainer'],
  social_protection: ['Partner NGO social worker', 'Coalition trainer'],
  food_systems: ['Coalition agro-ecology trainer', 'Partner NGO market adviser'],
  gender: ['Coalition gender officer', 'Partner NGO gender trainer'],
  digital_security: ['Partner NGO digital-security trainer', 'Coalition trainer'],
  other: ['Coalition provincial coordinator', 'Youth mapping volunteer'],
}

function generateActivities(
  random: Random,
  clock: DemoClock,
  communities: readonly SeededCommunity[],
  plans: readonly CommunityPlanRow[],
): SeededActivity[] {
  const members = communities.filter((community) => community.row.kind !== 'provincial_network')
  const networks = communities.filter((community) => community.row.kind === 'provincial_network')
  const hostChoices = members.map((community) => [community, HOST_WEIGHT_BY_STATUS[community.row.status ?? 'forming']] as const)
  const count = random.int(175, 205)
  const kinds = dealCovering(random, ACTIVITY_KIND_WEIGHTS, count)
  const trainingTopics = dealCovering(random, TRAINING_TOPIC_WEIGHTS, kinds.filter((kind) => kind === 'training').length)
  const context: ActivityContext = { random, clock, members, networks }

  const activities = kinds.map((kind) => {
    // Networks host their own meetings and the trainings of their representatives.
    const networkHosted = networks.length > 0 && (kind === 'meeting' || kind === 'training') && random.chance(0.12)
    const host = networkHosted ? random.pick(networks) : random.weighted(hostChoices)
    const topic = kind === 'training' ? (trainingTopics.pop() ?? 'land_law') : topicFor(random, kind)
    return makeActivity(context, { kind, topic, host, daysAgo: random.int(0, 364) })
  })
  return [...activities, ...trainingsForStrengthened(context, plans, activities)]
}

interface ActivityContext {
  random: Random
  clock: DemoClock
  members: readonly SeededCommunity[]
  networks: readonly SeededCommunity[]
}

function topicFor(random: Random, kind: ActivityKind): ActivityTopic | null {
  switch (kind) {
    case 'legal_awareness':
      return random.weighted([
        ['land_law', 6],
        ['paralegal', 1],
        ['social_protection', 1],
      ])
    case 'exchange':
      return random.pick(['agro_ecology', 'food_systems', 'advocacy', 'savings', 'leadership'])
    case 'campaign':
      return random.pick(['advocacy', 'land_law'])
    case 'meeting':
      return random.chance(0.4) ? random.pick(['advocacy', 'leadership', 'land_law']) : null
    case 'other':
      return 'other'
    case 'training':
      return 'land_law'
  }
}

/**
 * A community founded and with an agreed plan for this year is "strengthened" once it has two
 * trainings in the year: most such communities get them, so the plan's target shows real progress.
 */
function trainingsForStrengthened(
  context: ActivityContext,
  plans: readonly CommunityPlanRow[],
  activities: readonly SeededActivity[],
): SeededActivity[] {
  const { random, clock } = context
  const year = clock.year
  const agreedThisYear = new Set(
    plans.filter((plan) => plan.year === year && COUNTED_PLAN_STATUSES.includes(plan.status!)).map((plan) => plan.communityId),
  )
  const daysIntoYear = Math.round((clock.today.getTime() - Date.UTC(year, 0, 1)) / DAY_MS)
  const candidates = [...context.networks, ...context.members].filter(
    (community) =>
      (community.row.status === 'active' || community.row.status === 'strengthening') &&
      (community.row.establishedYear ?? year) < year &&
      agreedThisYear.has(community.row.id),
  )
  return candidates
    .filter(() => random.chance(0.8))
    .flatMap((community) => {
      const trainingsThisYear = activities.filter(
        (activity) =>
          activity.row.kind === 'training' && activity.row.startedOn.startsWith(String(year)) && activity.communities.includes(community),
      ).length
      return Array.from({ length: Math.max(0, 2 - trainingsThisYear) }, () =>
        makeActivity(context, {
          kind: 'training',
          topic: random.weighted(TRAINING_TOPIC_WEIGHTS),
          host: community,
          daysAgo: random.int(0, daysIntoYear),
        }),
      )
    })
}

interface ActivitySpec {
  kind: ActivityKind
  topic: ActivityTopic | null
  host: SeededCommunity
  daysAgo: number
}

function makeActivity(context: ActivityContext, spec: ActivitySpec): SeededActivity {
  const { random, clock } = context
  const { kind, topic, host, daysAgo } = spec
  const involved = [host, ...guestsOf(context, spec)]
  const days =
    kind === 'exchange' || kind === 'training'
      ? random.weighted([
          [1, 6],
          [2, 3],
          [3, 1],
        ] as const)
      : 1
  const located = random.chance(0.75)
  const participants = participantsFor(random, kind, host)
  const place = host.place
  return {
    communities: involved,
    row: {
      id: random.uuid(),
      kind,
      topic,
      title: titleFor(random, spec, involved),
      startedOn: isoDate(clock.daysAgo(daysAgo)),
      // A session of several days that would end after today is still running: one day is recorded.
      endedOn: days > 1 && daysAgo >= days - 1 ? isoDate(clock.daysAgo(daysAgo - days + 1)) : null,
      province: place.province,
      district: place.district,
      commune: place.commune,
      village: located || random.chance(0.5) ? place.village : null,
      location: located ? toPoint(offsetByMetres([place.lon, place.lat], random.int(-700, 700), random.int(-700, 700))) : null,
      ...participants,
      facilitators: facilitatorsFor(random, kind, topic),
      costUsd: costFor(random, kind, participants.participantsWomen + participants.participantsMen),
      notes: random.chance(0.3) ? `${DEMO_NOTE} Attendance sheet kept by the community secretary.` : DEMO_NOTE,
    },
  }
}

/** Other communities of the province join some activities; the province's network joins exchanges and campaigns. */
function guestsOf(context: ActivityContext, spec: ActivitySpec): SeededCommunity[] {
  const { random, members, networks } = context
  const { kind, host } = spec
  const province = host.row.province
  const neighbours = members.filter((community) => community !== host && community.row.province === province)
  const network = host.row.kind === 'provincial_network' ? undefined : networks.find((candidate) => candidate.row.province === province)
  const guests: SeededCommunity[] = []
  if (kind === 'exchange') {
    const pool = neighbours.length > 0 && random.chance(0.6) ? neighbours : members.filter((community) => community !== host)
    guests.push(random.pick(pool))
  } else if (host.row.kind === 'provincial_network') {
    guests.push(...random.sample(neighbours, random.int(1, 2)))
  } else if (neighbours.length > 0 && random.chance(kind === 'campaign' ? 0.8 : 0.2)) {
    guests.push(random.pick(neighbours))
  }
  const networkJoins = kind === 'campaign' || (kind === 'exchange' && random.chance(0.4)) || (kind === 'meeting' && random.chance(0.1))
  if (network && networkJoins) guests.push(network)
  return [...new Set(guests)].slice(0, 2)
}

interface Participants {
  participantsWomen: number
  participantsMen: number
  participantsYouth: number
}

const PARTICIPANT_RANGE: Record<ActivityKind, readonly [number, number]> = {
  training: [12, 40],
  meeting: [8, 35],
  legal_awareness: [15, 60],
  exchange: [10, 30],
  campaign: [25, 60],
  other: [8, 30],
}

function participantsFor(random: Random, kind: ActivityKind, host: SeededCommunity): Participants {
  const [min, max] = PARTICIPANT_RANGE[kind]
  const total = random.int(min, max)
  const womenShare = host.row.kind === 'womens_group' ? random.float(0.85, 1) : random.float(0.4, 0.65)
  const youthShare = host.row.kind === 'youth_group' ? random.float(0.6, 0.9) : random.float(0.1, 0.35)
  const women = Math.round(total * womenShare)
  // Youth are counted among the women and men, never beside them.
  return { participantsWomen: women, participantsMen: total - women, participantsYouth: Math.round(total * youthShare) }
}

function facilitatorsFor(random: Random, kind: ActivityKind, topic: ActivityTopic | null): string {
  switch (kind) {
    case 'meeting':
      return random.pick(['Community committee chair', 'Coalition provincial coordinator', 'Network representative'])
    case 'exchange':
      return 'Coalition provincial coordinator'
    case 'campaign':
      return 'Coalition advocacy officer; Network representatives'
    default: {
      const [first, second] = FACILITATORS[topic ?? 'other']
      return random.chance(0.3) ? `${first}; ${second}` : random.pick([first!, second!])
    }
  }
}

/** In USD, when the activity had costs the coalition paid: travel, food, materials. */
function costFor(random: Random, kind: ActivityKind, participants: number): number | null {
  const paid = { training: 0.7, meeting: 0.3, legal_awareness: 0.6, exchange: 0.95, campaign: 0.85, other: 0.3 }[kind]
  if (!random.chance(paid)) return null
  const fixed = kind === 'exchange' ? random.int(150, 450) : kind === 'campaign' ? random.int(100, 300) : random.int(20, 80)
  return Math.round(fixed + participants * random.float(2.5, 9))
}

function titleFor(random: Random, spec: ActivitySpec, involved: readonly SeededCommunity[]): string {
  const { kind, topic, host } = spec
  const khmer = random.chance(0.4)
  const village = host.place.village
  const villageKm = host.place.villageKm
  const [topicEn, topicKm] = TOPIC_WORDS[topic ?? 'other']
  if (host.row.kind === 'provincial_network') {
    const name = host.row.name
    const nameKm = host.row.nameKm ?? name
    if (kind === 'meeting') return khmer ? `កិច្ចប្រជុំប្រចាំត្រីមាស${nameKm}` : `${name} quarterly meeting`
    return khmer ? `វគ្គបណ្តុះបណ្តាល${topicKm}សម្រាប់តំណាង${nameKm}` : `${topicEn} training for ${name} representatives`
  }
  switch (kind) {
    case 'training':
      return khmer ? `វគ្គបណ្តុះបណ្តាល${topicKm} នៅភូមិ${villageKm}` : `${topicEn} training in ${village}`
    case 'meeting':
      return khmer
        ? random.pick([`កិច្ចប្រជុំគណៈកម្មាធិការ${host.row.nameKm ?? host.row.name}`, `កិច្ចប្រជុំភូមិស្តីពីផែនទីសហគមន៍ នៅភូមិ${villageKm}`])
        : random.pick([`${host.row.name} committee meeting`, `Village meeting on the community map in ${village}`])
    case 'legal_awareness':
      return khmer ? `វគ្គផ្សព្វផ្សាយច្បាប់ស្តីពីសិទ្ធិដីធ្លី នៅភូមិ${villageKm}` : `Legal-awareness session on land rights in ${village}`
    case 'exchange': {
      const guest = involved.find((community) => community !== host && community.row.kind !== 'provincial_network') ?? host
      return khmer
        ? `ទស្សនកិច្ចផ្លាស់ប្តូរបទពិសោធន៍ពីភូមិ${guest.place.villageKm} ទៅភូមិ${villageKm}`
        : `Exchange visit from ${guest.place.village} to ${village}: ${topicEn.toLowerCase()}`
    }
    case 'campaign':
      return khmer ? `យុទ្ធនាការសិទ្ធិដីធ្លី នៅភូមិ${villageKm}` : `Land rights campaign in ${village}`
    case 'other':
      return khmer ? `ថ្ងៃគូសផែនទីសហគមន៍ នៅភូមិ${villageKm}` : `Community mapping day in ${village}`
  }
}

// ---- Committees ---------------------------------------------------------------------------------

const OFFICER_ROLES: readonly CommitteeRole[] = ['chair', 'deputy_chair', 'secretary', 'treasurer']

/** Most communities have a committee of 5–9: a chair (the community's leader), officers and members. */
function generateCommittee(random: Random, clock: DemoClock, community: SeededCommunity): CommitteeMemberRow[] {
  const { row } = community
  if (!random.chance(row.status === 'forming' ? 0.5 : 0.9)) return []
  const womenOnly = row.kind === 'womens_group'
  const youthShare = row.kind === 'youth_group' ? 0.9 : 0.15
  const foundedOn = Date.UTC(row.establishedYear ?? clock.year, 0, 15)
  const size = random.int(5, 9)
  const electedDaysAgo = random.int(30, Math.max(30, Math.min(1400, Math.floor((clock.today.getTime() - foundedOn) / DAY_MS))))
  const electedOn = isoDate(clock.daysAgo(electedDaysAgo))

  const member = (role: CommitteeRole, sex: Gender, name: string): CommitteeMemberRow => ({
    id: random.uuid(),
    communityId: row.id,
    name,
    sex,
    role,
    isYouth: random.chance(youthShare),
    startedOn: electedOn,
    endedOn: null,
  })
  const sexOf = (): Gender => (womenOnly || random.chance(0.38) ? 'female' : 'male')
  // The community's leader chairs it, or, for half of the women leaders, is the deputy of a man:
  // women chair about a third of the mixed committees, as in the coalition's communities.
  const leaderRole: CommitteeRole = womenOnly || community.leader.gender === 'male' || random.chance(0.5) ? 'chair' : 'deputy_chair'
  const current = Array.from({ length: size }, (_, index) => {
    const role = OFFICER_ROLES[index] ?? (random.chance(0.1) ? 'advisor' : 'committee_member')
    if (role === leaderRole) return member(role, community.leader.gender, community.leader.name)
    const sex = role === 'chair' ? 'male' : sexOf()
    return member(role, sex, randomPersonName(random, sex).name)
  })

  // Some left at the last election or since: their terms ended, the seat passed on.
  const former = Array.from({ length: random.chance(0.4) ? random.int(1, 2) : 0 }, () => {
    const sex = sexOf()
    const startedDaysAgo = electedDaysAgo + random.int(365, 1100)
    return {
      ...member(random.pick(['committee_member', 'treasurer', 'secretary']), sex, randomPersonName(random, sex).name),
      startedOn: isoDate(clock.daysAgo(startedDaysAgo)),
      endedOn: isoDate(clock.daysAgo(random.int(Math.max(0, electedDaysAgo - 200), electedDaysAgo))),
    }
  })
  return [...current, ...former]
}

// ---- Targets ------------------------------------------------------------------------------------

/** The coalition's five-year plan; the demo's current year is always its first. */
const PLAN_YEARS = 5

interface TargetSpec {
  code: string
  label: string
  labelKm: string
  target: number
  baseline?: number
  /** Cumulative share of what the plan adds, by the end of each year; linear pace without. */
  milestoneShares?: readonly number[]
  rule: TargetRule
}

const TARGET_SPECS: readonly TargetSpec[] = [
  { code: '1.1', ...TARGET_PRESETS.new_land_communities, target: 93, milestoneShares: [0.1, 0.3, 0.55, 0.8, 1] },
  { code: '1.2', ...TARGET_PRESETS.new_womens_groups, target: 58 },
  { code: '1.3', ...TARGET_PRESETS.communities_strengthened, target: 152, milestoneShares: [0.15, 0.35, 0.6, 0.8, 1] },
  { code: '1.4', ...TARGET_PRESETS.community_plans, target: 92, baseline: 4 },
  {
    code: '2.1',
    label: 'Trainings delivered',
    labelKm: 'វគ្គបណ្តុះបណ្តាលដែលបានរៀបចំ',
    target: 1000,
    rule: { count: 'activities', activityKinds: ['training'], activityTopics: [] },
  },
  {
    code: '2.2',
    label: 'Women trained',
    labelKm: 'ស្ត្រីដែលបានទទួលការបណ្តុះបណ្តាល',
    target: 6000,
    rule: { count: 'participants', activityKinds: ['training'], activityTopics: [], who: 'women' },
  },
]

function generateProgramTargets(random: Random, clock: DemoClock): ProgramTargetRow[] {
  const planStartYear = clock.year
  return TARGET_SPECS.map(({ milestoneShares, baseline = 0, ...spec }) => ({
    id: random.uuid(),
    ...spec,
    baseline,
    planStartYear,
    planEndYear: planStartYear + PLAN_YEARS - 1,
    pace: milestoneShares ? 'milestones' : 'linear',
    milestones: (milestoneShares ?? []).map((share, index): TargetMilestone => ({
      year: planStartYear + index,
      value: Math.round(baseline + (spec.target - baseline) * share),
    })),
  }))
}
