// The advocacy dashboard: incidents by month, kind and province, land and households affected,
// the year's program targets with their pace, funders' indicators, and the yearly report to
// download, for a period and a province chosen in the URL (shareable).
import './dashboard.css'
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import type { Stats } from '../../../shared/stats.ts'
import { APP_TIME_ZONE } from '../../../shared/time.ts'
import { useCan } from '../../lib/session.ts'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatDate, formatHectares, formatNumber, textOrder } from '../../lib/format.ts'
import { currentLanguage } from '../../lib/i18n.ts'
import { provinceName, provincesQuery } from '../../lib/reference-data.ts'
import { statsQuery, type StatsFilters } from './api.ts'
import { BarChartCard } from './bar-chart-card.tsx'
import { monthLabel, monthSeries, percentOf, tallySeries } from './chart-data.ts'
import { FundersIndicators } from './funders-indicators.tsx'
import { registerDashboardStrings } from './strings.ts'
import { TargetPace } from './target-pace.tsx'
import { reportYears, YearlyReport } from './yearly-report.tsx'

registerDashboardStrings()

const DATE = /^\d{4}-\d{2}-\d{2}$/
const YEARS_OFFERED = 10

/** This year in Cambodia (the year a report is written for). */
export function currentYear(now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: APP_TIME_ZONE, year: 'numeric' }).format(now))
}

/** The year a from/to pair covers exactly (1 January to 31 December), if it does. */
export function yearOfRange(from: string | undefined, to: string | undefined): string | undefined {
  if (!from || !to) return undefined
  const year = from.slice(0, 4)
  return from === `${year}-01-01` && to === `${year}-12-31` ? year : undefined
}

export function DashboardPage() {
  const { t } = useTranslation()
  const can = useCan()
  const language = currentLanguage()
  const [search, setSearch] = useSearchParams()
  const from = DATE.test(search.get('from') ?? '') ? search.get('from')! : undefined
  const to = DATE.test(search.get('to') ?? '') ? search.get('to')! : undefined
  const province = search.get('province') || undefined
  const isRangeInvalid = Boolean(from && to && from > to)
  const filters: StatsFilters = isRangeInvalid ? { province } : { from, to, province }

  const stats = useQuery(statsQuery(filters))
  const provinces = useQuery(provincesQuery())

  const setParams = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(search)
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value)
      else next.delete(key)
    }
    setSearch(next, { replace: true })
  }
  const selectedYear = yearOfRange(from, to)
  const thisYear = currentYear()
  const years = Array.from({ length: YEARS_OFFERED }, (_, index) => String(thisYear - index))
  if (selectedYear && !years.includes(selectedYear)) years.push(selectedYear)

  const provinceLabel = (name: string, short = false) => provinceName(name, provinces.data, language, short) ?? name
  const periodText = periodSummary(t, from, to, province ? provinceLabel(province) : undefined)

  return (
    <div className="page dashboard">
      <PageHeader title={t('dashboard.title')}>
        <p className="muted dashboard-period" aria-live="polite">
          {periodText}
        </p>
      </PageHeader>

      <form
        className="card filters dashboard-filters"
        role="search"
        aria-label={t('common.list.filters')}
        onSubmit={(event) => event.preventDefault()}
      >
        <Field label={t('dashboard.filter.year')}>
          <select
            value={selectedYear ?? ''}
            onChange={(event) => {
              const year = event.target.value
              setParams(year ? { from: `${year}-01-01`, to: `${year}-12-31` } : { from: undefined, to: undefined })
            }}
          >
            <option value="">{selectedYear || (!from && !to) ? t('dashboard.filter.anyYear') : '—'}</option>
            {years.map((year) => (
              <option key={year} value={year}>
                {year}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('dashboard.filter.from')} error={isRangeInvalid ? t('dashboard.filter.rangeInvalid') : undefined}>
          <input
            type="date"
            value={from ?? ''}
            min="1990-01-01"
            max="2100-12-31"
            onChange={(event) => setParams({ from: event.target.value || undefined })}
          />
        </Field>
        <Field label={t('dashboard.filter.to')}>
          <input
            type="date"
            value={to ?? ''}
            min="1990-01-01"
            max="2100-12-31"
            onChange={(event) => setParams({ to: event.target.value || undefined })}
          />
        </Field>
        <Field label={t('dashboard.filter.province')}>
          <select value={province ?? ''} onChange={(event) => setParams({ province: event.target.value || undefined })}>
            <option value="">{t('dashboard.filter.anyProvince')}</option>
            {province && !provinces.data?.some((area) => area.name === province) && <option value={province}>{province}</option>}
            {[...(provinces.data ?? [])]
              .sort((a, b) => textOrder(language)(provinceLabel(a.name), provinceLabel(b.name)))
              .map((area) => (
                <option key={area.id} value={area.name}>
                  {provinceLabel(area.name)}
                </option>
              ))}
          </select>
        </Field>
        <div className="filters-actions">
          <button
            type="button"
            className="button"
            disabled={!from && !to && !province}
            onClick={() => setSearch(new URLSearchParams(), { replace: true })}
          >
            {t('dashboard.filter.clear')}
          </button>
        </div>
      </form>

      {stats.error && <ProblemMessage error={stats.error} onRetry={() => void stats.refetch()} />}
      {stats.isPending && !stats.error && (
        <p className="page-loading" role="status">
          <span className="spinner" aria-hidden="true" />
          <span className="visually-hidden">{t('dashboard.loading')}</span>
        </p>
      )}
      {stats.data && (
        <div className={stats.isPlaceholderData ? 'dashboard-body is-updating' : 'dashboard-body'} aria-busy={stats.isFetching}>
          <Tiles stats={stats.data} />
          <div className="chart-grid">
            <BarChartCard
              testId="chart-by-month"
              className="chart-wide"
              title={t('dashboard.chart.byMonth')}
              dimension={t('dashboard.chart.month')}
              colour="#15803d"
              series={monthSeries(stats.data.incidents.byMonth, (key) => monthLabel(key, t('dashboard.months').split(',')), { from, to })}
            />
            <BarChartCard
              testId="chart-by-kind"
              title={t('dashboard.chart.byKind')}
              dimension={t('dashboard.chart.kind')}
              colour="#b45309"
              isHorizontal
              series={tallySeries(stats.data.incidents.byKind, (kind) => t(`vocab.incidentKind.${kind}`))}
            />
            <BarChartCard
              testId="chart-by-province"
              title={t('dashboard.chart.byProvince')}
              dimension={t('dashboard.chart.province')}
              colour="#1d4ed8"
              isHorizontal
              series={tallySeries(stats.data.incidents.byProvince, (name) => provinceLabel(name, true))}
            />
          </div>
          {stats.data.targets && <TargetPace targets={stats.data.targets} year={stats.data.period.targetYear} />}
          <FundersIndicators stats={stats.data} />
          {can('program_report.read') && (
            <YearlyReport
              years={reportYears(thisYear, stats.data.targets)}
              defaultYear={selectedYear ? Number(selectedYear) : thisYear}
              provinces={provincesKnown(stats.data, province).map((name) => ({ name, label: provinceLabel(name) }))}
              defaultProvince={province}
            />
          )}
        </div>
      )}
    </div>
  )
}

/** The provinces the figures mention (and the one chosen), in name order. */
function provincesKnown(stats: Stats, chosen: string | undefined): string[] {
  const names = new Set([...stats.incidents.byProvince, ...stats.communities.byProvince].map((tally) => tally.key))
  if (chosen) names.add(chosen)
  return [...names].sort()
}

function periodSummary(
  t: (key: string, options?: Record<string, unknown>) => string,
  from: string | undefined,
  to: string | undefined,
  province: string | undefined,
) {
  const period =
    from && to
      ? t('dashboard.period.range', { from: formatDate(from), to: formatDate(to) })
      : from
        ? t('dashboard.period.since', { from: formatDate(from) })
        : to
          ? t('dashboard.period.until', { to: formatDate(to) })
          : t('dashboard.period.allTime')
  return `${period} · ${province ?? t('dashboard.period.allProvinces')}`
}

function Tiles({ stats }: { stats: Stats }) {
  const { t } = useTranslation()
  const { incidents, land, cases, communities } = stats
  const overlapShare = percentOf(land.concessionOverlapHa, land.communityLandHa)
  return (
    <ul className="tiles" aria-label={t('dashboard.title')}>
      <Tile label={t('dashboard.tile.incidents')} value={formatNumber(incidents.total)} />
      <Tile
        label={t('dashboard.tile.households')}
        value={formatNumber(incidents.householdsAffected)}
        note={t('dashboard.tile.notDismissed')}
      />
      <Tile label={t('dashboard.tile.people')} value={formatNumber(incidents.peopleAffected)} note={t('dashboard.tile.notDismissed')} />
      <Tile label={t('dashboard.tile.cases')} value={formatNumber(cases.total)} />
      <Tile label={t('dashboard.tile.communities')} value={formatNumber(communities.total)} tone="green" />
      <Tile
        label={t('dashboard.tile.communityLandHa')}
        value={formatHectares(land.communityLandHa)}
        unit={t('dashboard.tile.hectares')}
        tone="green"
      />
      <Tile
        label={t('dashboard.tile.overlapHa')}
        value={formatHectares(land.concessionOverlapHa)}
        unit={t('dashboard.tile.hectares')}
        note={overlapShare === undefined ? undefined : t('dashboard.tile.overlapShare', { percent: formatNumber(overlapShare, 1) })}
        tone="amber"
      />
      <Tile
        label={t('dashboard.tile.disputedHa')}
        value={formatHectares(land.disputedHa)}
        unit={t('dashboard.tile.hectares')}
        note={t('dashboard.tile.disputedParcels', { parcels: formatNumber(land.disputedParcels) })}
        tone="red"
      />
    </ul>
  )
}

function Tile({
  label,
  value,
  unit,
  note,
  tone,
}: {
  label: string
  value: string
  unit?: string
  note?: string | undefined
  tone?: 'red' | 'green' | 'amber'
}) {
  return (
    <li className={tone ? `tile tile-${tone}` : 'tile'}>
      <span className="tile-label">{label}</span>
      <span className="tile-value">
        {value}
        {unit && <span className="tile-unit"> {unit}</span>}
      </span>
      {note && <span className="tile-note">{note}</span>}
    </li>
  )
}
