// One program target: done against the target and against what its pace expects by today, the
// counts by year and by province, and the records that count (a year's or a province's when one
// is chosen), each linking to its community or activity.
import './targets.css'
import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link, useParams, useSearchParams } from 'react-router'
import type { ProgramTarget } from '../../../shared/targets.ts'
import { PaceBar, PaceStatusText } from '../../components/pace-bar.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatDate, formatNumber } from '../../lib/format.ts'
import { currentLanguage } from '../../lib/i18n.ts'
import { localText, provinceName, provincesQuery } from '../../lib/reference-data.ts'
import { fetchTargetRecords, targetQuery, targetsKey, type RecordFilters } from './api.ts'
import { describeRule } from './describe-rule.ts'
import { registerTargetsStrings } from './strings.ts'

registerTargetsStrings()

export function TargetPage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const language = currentLanguage()
  const target = useQuery(targetQuery(id, undefined))
  const label = target.data ? localText(target.data.label, target.data.labelKm, language) : t('targets.admin.title')

  return (
    <div className="page target-page">
      <PageHeader title={label}>
        <p>
          <Link to="/dashboard">← {t('targets.page.back')}</Link>
        </p>
      </PageHeader>
      <ProblemMessage error={target.error} onRetry={() => void target.refetch()} />
      {target.isPending && <p className="muted">{t('common.state.loading')}</p>}
      {target.data && <TargetBody target={target.data} label={label} />}
    </div>
  )
}

function TargetBody({ target, label }: { target: ProgramTarget; label: string }) {
  const { t } = useTranslation()
  const language = currentLanguage()
  const [search, setSearch] = useSearchParams()
  const provinces = useQuery(provincesQuery())
  const year = Number(search.get('year')) || undefined
  const province = search.get('province') || undefined
  const filters: RecordFilters = { year, province }
  const { progress } = target
  const provinceLabel = (name: string) => provinceName(name, provinces.data, language) ?? name

  const choose = (key: 'year' | 'province', value: string | undefined) => {
    const next = new URLSearchParams(search)
    if (value && next.get(key) !== value) next.set(key, value)
    else next.delete(key)
    setSearch(next, { replace: true })
  }
  const doneText = t('targets.page.done', { done: formatNumber(progress.done), target: formatNumber(target.target) })
  const expectedText = progress.expected === null ? undefined : t('targets.page.expected', { expected: formatNumber(progress.expected, 0) })

  return (
    <>
      <section className="card target-summary" aria-label={label}>
        <p className="muted">
          {t('targets.page.plan', { from: target.planStartYear, to: target.planEndYear })} ·{' '}
          {t('targets.page.baseline', { baseline: formatNumber(target.baseline) })} ·{' '}
          {t('targets.page.asOf', { date: formatDate(progress.asOf) })}
        </p>
        <div className="target-summary-figures">
          <strong>{doneText}</strong>
          {expectedText && <span>{expectedText}</span>}
          {progress.status && <PaceStatusText status={progress.status} text={t(`vocab.paceStatus.${progress.status}`)} />}
          <span>{t('targets.page.percent', { percent: formatNumber(progress.percent, 1) })}</span>
        </div>
        <PaceBar
          done={progress.done}
          target={target.target}
          expected={progress.expected}
          status={progress.status}
          label={label}
          valueText={[doneText, expectedText].filter(Boolean).join(' · ')}
        />
        <p className="small">
          <strong>{t('targets.page.rule')}:</strong> {describeRule(target.rule, language, (vocab, value) => t(`vocab.${vocab}.${value}`))}
        </p>
      </section>

      <div className="target-tables">
        <section className="card" aria-labelledby="target-by-year">
          <h2 id="target-by-year">{t('targets.page.byYear')}</h2>
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('targets.page.year')}</th>
                  <th scope="col" className="number">
                    {t('targets.page.counted')}
                  </th>
                  <th scope="col" className="number">
                    {t('targets.page.cumulative')}
                  </th>
                  <th scope="col" className="number">
                    {t('targets.page.expectedColumn')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {progress.byYear.map((row) => (
                  <tr key={row.year}>
                    <th scope="row">
                      <button
                        type="button"
                        className="target-row-button"
                        aria-pressed={year === row.year}
                        onClick={() => choose('year', String(row.year))}
                      >
                        {row.year}
                      </button>
                    </th>
                    <td className="number" data-label={t('targets.page.counted')}>
                      {formatNumber(row.counted)}
                    </td>
                    <td className="number" data-label={t('targets.page.cumulative')}>
                      {formatNumber(row.cumulative)}
                    </td>
                    <td className="number" data-label={t('targets.page.expectedColumn')}>
                      {formatNumber(row.expected, 0)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card" aria-labelledby="target-by-province">
          <h2 id="target-by-province">{t('targets.page.byProvince')}</h2>
          {progress.byProvince.length === 0 ? (
            <p className="empty">{t('targets.page.noneByProvince')}</p>
          ) : (
            <div className="table-wrap">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('targets.page.province')}</th>
                    <th scope="col" className="number">
                      {t('targets.page.counted')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {progress.byProvince.map((row) => (
                    <tr key={row.province}>
                      <th scope="row">
                        <button
                          type="button"
                          className="target-row-button"
                          aria-pressed={province === row.province}
                          onClick={() => choose('province', row.province)}
                        >
                          {provinceLabel(row.province)}
                        </button>
                      </th>
                      <td className="number" data-label={t('targets.page.counted')}>
                        {formatNumber(row.counted)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>

      <TargetRecords
        id={target.id}
        filters={filters}
        filterText={[year ? t('targets.page.showingYear', { year }) : undefined, province ? provinceLabel(province) : undefined]
          .filter(Boolean)
          .join(' · ')}
        onShowAll={() => setSearch(new URLSearchParams(), { replace: true })}
        provinceLabel={provinceLabel}
      />
    </>
  )
}

function TargetRecords({
  id,
  filters,
  filterText,
  onShowAll,
  provinceLabel,
}: {
  id: string
  filters: RecordFilters
  filterText: string
  onShowAll: () => void
  provinceLabel: (name: string) => string
}) {
  const { t } = useTranslation()
  const language = currentLanguage()
  const records = useInfiniteQuery({
    queryKey: [...targetsKey, 'records', id, filters],
    queryFn: ({ pageParam, signal }) => fetchTargetRecords(id, filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  })
  const items = records.data?.pages.flatMap((page) => page.items) ?? []

  return (
    <section className="card" aria-labelledby="target-records">
      <h2 id="target-records">
        {t('targets.page.records')}
        {filterText && <span className="muted"> · {filterText}</span>}
      </h2>
      {filterText && (
        <button type="button" className="button" onClick={onShowAll}>
          {t('targets.page.showAll')}
        </button>
      )}
      <ProblemMessage error={records.error} onRetry={() => void records.refetch()} />
      {records.isPending && <p className="muted">{t('common.state.loading')}</p>}
      {records.data && items.length === 0 && <p className="empty">{t('targets.page.noRecords')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="data-table" data-testid="target-records">
            <thead>
              <tr>
                <th scope="col">{t('targets.page.name')}</th>
                <th scope="col">{t('targets.page.kind')}</th>
                <th scope="col">{t('targets.page.province')}</th>
                <th scope="col">{t('targets.page.year')}</th>
                <th scope="col" className="number">
                  {t('targets.page.adds')}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((record) => (
                <tr key={`${record.kind}:${record.id}`}>
                  <th scope="row">
                    <Link to={record.kind === 'community' ? `/communities/${record.id}` : `/activities/${record.id}`}>
                      {localText(record.name, record.nameKm, language)}
                    </Link>
                  </th>
                  <td data-label={t('targets.page.kind')}>{t(`targets.page.${record.kind}`)}</td>
                  <td data-label={t('targets.page.province')}>{provinceLabel(record.province)}</td>
                  <td data-label={t('targets.page.year')}>{record.year}</td>
                  <td className="number" data-label={t('targets.page.adds')}>
                    {formatNumber(record.adds)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {records.hasNextPage && (
        <button type="button" className="button" disabled={records.isFetchingNextPage} onClick={() => void records.fetchNextPage()}>
          {t('targets.page.loadMore')}
        </button>
      )}
    </section>
  )
}
