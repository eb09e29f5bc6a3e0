// Legal cases, the people involved in them and the case calendar. Six hand-written open cases, one
// per kind of forum, each at a different stage, so every screen of the case module has content;
// and four closed years ago or recently, one per kind of result, so "cases won / lost" has content.
import type { CaseKind, CaseResult, CaseStage, CaseEventKind, PartyRole } from '../../shared/vocabularies.ts'
import { isoDate, type DemoClock } from './demo-clock.ts'
import type { SeededCommunity } from './demo-communities.ts'
import type {
  CaseCommunityRow,
  CaseEventRow,
  CaseIncidentRow,
  CaseParcelRow,
  CasePersonRow,
  CaseReferenceCounterRow,
  IncidentRow,
  LegalCaseRow,
  ParcelRow,
  PersonRow,
} from './demo-data.ts'
import type { SeededConcession } from './demo-land.ts'
import { fakePhone, randomPersonName, type PersonName } from './demo-names.ts'
import type { Random } from './random.ts'
import { DEMO_NOTE, LAWYERS } from './words.ts'

interface CaseSpec {
  community: string
  kind: CaseKind
  stage: CaseStage
  openedDaysAgo: number
  forum: string
  /** The official the case deals with, e.g. the judge or the commission member. */
  officialTitle: string
  title: string
  titleKm: string
  summary: string
  privilegedNotes: string
  outcome?: string
  /** How a closed case ended; open cases have none (pending). */
  result?: CaseResult
  /** When a closed case was closed; its events run from the opening to that day. */
  closedDaysAgo?: number
}

const CASE_SPECS: readonly CaseSpec[] = [
  {
    community: 'Ou Ampil Land Community',
    kind: 'administrative_complaint',
    stage: 'intake',
    openedDaysAgo: 14,
    forum: 'Oddar Meanchey Provincial Hall',
    officialTitle: 'Deputy governor of Chong Kal district',
    title: 'Complaint over the fencing of Ou Ampil farmland',
    titleKm: 'ពាក្យបណ្តឹងករណីហ៊ុំរបងដីស្រែចម្ការភូមិអូរអំពិល',
    summary:
      'Twenty-two families of Ou Ampil say a border army unit fenced about 140 ha of rice fields they have farmed since the 1990s. A complaint to the Provincial Hall is being prepared.',
    privilegedNotes:
      'PRIVILEGED — lawyer–client strategy (demo): ask the Provincial Hall for a joint field visit before going to the Cadastral Commission; hold back the 2003 commune letter until the unit states its claim in writing. Two families may settle privately: confirm before naming them.',
  },
  {
    community: 'Lam Dach Bunong Community',
    kind: 'un_communication',
    stage: 'investigation',
    openedDaysAgo: 75,
    forum: 'UN Special Rapporteur on the rights of Indigenous Peoples',
    officialTitle: 'Director of the provincial Department of Rural Development',
    title: 'Communication to UN special procedures: Lam Dach and the Demo Agro ELC',
    titleKm: 'លិខិតទៅនីតិវិធីពិសេសរបស់អង្គការសហប្រជាជាតិ ករណីសហគមន៍ព្នងភូមិឡាំដាច',
    summary:
      'Clearing by Demo Agro Industry Co., Ltd. inside the customary land of the Lam Dach Bunong community, including a spirit forest. Complaints to the province went unanswered; evidence and testimonies are being compiled for a communication.',
    privilegedNotes:
      'PRIVILEGED — lawyer–client strategy (demo): the communication must show domestic remedies were tried, so attach the three unanswered complaints. Keep the two youth who filmed the clearing out of the annexes and ask the Rapporteur for confidentiality.',
  },
  {
    community: 'Pu Rang Bunong Community',
    kind: 'cadastral_commission',
    stage: 'filed',
    openedDaysAgo: 150,
    forum: 'Provincial Cadastral Commission of Mondul Kiri',
    officialTitle: 'Member of the Provincial Cadastral Commission of Mondul Kiri',
    title: 'Pu Rang communal land boundary dispute',
    titleKm: 'វិវាទព្រំដីសមូហភាពសហគមន៍ព្នងភូមិពូរាំង',
    summary:
      "A buyer from the provincial town claims about 60 ha of Pu Rang's chamkar inside the area mapped for the communal land title. Complaint filed with the Provincial Cadastral Commission.",
    privilegedNotes:
      "PRIVILEGED — lawyer–client strategy (demo): the buyer's possession certificate seems signed by a commune chief who was not in office on that date. Request the original before the conciliation session; do not raise it publicly yet.",
  },
  {
    community: 'Kaleng Tampuan Community',
    kind: 'court_criminal_defense',
    stage: 'hearing',
    openedDaysAgo: 290,
    forum: 'Ratanak Kiri Provincial Court',
    officialTitle: 'Investigating judge, Ratanak Kiri Provincial Court',
    title: 'Defence of Kaleng community representatives charged with incitement',
    titleKm: 'ការការពារក្តីតំណាងសហគមន៍ទំពួនភូមិកាឡែងដែលត្រូវបានចោទពីបទញុះញង់',
    summary:
      'Three representatives of the Kaleng Tampuan community were charged with incitement after villagers blocked bulldozers of Demo Rubber Development Co., Ltd. on their spirit forest. Trial hearings are under way.',
    privilegedNotes:
      "PRIVILEGED — lawyer–client strategy (demo): the prosecution's only eyewitness is a company guard whose statement contradicts the police report on the time. Clients must not speak to the press before the next hearing. Consider a bail request for the third defendant on health grounds.",
  },
  {
    community: 'Prey Thom Land Community',
    kind: 'court_civil',
    stage: 'judgment',
    openedDaysAgo: 480,
    forum: 'Koh Kong Provincial Court',
    officialTitle: 'Clerk of the Koh Kong Provincial Court',
    title: 'Prey Thom families v. Demo Sugar Plantation Co., Ltd.',
    titleKm: 'គ្រួសារភូមិព្រៃធំ ប្តឹងក្រុមហ៊ុនចម្ការអំពៅសាកល្បង',
    summary:
      'Civil claim for the return of rice fields and for compensation after the sugar ELC was planted over land the families held under possession rights.',
    privilegedNotes:
      'PRIVILEGED — lawyer–client strategy (demo): the clients are split on appealing the rejected land claim; advise that an appeal may suspend the compensation award. Meet the committee before the appeal deadline.',
    outcome:
      'First-instance judgment (demo): possession rights recognised on 38 of the 52 parcels claimed and compensation ordered; the claim for return of the land was rejected.',
  },
  {
    community: 'Romchek Kuy Community',
    kind: 'naldr',
    stage: 'enforcement',
    openedDaysAgo: 650,
    forum: 'National Authority for Land Dispute Resolution',
    officialTitle: 'Official of the National Authority for Land Dispute Resolution',
    title: 'Romchek Kuy Community v. Demo Gold Mining Co., Ltd.',
    titleKm: 'សហគមន៍កួយរំចេក និងក្រុមហ៊ុនរុករករ៉ែមាសសាកល្បង',
    summary:
      "The mining licence area overlaps the Romchek Kuy community's burial ground and farmland; the community asked NALDR to excise its land from the licence.",
    privilegedNotes:
      'PRIVILEGED — lawyer–client strategy (demo): the company is stalling on fence removal; document it weekly with dated photos. If the 90-day deadline passes, complain to the provincial governor and copy the ministry, as agreed with the clients.',
    outcome:
      'NALDR decision (demo): 310 ha, including the burial ground, to be excised from the licence area and fences removed within 90 days.',
  },
  // Closed cases: opened more than a year before the oldest open one, so the open cases keep their references.
  {
    community: 'Tuol Krasang Land Community',
    kind: 'cadastral_commission',
    stage: 'closed',
    openedDaysAgo: 1500,
    closedDaysAgo: 420,
    forum: 'Provincial Cadastral Commission of Pursat',
    officialTitle: 'Member of the Provincial Cadastral Commission of Pursat',
    title: 'Tuol Krasang rice fields registered to a former district official',
    titleKm: 'ពាក្យបណ្តឹងទៅគណៈកម្មការសុរិយោដីខេត្ត ករណីដីស្រែភូមិទួលក្រសាំង',
    summary:
      'Thirty-one families of Tuol Krasang complained that a former district official had 46 ha of their rice fields registered in his name during systematic land registration. The Provincial Cadastral Commission heard both sides and measured the plots.',
    privilegedNotes:
      "PRIVILEGED — lawyer–client strategy (demo): the official may still try to reopen the matter in court; keep the field measurement minutes and the families' original tax receipts in the office safe.",
    outcome:
      "Cadastral Commission decision (demo): the official's claim rejected and the 46 ha registered to the 31 families, who have received their title certificates.",
    result: 'won',
  },
  {
    community: 'Srae Thmei Kuy Community',
    kind: 'administrative_complaint',
    stage: 'closed',
    openedDaysAgo: 1300,
    closedDaysAgo: 210,
    forum: 'Preah Vihear Provincial Hall',
    officialTitle: 'Deputy governor of Preah Vihear province',
    title: 'Complaint over the Srae Thmei reservoir flooding Kuy farmland',
    titleKm: 'ពាក្យបណ្តឹងករណីអាងស្តុកទឹកលិចដីស្រែចម្ការសហគមន៍កួយភូមិស្រែថ្មី',
    summary:
      'A district reservoir built without consultation flooded about 80 ha of Kuy farmland and part of the forest where families tap resin. The community asked the Provincial Hall for compensation, replacement land and a lower spillway.',
    privilegedNotes:
      'PRIVILEGED — lawyer–client strategy (demo): thirteen families were left out because their plots are not on the 2010 commune list; their claims may go to the Cadastral Commission separately. Promise them nothing yet.',
    outcome:
      'Provincial Hall decision (demo): compensation paid to 27 of the 40 affected families and replacement land allocated to 12; the request to lower the spillway was refused.',
    result: 'partly_won',
  },
  {
    community: 'Srae Pring Land Community',
    kind: 'mediation',
    stage: 'closed',
    openedDaysAgo: 1100,
    closedDaysAgo: 800,
    forum: 'Chhuk District Hall',
    officialTitle: 'Deputy governor of Chhuk district, mediator',
    title: 'Mediation with a pepper planter over Srae Pring grazing land',
    titleKm: 'ការសម្រុះសម្រួលវិវាទដីវាលស្មៅភូមិស្រែព្រីង ជាមួយម្ចាស់ចម្ការម្រេច',
    summary:
      'A pepper planter from outside the commune cleared and fenced part of the grazing land that Srae Pring families share. Both sides agreed to mediation by the district.',
    privilegedNotes:
      'PRIVILEGED — lawyer–client strategy (demo): the two families who sold plots to the planter are under pressure in the village; the committee agreed not to name them in meetings. Check the boundary posts every dry season.',
    outcome:
      'Mediation agreement (demo): the planter returned 12 ha of grazing land and keeps the 5 ha he bought from two families; boundary posts planted together and the agreement signed before the district governor.',
    result: 'settled',
  },
  {
    community: 'Trapeang Chhuk Land Community',
    kind: 'court_civil',
    stage: 'closed',
    openedDaysAgo: 2000,
    closedDaysAgo: 95,
    forum: 'Kampong Speu Provincial Court',
    officialTitle: 'Clerk of the Kampong Speu Provincial Court',
    title: 'Trapeang Chhuk families v. a private land buyer',
    titleKm: 'គ្រួសារភូមិត្រពាំងឈូក ប្តឹងអ្នកទិញដីឯកជន',
    summary:
      'Nine families claimed 24 ha of chamkar that a buyer from Phnom Penh had titled after buying it from a former village chief. The families had farmed it since 2001 but held no documents.',
    privilegedNotes:
      'PRIVILEGED — lawyer–client strategy (demo): an appeal was advised against once two witnesses withdrew; the families will ask the commune to record their house plots so that at least those are protected.',
    outcome:
      "Judgment (demo): the claim was dismissed; the court held the buyer's title valid and the families' possession not proven. The clients decided not to appeal.",
    result: 'lost',
  },
]

interface EventTemplate {
  kind: CaseEventKind
  title: string
  details: string
  /** Where it happens: at the forum, or in the community's village. */
  at: 'forum' | 'village'
}

const intakeMeeting: EventTemplate = {
  kind: 'meeting',
  title: 'Intake meeting with community representatives',
  details: 'Facts, documents and signed authorisations collected.',
  at: 'village',
}
const fieldVisit: EventTemplate = {
  kind: 'note',
  title: 'Field visit: testimonies, photos and GPS points collected',
  details: 'Evidence logged in Dey with its chain of custody.',
  at: 'village',
}
const filing: EventTemplate = {
  kind: 'filing',
  title: 'Submission lodged with {forum}',
  details: 'Receipt stamped and scanned.',
  at: 'forum',
}
const hearing: EventTemplate = {
  kind: 'hearing',
  title: 'Hearing at {forum}',
  details: 'Both parties heard; clients attended with the lawyer.',
  at: 'forum',
}
const decision: EventTemplate = {
  kind: 'judgment',
  title: 'Decision delivered by {forum}',
  details: 'Decision read out; written copy requested.',
  at: 'forum',
}

const PAST_EVENTS: Record<CaseStage, readonly EventTemplate[]> = {
  intake: [intakeMeeting],
  investigation: [intakeMeeting, fieldVisit],
  filed: [intakeMeeting, fieldVisit, filing],
  hearing: [intakeMeeting, filing, hearing],
  judgment: [intakeMeeting, filing, hearing, decision],
  appeal: [
    filing,
    hearing,
    decision,
    { kind: 'filing', title: 'Appeal lodged', details: 'Notice of appeal filed within the time limit.', at: 'forum' },
  ],
  enforcement: [
    filing,
    hearing,
    decision,
    {
      kind: 'filing',
      title: 'Request to enforce the decision sent to the provincial governor',
      details: 'Copy sent to the ministry.',
      at: 'forum',
    },
  ],
  closed: [
    filing,
    hearing,
    decision,
    { kind: 'note', title: 'File closed', details: 'Clients informed; documents archived.', at: 'forum' },
  ],
}

const UPCOMING_EVENTS: Record<CaseStage, readonly EventTemplate[]> = {
  intake: [
    {
      kind: 'deadline',
      title: 'Deadline: collect thumbprinted authorisations from all families',
      details: 'Needed before the complaint can be lodged.',
      at: 'village',
    },
    {
      kind: 'meeting',
      title: 'Community meeting to agree on the complaint',
      details: 'Read the draft aloud in Khmer; record objections.',
      at: 'village',
    },
  ],
  investigation: [
    { kind: 'deadline', title: 'Deadline: send the draft communication for review', details: 'Annexes anonymised.', at: 'forum' },
    { kind: 'meeting', title: "Video call with the Rapporteur's office", details: 'Confirm the confidentiality request.', at: 'forum' },
  ],
  filed: [
    {
      kind: 'hearing',
      title: 'Conciliation session at {forum}',
      details: 'Bring the community map and the boundary witnesses.',
      at: 'forum',
    },
    {
      kind: 'deadline',
      title: 'Deadline: submit boundary map and witness statements',
      details: 'Three copies, stamped by the commune.',
      at: 'forum',
    },
  ],
  hearing: [
    { kind: 'hearing', title: 'Next hearing at {forum}', details: 'Cross-examination of the company guard.', at: 'forum' },
    { kind: 'deadline', title: 'Deadline: file written defence submissions', details: 'Include the police report timeline.', at: 'forum' },
  ],
  judgment: [
    { kind: 'deadline', title: 'Deadline to lodge an appeal', details: 'One month from the delivery of the judgment.', at: 'forum' },
    {
      kind: 'meeting',
      title: 'Committee meeting on whether to appeal',
      details: 'Explain the risks to the compensation award.',
      at: 'village',
    },
  ],
  appeal: [
    { kind: 'hearing', title: 'Appeal hearing at {forum}', details: 'Clients to attend.', at: 'forum' },
    { kind: 'deadline', title: 'Deadline: reply to the appeal brief', details: 'Coordinate with the co-counsel.', at: 'forum' },
  ],
  enforcement: [
    {
      kind: 'deadline',
      title: 'Deadline for the company to remove its fences',
      details: 'Set by the decision; photograph the fence line on the day.',
      at: 'village',
    },
    {
      kind: 'meeting',
      title: 'Joint field verification with the provincial authorities',
      details: 'Bring the decision map and GPS.',
      at: 'village',
    },
  ],
  closed: [],
}

export interface GeneratedCases {
  people: PersonRow[]
  legalCases: LegalCaseRow[]
  caseReferenceCounters: CaseReferenceCounterRow[]
  caseEvents: CaseEventRow[]
  caseCommunities: CaseCommunityRow[]
  caseParcels: CaseParcelRow[]
  caseIncidents: CaseIncidentRow[]
  casePeople: CasePersonRow[]
}

interface CaseContext {
  communities: readonly SeededCommunity[]
  concessions: readonly SeededConcession[]
  parcels: readonly ParcelRow[]
  incidents: readonly IncidentRow[]
}

export function generateCases(random: Random, clock: DemoClock, context: CaseContext): GeneratedCases {
  const people = createPeopleRegister(random, context.communities.length + 1)
  const companyRepresentatives = new Map(
    context.concessions.map((concession) => [concession.site.company, people.addCompanyRepresentative(concession)]),
  )
  const result: GeneratedCases = {
    people: people.rows,
    legalCases: [],
    caseReferenceCounters: [],
    caseEvents: [],
    caseCommunities: [],
    caseParcels: [],
    caseIncidents: [],
    casePeople: [],
  }
  const references = assignReferences(clock)

  for (const [index, spec] of CASE_SPECS.entries()) {
    const community = findCommunity(context.communities, spec.community)
    const caseId = random.uuid()
    // The draw that once chose a free-text lead lawyer: kept, so every later value stays as it was.
    // The demo's case teams are accounts, assigned with the demo accounts (server/lib/demo-users.ts).
    random.pick(LAWYERS)
    result.legalCases.push({
      id: caseId,
      reference: references.byIndex[index] ?? '',
      title: spec.title,
      titleKm: spec.titleKm,
      kind: spec.kind,
      stage: spec.stage,
      forum: spec.forum,
      province: community.place.province,
      summary: `${DEMO_NOTE} ${spec.summary}`,
      privilegedNotes: spec.privilegedNotes,
      outcome: spec.outcome ?? null,
      result: spec.stage === 'closed' ? (spec.result ?? null) : null,
      openedOn: isoDate(clock.daysAgo(spec.openedDaysAgo)),
      closedOn: spec.stage === 'closed' ? isoDate(clock.daysAgo(spec.closedDaysAgo ?? random.int(1, 30))) : null,
    })
    result.caseEvents.push(...caseEvents(random, clock, caseId, spec, community))
    result.caseCommunities.push({ caseId, communityId: community.row.id })
    result.caseParcels.push(...pickParcels(random, context.parcels, community).map((parcel) => ({ caseId, parcelId: parcel.id })))
    result.caseIncidents.push(
      ...pickIncidents(random, context.incidents, community).map((incident) => ({ caseId, incidentId: incident.id })),
    )

    const concession = context.concessions.find((candidate) => candidate.community === community)
    const companyRepresentative = concession ? companyRepresentatives.get(concession.site.company) : undefined
    result.casePeople.push(
      ...partiesOf(spec, people, community, companyRepresentative).map(([personId, role]) => ({ caseId, personId, role })),
    )
  }
  people.addBystanders(context.communities.filter((community) => !CASE_SPECS.some((spec) => spec.community === community.place.name)))
  result.caseReferenceCounters = references.counters
  return result
}

function findCommunity(communities: readonly SeededCommunity[], name: string): SeededCommunity {
  const community = communities.find((candidate) => candidate.place.name === name)
  if (!community) throw new Error(`Demo case refers to an unknown community: ${name}`)
  return community
}

/** CASE-YYYY-NNNN numbered per year in order of opening, as the server would have assigned them. */
function assignReferences(clock: DemoClock): { byIndex: string[]; counters: CaseReferenceCounterRow[] } {
  const order = CASE_SPECS.map((spec, index) => ({ index, openedAt: clock.daysAgo(spec.openedDaysAgo) })).sort(
    (a, b) => a.openedAt.getTime() - b.openedAt.getTime(),
  )
  const lastNumberByYear = new Map<number, number>()
  const byIndex: string[] = []
  for (const { index, openedAt } of order) {
    const year = openedAt.getUTCFullYear()
    const number = (lastNumberByYear.get(year) ?? 0) + 1
    lastNumberByYear.set(year, number)
    byIndex[index] = `CASE-${year}-${String(number).padStart(4, '0')}`
  }
  const counters = [...lastNumberByYear].map(([year, lastNumber]) => ({ year, lastNumber }))
  return { byIndex, counters }
}

/** Past steps spread from the opening to a few days ago (a closed case: to its closing); next steps within the coming 60 days. */
function caseEvents(random: Random, clock: DemoClock, caseId: string, spec: CaseSpec, community: SeededCommunity): CaseEventRow[] {
  const past = PAST_EVENTS[spec.stage]
  const upcoming = UPCOMING_EVENTS[spec.stage]
  const lastPastDaysAgo = spec.closedDaysAgo ?? Math.min(random.int(3, 20), spec.openedDaysAgo - 1)
  const pastDaysAgo = past.map((_, i) => Math.round(spec.openedDaysAgo - ((i + 1) * (spec.openedDaysAgo - lastPastDaysAgo)) / past.length))
  const upcomingDaysAhead = upcoming.map(() => random.int(1, 60)).sort((a, b) => a - b)
  const toRow = (template: EventTemplate, startsAt: Date, isDone: boolean): CaseEventRow => ({
    id: random.uuid(),
    caseId,
    kind: template.kind,
    title: template.title.replace('{forum}', spec.forum),
    details: template.details,
    startsAt,
    location: template.at === 'forum' ? spec.forum : `${community.place.village} village, ${community.place.commune} commune`,
    isDone,
  })
  // 02:00 UTC is 09:00 in Phnom Penh, when hearings and meetings usually start.
  return [
    ...past.map((template, i) => toRow(template, clock.daysAgo(pastDaysAgo[i] ?? 1, 2), true)),
    ...upcoming.map((template, i) => toRow(template, clock.daysAhead(upcomingDaysAhead[i] ?? 1, 2), false)),
  ]
}

/** Disputed parcels first: those are what the case is about. */
function pickParcels(random: Random, parcels: readonly ParcelRow[], community: SeededCommunity): ParcelRow[] {
  const own = parcels.filter((parcel) => parcel.communityId === community.row.id)
  const disputedFirst = [...own.filter((p) => p.titleStatus === 'disputed'), ...own.filter((p) => p.titleStatus !== 'disputed')]
  return disputedFirst.slice(0, random.int(1, 3))
}

function pickIncidents(random: Random, incidents: readonly IncidentRow[], community: SeededCommunity): IncidentRow[] {
  const own = incidents.filter((incident) => incident.communityId === community.row.id && incident.status !== 'dismissed')
  return random.sample(own, random.int(1, 3))
}

type Party = readonly [personId: string, role: PartyRole]

/** Who is who in a case; the community leader is always the client who instructs the lawyer. */
function partiesOf(spec: CaseSpec, people: PeopleRegister, community: SeededCommunity, companyRepresentative: string | undefined): Party[] {
  const leader = people.addLeader(community)
  const member = people.addMember(community, spec.kind === 'court_criminal_defense' ? 'charged representative' : 'complainant')
  const witness = people.addMember(community, 'witness', true)
  const official = people.addOfficial(spec.officialTitle, community)
  const parties: Party[] = [
    [leader, 'client'],
    [witness, 'witness'],
    [official, 'official'],
  ]
  if (spec.kind === 'court_criminal_defense') parties.push([member, 'client'], [member, 'defendant'])
  else parties.push([member, 'plaintiff'])
  if (companyRepresentative) {
    parties.push([companyRepresentative, 'company_representative'])
    if (spec.kind === 'court_civil') parties.push([companyRepresentative, 'defendant'])
  }
  return parties
}

type PeopleRegister = ReturnType<typeof createPeopleRegister>

/** Builds the people table; each add… returns the new person's id. */
function createPeopleRegister(random: Random, firstPhoneNumber: number) {
  const rows: PersonRow[] = []
  let phoneNumber = firstPhoneNumber

  function add(person: PersonName, fields: Omit<PersonRow, 'id' | 'fullName' | 'fullNameKm' | 'gender'>): string {
    const id = random.uuid()
    rows.push({ id, fullName: person.name, fullNameKm: person.nameKm, gender: person.gender, ...fields })
    return id
  }
  const homeAddress = ({ place }: SeededCommunity) =>
    `${place.village} village, ${place.commune} commune, ${place.district} district, ${place.province} (demo)`
  const workEmail = (person: PersonName) => `${person.name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`

  return {
    rows,
    addLeader: (community: SeededCommunity) =>
      add(community.leader, {
        description: `Community leader of ${community.place.name} (demo)`,
        communityId: community.row.id,
        phone: community.leaderPhone,
        address: homeAddress(community),
        isConfidential: false,
      }),
    addMember: (community: SeededCommunity, role: string, isConfidential = false) =>
      add(randomPersonName(random), {
        description: `Community member, ${role} (demo)`,
        communityId: community.row.id,
        phone: fakePhone(phoneNumber++),
        address: homeAddress(community),
        isConfidential,
      }),
    addOfficial: (title: string, community: SeededCommunity) => {
      const person = randomPersonName(random)
      return add(person, {
        description: `${title} (demo)`,
        phone: fakePhone(phoneNumber++),
        email: workEmail(person),
        address: `${community.place.province} provincial town (demo)`,
        isConfidential: false,
      })
    },
    addCompanyRepresentative: (concession: SeededConcession) => {
      const person = randomPersonName(random)
      return add(person, {
        description: `Site manager of ${concession.site.company} (demo)`,
        phone: fakePhone(phoneNumber++),
        email: workEmail(person),
        address: 'Head office, Phnom Penh (demo)',
        isConfidential: false,
      })
    },
    /** A few community members known to the team but not (yet) party to a case. */
    addBystanders: (communities: readonly SeededCommunity[]) => {
      const withLand = communities.filter((c) => c.place.kind === 'land_community' || c.place.kind === 'indigenous_community')
      for (const community of random.sample(withLand, 4)) {
        add(randomPersonName(random), {
          description: 'Community member who documents incidents (demo)',
          communityId: community.row.id,
          phone: fakePhone(phoneNumber++),
          address: homeAddress(community),
          isConfidential: random.chance(0.5),
        })
      }
    },
  }
}
