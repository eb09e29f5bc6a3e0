// Reports from people without an account, waiting in the moderation queue: one open public
// report link, and a few reports from it, the Telegram bot and SMS, in Khmer and English. One of
// them tells of a demo incident again (same kind, a few hundred metres and a day away), so the
// queue suggests merging it. Senders are invented; their phone numbers are in the demo range no
// subscriber has (+855 00 …), their Telegram ids are made up.
import { RECEIPT_ALPHABET } from '../../shared/intake.ts'
import type { IncidentKind } from '../../shared/vocabularies.ts'
import type { DemoClock } from './demo-clock.ts'
import type { SeededCommunity } from './demo-communities.ts'
import type { IncidentRow, IntakeLinkRow, IntakeReportRow } from './demo-data.ts'
import { fakePhone, randomPersonName } from './demo-names.ts'
import { offsetByMetres, toPoint, type LonLat } from './geometry.ts'
import type { Random } from './random.ts'
import { DEMO_NOTE } from './words.ts'

const DAY_MS = 86_400_000

/** Kinds the first report's text (posts and a fence on the community's land) can tell of. */
const FENCE_KINDS: ReadonlySet<IncidentKind> = new Set(['encroachment', 'land_grabbing', 'fencing'])

export interface DemoIntake {
  intakeLinks: IntakeLinkRow[]
  intakeReports: IntakeReportRow[]
}

export function generateIntake(
  random: Random,
  clock: DemoClock,
  communities: readonly SeededCommunity[],
  incidents: readonly IncidentRow[],
): DemoIntake {
  const retold = chooseRetoldIncident(clock, incidents)
  if (!retold) return { intakeLinks: [], intakeReports: [] }
  const home = communities.find((community) => community.row.id === retold.communityId)!
  const elsewhere = communities.find((community) => community !== home && community.place.kind !== 'provincial_network') ?? home

  const link: IntakeLinkRow = {
    id: random.uuid(),
    slug: code(random, 12).toLowerCase(),
    title: `Report to Dey: ${home.row.name}`,
    titleKm: `រាយការណ៍មក Dey៖ ${home.row.nameKm ?? home.row.name}`,
    communityId: home.row.id,
    hourlyLimit: 60,
    createdAt: clock.daysAgo(30, 2),
    updatedAt: clock.daysAgo(30, 2),
  }

  const retoldAt = new Date(retold.occurredAt.getTime() + DAY_MS)
  const [lon, lat] = retold.location.coordinates as LonLat
  const receipt = () => `${code(random, 4)}-${code(random, 4)}`
  const webSender = randomPersonName(random)
  const otherWebSender = randomPersonName(random)
  const telegramSender = randomPersonName(random)

  const reports: IntakeReportRow[] = [
    {
      id: random.uuid(),
      receiptCode: receipt(),
      source: 'web',
      linkId: link.id,
      communityId: home.row.id,
      kind: retold.kind,
      description: `${DEMO_NOTE} មានមនុស្សមិនស្គាល់មុខចូលមកក្នុងដីសហគមន៍ម្ដងទៀត ហើយបានបោះបង្គោល និងព័ទ្ធរបងលួស។ អ្នកភូមិខ្លាចណាស់ ហើយមិនហ៊ានទៅស្រែទេ។`,
      occurredAt: retoldAt,
      occurredPrecision: 'day',
      location: toPoint(offsetByMetres([lon, lat], random.int(150, 400), random.int(-300, 300))),
      language: 'km',
      senderName: webSender.nameKm,
      phone: fakePhone(91).replace(/ /g, ''),
      mayContact: true,
      createdAt: new Date(retoldAt.getTime() + 3 * 60 * 60 * 1000),
    },
    {
      id: random.uuid(),
      receiptCode: receipt(),
      source: 'web',
      linkId: link.id,
      communityId: home.row.id,
      kind: 'eviction_threat',
      description: `${DEMO_NOTE} The commune chief told the families near the stream that they must leave before the end of the month. Nobody gave them a letter.`,
      occurredAt: clock.daysAgo(4),
      occurredPrecision: 'day',
      location: null,
      language: 'en',
      senderName: otherWebSender.name,
      mayContact: false,
      createdAt: clock.daysAgo(2, 8),
    },
    {
      id: random.uuid(),
      receiptCode: receipt(),
      source: 'telegram',
      communityId: elsewhere.row.id,
      kind: 'intimidation',
      description: `${DEMO_NOTE} Two men on a motorbike came to our community leader's house at night and told him to stop complaining about the land.`,
      occurredAt: clock.daysAgo(2, 13),
      occurredPrecision: 'day',
      location: toPoint(offsetByMetres([elsewhere.place.lon, elsewhere.place.lat], random.int(-800, 800), random.int(-800, 800))),
      language: 'en',
      senderName: telegramSender.name,
      telegramUserId: 100_000_091,
      telegramUsername: 'dey_demo_sender',
      telegramChatId: 100_000_091,
      mayContact: true,
      createdAt: clock.daysAgo(1, 3),
    },
    {
      id: random.uuid(),
      receiptCode: receipt(),
      source: 'sms',
      communityId: elsewhere.row.id,
      kind: 'crop_destruction',
      description: `${DEMO_NOTE} ក្រុមហ៊ុនបាញ់ថ្នាំសម្លាប់ស្មៅលើចម្ការដំឡូងមីរបស់ភូមិយើង ខូចខាតប្រហែល ៣ ហិកតា។`,
      occurredAt: null,
      occurredPrecision: null,
      location: null,
      language: 'km',
      phone: fakePhone(92).replace(/ /g, ''),
      mayContact: false,
      createdAt: clock.daysAgo(1, 6),
    },
  ]
  return { intakeLinks: [link], intakeReports: reports.map((report) => ({ status: 'new', ...report })) }
}

/**
 * The incident the first report tells of again: the latest live, not confidential one of a kind
 * its text fits, at least three days old (the report came a day later, and before today).
 */
function chooseRetoldIncident(clock: DemoClock, incidents: readonly IncidentRow[]): IncidentRow | undefined {
  const latest = clock.daysAgo(3).getTime()
  const fits = incidents.filter(
    (incident) =>
      incident.communityId != null &&
      !incident.isConfidential &&
      incident.status !== 'dismissed' &&
      incident.occurredAt.getTime() <= latest,
  )
  const newestFirst = (list: IncidentRow[]) => [...list].sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime())
  return newestFirst(fits.filter((incident) => FENCE_KINDS.has(incident.kind)))[0] ?? newestFirst(fits)[0]
}

function code(random: Random, length: number): string {
  return Array.from({ length }, () => random.pick([...RECEIPT_ALPHABET])).join('')
}
