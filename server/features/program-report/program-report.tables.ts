// The report's tables, in the reader's language: one definition feeds the HTML, every XLSX sheet
// and every CSV, so the three never disagree. Cells hold numbers as numbers and days as ISO text;
// vocabulary values come with their code (for a funder's template) and their name.
import { ACTIVITY_KINDS, INCIDENT_KINDS, type LanguageCode } from '../../../shared/vocabularies.ts'
import { REPORT_TABLES, type ReportTable } from '../../../shared/program-report.ts'
import type { Participants } from '../../../shared/activities.ts'
import type { Tally } from '../../../shared/stats.ts'
import { vocabMessages } from '../../../shared/vocabulary-labels.ts'
import { placeInKhmer } from '../../lib/place-names.ts'
import { programReportMessages, type ProgramReportMessages } from './program-report.messages.ts'
import type { ProgramReport } from './program-report.service.ts'

export type Cell = string | number | null
/** integer and number are numbers (a number already rounded to what it means); date is 'YYYY-MM-DD' or 'YYYY-MM' text. */
export type ColumnType = 'text' | 'integer' | 'number' | 'date'

export interface ReportColumn {
  key: string
  header: string
  type: ColumnType
}

export interface ReportTableData {
  name: ReportTable
  title: string
  columns: ReportColumn[]
  rows: Cell[][]
}

type ColumnKey = keyof ProgramReportMessages['columns']
type IndicatorKey = keyof ProgramReportMessages['indicators']

/** Every table, in REPORT_TABLES order. */
export function reportTables(report: ProgramReport, lang: LanguageCode): ReportTableData[] {
  return REPORT_TABLES.map((name) => reportTable(report, lang, name))
}

export function reportTable(report: ProgramReport, lang: LanguageCode, name: ReportTable): ReportTableData {
  const words = new Words(report, lang)
  const { columns, rows } = BUILDERS[name](report, words)
  return {
    name,
    title: words.m.tables[name],
    columns: columns.map((column) =>
      Array.isArray(column) ? { key: column[0], header: words.m.columns[column[0]], type: column[1] } : column,
    ),
    rows,
  }
}

/** The reader's language: report words, vocabulary names, provinces and names in Khmer when there is one. */
export class Words {
  readonly m: ProgramReportMessages
  private readonly vocab: Record<string, Record<string, string>>
  constructor(
    private readonly report: ProgramReport,
    readonly lang: LanguageCode,
  ) {
    this.m = programReportMessages[lang] as ProgramReportMessages
    this.vocab = vocabMessages[lang] as Record<string, Record<string, string>>
  }
  term(vocabulary: string, value: string | null): string {
    return value === null ? '' : (this.vocab[vocabulary]?.[value] ?? value)
  }
  province(name: string | null): string {
    if (name === null) return this.m.allProvinces
    return this.lang === 'km' ? placeInKhmer(this.report.placeNamesKm, 1, name) : name
  }
  named(item: { name: string; nameKm: string | null }): string {
    return this.lang === 'km' && item.nameKm ? item.nameKm : item.name
  }
  indicator(key: IndicatorKey, value: Cell): Cell[] {
    return [key, this.m.indicators[key], value]
  }
}

interface Built {
  /** A report column by its key, or a column named otherwise (an incident kind). */
  columns: ([ColumnKey, ColumnType] | ReportColumn)[]
  rows: Cell[][]
}

const INDICATOR_COLUMNS: Built['columns'] = [
  ['code', 'text'],
  ['indicator', 'text'],
  ['value', 'number'],
]

/** Hectares and shares with two decimals; expected figures and percents with one (as the targets give them). */
const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places

const countOf = (tallies: Tally[], key: string) => tallies.find((tally) => tally.key === key)?.count ?? 0

const BUILDERS: Record<ReportTable, (report: ProgramReport, words: Words) => Built> = {
  summary: ({ period, stats }, w) => {
    const participants = stats.activities.participants
    return {
      columns: INDICATOR_COLUMNS,
      rows: [
        w.indicator('period_from', period.from),
        w.indicator('period_to', period.to),
        w.indicator('province', w.province(period.province)),
        w.indicator('activities', stats.activities.total),
        w.indicator('participants', participants.total),
        w.indicator('participants_women', participants.women),
        w.indicator('participants_men', participants.men),
        w.indicator('participants_youth', participants.youth),
        w.indicator('communities', stats.communities.total),
        w.indicator('women_leaders', stats.leadership.womenLeaders),
        w.indicator('incidents', stats.incidents.total),
        w.indicator('households_affected', stats.incidents.householdsAffected),
        w.indicator('people_affected', stats.incidents.peopleAffected),
        w.indicator('cases', stats.cases.total),
        w.indicator('cases_won', countOf(stats.cases.byResult, 'won') + countOf(stats.cases.byResult, 'partly_won')),
        w.indicator('cases_lost', countOf(stats.cases.byResult, 'lost')),
        w.indicator('cases_pending', countOf(stats.cases.byResult, 'pending')),
        w.indicator('secured_ha', round(stats.land.securedHa)),
        w.indicator('disputed_ha', round(stats.land.disputedHa)),
      ],
    }
  },
  targets: ({ targets }, w) => ({
    columns: [
      ['code', 'text'],
      ['target', 'text'],
      ['planPeriod', 'text'],
      ['baseline', 'integer'],
      ['goal', 'integer'],
      ['done', 'integer'],
      ['expected', 'number'],
      ['status', 'text'],
      ['percent', 'number'],
    ],
    rows: targets.map((t) => [
      t.code,
      w.named({ name: t.label, nameKm: t.labelKm }),
      `${t.planStartYear}–${t.planEndYear}`,
      t.baseline,
      t.target,
      t.progress.done,
      t.progress.expected === null ? null : round(t.progress.expected, 1),
      t.progress.status === null ? null : w.term('paceStatus', t.progress.status),
      round(t.progress.percent, 1),
    ]),
  }),
  targets_by_province: ({ targets }, w) => ({
    columns: [
      ['code', 'text'],
      ['target', 'text'],
      ['province', 'text'],
      ['counted', 'integer'],
    ],
    rows: targets.flatMap((t) =>
      t.progress.byProvince.map((row) => [t.code, w.named({ name: t.label, nameKm: t.labelKm }), w.province(row.province), row.counted]),
    ),
  }),
  participants: ({ activities }, w) => {
    const byKind = new Map(ACTIVITY_KINDS.map((kind) => [kind, { activities: 0, ...noParticipants() }]))
    const all = { activities: 0, ...noParticipants() }
    for (const activity of activities) {
      for (const sum of [byKind.get(activity.kind)!, all]) {
        sum.activities += 1
        addParticipants(sum, activity.participants)
      }
    }
    const row = (code: string, label: string, sum: typeof all) => [code, label, sum.activities, sum.women, sum.men, sum.youth, sum.total]
    return {
      columns: [
        ['code', 'text'],
        ['group', 'text'],
        ['activities', 'integer'],
        ['women', 'integer'],
        ['men', 'integer'],
        ['youth', 'integer'],
        ['total', 'integer'],
      ],
      rows: [...[...byKind].map(([kind, sum]) => row(kind, w.term('activityKind', kind), sum)), row('all', w.m.all, all)],
    }
  },
  activities_by_kind: ({ stats }, w) => ({
    columns: [
      ['code', 'text'],
      ['kind', 'text'],
      ['count', 'integer'],
    ],
    rows: stats.activities.byKind.map((tally) => [tally.key, w.term('activityKind', tally.key), tally.count]),
  }),
  activities: ({ activities }, w) => ({
    columns: [
      ['startedOn', 'date'],
      ['endedOn', 'date'],
      ['title', 'text'],
      ['kind', 'text'],
      ['topic', 'text'],
      ['province', 'text'],
      ['communities', 'text'],
      ['women', 'integer'],
      ['men', 'integer'],
      ['youth', 'integer'],
      ['total', 'integer'],
    ],
    rows: activities.map((a) => [
      a.startedOn,
      a.endedOn,
      a.title,
      w.term('activityKind', a.kind),
      w.term('activityTopic', a.topic),
      w.province(a.province),
      a.communities.map((community) => w.named(community)).join('; '),
      a.participants.women,
      a.participants.men,
      a.participants.youth,
      a.participants.total,
    ]),
  }),
  leadership: ({ stats: { leadership } }, w) => ({
    columns: INDICATOR_COLUMNS,
    rows: [
      w.indicator('committee_members', leadership.committeeMembers),
      w.indicator('women_members', leadership.womenMembers),
      w.indicator('leaders', leadership.leaders),
      w.indicator('women_leaders', leadership.womenLeaders),
      w.indicator('women_leaders_percent', leadership.leaders ? round((100 * leadership.womenLeaders) / leadership.leaders, 1) : null),
      w.indicator('communities_led_by_women', leadership.communitiesLedByWomen),
      w.indicator('communities_with_committee', leadership.communitiesWithCommittee),
    ],
  }),
  incidents_by_kind: ({ stats }, w) => ({
    columns: [
      ['code', 'text'],
      ['kind', 'text'],
      ['count', 'integer'],
    ],
    rows: stats.incidents.byKind.map((tally) => [tally.key, w.term('incidentKind', tally.key), tally.count]),
  }),
  incidents_by_month: ({ period, stats }, w) => {
    const counts = new Map(stats.incidents.byMonthKind.map((row) => [`${row.month} ${row.kind}`, row.count]))
    const totals = new Map(stats.incidents.byMonth.map((tally) => [tally.key, tally.count]))
    return {
      columns: [
        ['month', 'date'],
        ['total', 'integer'],
        ...INCIDENT_KINDS.map((kind) => ({ key: kind, header: w.term('incidentKind', kind), type: 'integer' as const })),
      ],
      rows: monthsOf(period.from, period.to).map((month) => [
        month,
        totals.get(month) ?? 0,
        ...INCIDENT_KINDS.map((kind) => counts.get(`${month} ${kind}`) ?? 0),
      ]),
    }
  },
  cases: ({ stats: { cases } }, w) => {
    const rows = (dimension: 'stage' | 'kind' | 'result', vocabulary: string, tallies: Tally[]) =>
      tallies.map((tally) => [
        w.m.dimensions[dimension],
        tally.key,
        tally.key === 'pending' && dimension === 'result' ? w.m.pending : w.term(vocabulary, tally.key),
        tally.count,
      ])
    return {
      columns: [
        ['dimension', 'text'],
        ['code', 'text'],
        ['label', 'text'],
        ['count', 'integer'],
      ],
      rows: [
        ...rows('stage', 'caseStage', cases.byStage),
        ...rows('kind', 'caseKind', cases.byKind),
        ...rows('result', 'caseResult', cases.byResult),
      ],
    }
  },
  land: ({ stats: { land } }, w) => ({
    columns: INDICATOR_COLUMNS,
    rows: [
      w.indicator('disputed_ha', round(land.disputedHa)),
      w.indicator('disputed_parcels', land.disputedParcels),
      w.indicator('secured_ha', round(land.securedHa)),
      w.indicator('secured_parcels', land.securedParcels),
      w.indicator('community_land_ha', round(land.communityLandHa)),
      w.indicator('concession_overlap_ha', round(land.concessionOverlapHa)),
    ],
  }),
}

const noParticipants = (): Participants => ({ women: 0, men: 0, youth: 0, total: 0 })

function addParticipants(sum: Participants, more: Participants) {
  sum.women += more.women
  sum.men += more.men
  sum.youth += more.youth
  sum.total += more.total
}

/** Every 'YYYY-MM' from the month of `from` to the month of `to`, zeros included (a chart with gaps misleads). */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = []
  let year = Number(from.slice(0, 4))
  let month = Number(from.slice(5, 7))
  const last = to.slice(0, 7)
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`
    if (key > last) return months
    months.push(key)
    month = month === 12 ? 1 : month + 1
    if (month === 1) year += 1
  }
}
