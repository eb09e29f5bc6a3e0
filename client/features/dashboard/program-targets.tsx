// The year's program targets with progress bars; only for roles holding targets.read.
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { ProgramTarget } from '../../../shared/targets.ts'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatNumber } from '../../lib/format.ts'
import { currentLanguage } from '../../lib/i18n.ts'
import { targetsQuery } from './api.ts'

/** The target's name in the reader's language: its own label, else the indicator's. */
export function targetLabel(
  target: Pick<ProgramTarget, 'indicator' | 'label' | 'labelKm'>,
  language: 'en' | 'km',
  t: (key: string) => string,
): string {
  if (language === 'km') return target.labelKm ?? t(`vocab.targetIndicator.${target.indicator}`)
  return target.label || t(`vocab.targetIndicator.${target.indicator}`)
}

export type Pace = 'reached' | 'onPace' | 'behind'

/** Behind when short of what the time gone by asks for by more than this share of it. */
const BEHIND_MARGIN = 0.1

/**
 * How far along a year's target should be by `today` (the share of the year gone by: all of a
 * past year, none of a coming one) and whether it is: a bar at 1.7 % in December is behind, not
 * green.
 */
export function paceOf(
  figures: { achieved: number; target: number },
  year: number,
  today: Date,
): { expectedPercent: number; status: Pace } {
  const start = new Date(year, 0, 1).getTime()
  const end = new Date(year + 1, 0, 1).getTime()
  const share = Math.min(1, Math.max(0, (today.getTime() - start) / (end - start)))
  const expectedPercent = Math.round(share * 1000) / 10
  const donePercent = figures.target > 0 ? (figures.achieved / figures.target) * 100 : 100
  const status: Pace =
    figures.achieved >= figures.target ? 'reached' : donePercent < expectedPercent * (1 - BEHIND_MARGIN) ? 'behind' : 'onPace'
  return { expectedPercent, status }
}

export function ProgramTargets({ year }: { year: number }) {
  const { t } = useTranslation()
  const language = currentLanguage()
  const targets = useQuery(targetsQuery(year))
  return (
    <section className="card targets" aria-labelledby="targets-title">
      <h2 id="targets-title">{t('dashboard.targets.title', { year })}</h2>
      {targets.error && <ProblemMessage error={targets.error} onRetry={() => void targets.refetch()} />}
      {targets.isPending && (
        <p className="muted" role="status">
          {t('common.state.loading')}
        </p>
      )}
      {targets.data && targets.data.items.length === 0 && <p className="empty">{t('dashboard.targets.none', { year })}</p>}
      {targets.data && targets.data.items.length > 0 && (
        <ul className="target-list">
          {targets.data.items.map((target) => {
            const label = targetLabel(target, language, t)
            const pace = paceOf(target, year, new Date())
            const isReached = pace.status === 'reached'
            return (
              <li key={target.id} className="target">
                <div className="target-head">
                  <span className="target-label" id={`target-${target.id}`}>
                    {label}
                  </span>
                  <span className="target-figures">
                    {t('dashboard.targets.progress', { achieved: formatNumber(target.achieved), target: formatNumber(target.target) })}
                    {' · '}
                    <strong>{t('dashboard.targets.percent', { percent: formatNumber(target.percent, 1) })}</strong>
                  </span>
                </div>
                <div
                  className={`progress target-progress is-${pace.status}`}
                  data-testid="target-progress"
                  role="progressbar"
                  aria-labelledby={`target-${target.id}`}
                  aria-valuemin={0}
                  aria-valuemax={target.target}
                  aria-valuenow={target.achieved}
                  aria-valuetext={`${t('dashboard.targets.progress', { achieved: formatNumber(target.achieved), target: formatNumber(target.target) })} (${t('dashboard.targets.percent', { percent: formatNumber(target.percent, 1) })})`}
                >
                  <span style={{ width: `${Math.min(100, target.percent)}%` }} />
                  {!isReached && pace.expectedPercent > 0 && pace.expectedPercent < 100 && (
                    <i className="target-expected" style={{ left: `${pace.expectedPercent}%` }} aria-hidden="true" />
                  )}
                </div>
                {isReached ? (
                  <span className="badge badge-green target-badge">✓ {t('dashboard.targets.reached')}</span>
                ) : (
                  <p className={`target-pace is-${pace.status}`} data-testid="target-pace">
                    {t(`dashboard.targets.${pace.status}`, { percent: formatNumber(pace.expectedPercent, 0) })}
                  </p>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
