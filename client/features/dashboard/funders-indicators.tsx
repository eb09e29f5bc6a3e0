// The figures funders ask for, for the dashboard's period and province: participants by sex and
// age, women in leadership, land secured and at risk, cases by result, incidents by kind over time
// and activities by kind. Tables and short lists, readable on a 360 px phone.
import { useTranslation } from 'react-i18next'
import type { Stats, Tally } from '../../../shared/stats.ts'
import { formatHectares, formatNumber } from '../../lib/format.ts'
import { monthLabel, percentOf } from './chart-data.ts'

type Figure = { label: string; value: string; note?: string | undefined }

function FigureList({ figures, testId }: { figures: Figure[]; testId: string }) {
  return (
    <dl className="figure-list" data-testid={testId}>
      {figures.map((figure) => (
        <div key={figure.label}>
          <dt>{figure.label}</dt>
          <dd>
            <strong>{figure.value}</strong>
            {figure.note && <span className="small muted"> {figure.note}</span>}
          </dd>
        </div>
      ))}
    </dl>
  )
}

function TallyTable({
  caption,
  column,
  tallies,
  label,
  testId,
}: {
  caption: string
  column: string
  tallies: Tally[]
  label: (key: string) => string
  testId: string
}) {
  const { t } = useTranslation()
  return (
    <table className="figures-table" data-testid={testId}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{column}</th>
          <th scope="col" className="number">
            {t('dashboardProgram.indicators.number')}
          </th>
        </tr>
      </thead>
      <tbody>
        {tallies.map((tally) => (
          <tr key={tally.key}>
            <th scope="row">{label(tally.key)}</th>
            <td className="number">{formatNumber(tally.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function FundersIndicators({ stats }: { stats: Stats }) {
  const { t } = useTranslation()
  const { participants } = stats.activities
  const { leadership, land, incidents } = stats
  const share = (part: number, whole: number) => {
    const percent = percentOf(part, whole)
    return percent === undefined ? undefined : t('dashboardProgram.indicators.share', { percent: formatNumber(percent, 1) })
  }
  const ofValue = (part: number, whole: number) =>
    t('dashboardProgram.indicators.ofValue', { part: formatNumber(part), whole: formatNumber(whole) })
  const hectares = (value: number) => `${formatHectares(value)} ${t('dashboardProgram.indicators.hectares')}`
  const months = t('dashboard.months').split(',')

  return (
    <section className="card indicators" aria-labelledby="indicators-title">
      <h2 id="indicators-title">{t('dashboardProgram.indicators.title')}</h2>
      <div className="indicator-grid">
        <section aria-labelledby="indicators-participants">
          <h3 id="indicators-participants">{t('dashboardProgram.indicators.participants')}</h3>
          <FigureList
            testId="indicators-participants"
            figures={[
              { label: t('dashboardProgram.indicators.women'), value: formatNumber(participants.women) },
              { label: t('dashboardProgram.indicators.men'), value: formatNumber(participants.men) },
              { label: t('dashboardProgram.indicators.youth'), value: formatNumber(participants.youth) },
              { label: t('dashboardProgram.indicators.total'), value: formatNumber(participants.total) },
              { label: t('dashboardProgram.indicators.activities'), value: formatNumber(stats.activities.total) },
            ]}
          />
        </section>
        <section aria-labelledby="indicators-leadership">
          <h3 id="indicators-leadership">{t('dashboardProgram.indicators.leadership')}</h3>
          <FigureList
            testId="indicators-leadership"
            figures={[
              {
                label: t('dashboardProgram.indicators.womenLeaders'),
                value: ofValue(leadership.womenLeaders, leadership.leaders),
                note: share(leadership.womenLeaders, leadership.leaders),
              },
              {
                label: t('dashboardProgram.indicators.womenMembers'),
                value: share(leadership.womenMembers, leadership.committeeMembers) ?? '—',
                note: ofValue(leadership.womenMembers, leadership.committeeMembers),
              },
              {
                label: t('dashboardProgram.indicators.ledByWomen'),
                value: ofValue(leadership.communitiesLedByWomen, leadership.communitiesWithCommittee),
              },
            ]}
          />
        </section>
        <section aria-labelledby="indicators-land">
          <h3 id="indicators-land">{t('dashboardProgram.indicators.land')}</h3>
          <FigureList
            testId="indicators-land"
            figures={[
              {
                label: t('dashboardProgram.indicators.securedHa'),
                value: hectares(land.securedHa),
                note: t('dashboardProgram.indicators.securedParcels', { parcels: formatNumber(land.securedParcels) }),
              },
              { label: t('dashboardProgram.indicators.disputedHa'), value: hectares(land.disputedHa) },
              { label: t('dashboardProgram.indicators.atRiskHa'), value: hectares(land.concessionOverlapHa) },
              { label: t('dashboardProgram.indicators.households'), value: formatNumber(incidents.householdsAffected) },
            ]}
          />
        </section>
        <section aria-labelledby="indicators-cases">
          <h3 id="indicators-cases">{t('dashboardProgram.indicators.cases')}</h3>
          <TallyTable
            testId="indicators-cases"
            caption={t('dashboardProgram.indicators.cases')}
            column={t('dashboardProgram.indicators.result')}
            tallies={stats.cases.byResult}
            label={(key) => (key === 'pending' ? t('dashboardProgram.indicators.pending') : t(`vocab.caseResult.${key}`))}
          />
        </section>
        <section aria-labelledby="indicators-activities">
          <h3 id="indicators-activities">{t('dashboardProgram.indicators.activitiesByKind')}</h3>
          <TallyTable
            testId="indicators-activities"
            caption={t('dashboardProgram.indicators.activitiesByKind')}
            column={t('dashboardProgram.indicators.kind')}
            tallies={stats.activities.byKind}
            label={(key) => t(`vocab.activityKind.${key}`)}
          />
        </section>
        <section aria-labelledby="indicators-incidents" className="indicator-wide">
          <h3 id="indicators-incidents">{t('dashboardProgram.indicators.incidentsOverTime')}</h3>
          {incidents.byMonthKind.length === 0 ? (
            <p className="empty">{t('dashboard.chart.empty')}</p>
          ) : (
            <div className="indicator-scroll">
              <table className="figures-table" data-testid="indicators-incidents">
                <thead>
                  <tr>
                    <th scope="col">{t('dashboardProgram.indicators.month')}</th>
                    <th scope="col">{t('dashboardProgram.indicators.kind')}</th>
                    <th scope="col" className="number">
                      {t('dashboardProgram.indicators.incidents')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {incidents.byMonthKind.map((row, index) => {
                    const isFirstOfMonth = index === 0 || incidents.byMonthKind[index - 1]!.month !== row.month
                    return (
                      <tr key={`${row.month}:${row.kind}`} className={isFirstOfMonth ? 'is-month-start' : undefined}>
                        <td>{isFirstOfMonth ? monthLabel(row.month, months) : ''}</td>
                        <td>{t(`vocab.incidentKind.${row.kind}`)}</td>
                        <td className="number">{formatNumber(row.count)}</td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </section>
  )
}
