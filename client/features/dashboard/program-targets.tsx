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
            const isReached = target.achieved >= target.target
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
                  className={isReached ? 'progress target-progress is-done' : 'progress target-progress'}
                  data-testid="target-progress"
                  role="progressbar"
                  aria-labelledby={`target-${target.id}`}
                  aria-valuemin={0}
                  aria-valuemax={target.target}
                  aria-valuenow={target.achieved}
                  aria-valuetext={`${t('dashboard.targets.progress', { achieved: formatNumber(target.achieved), target: formatNumber(target.target) })} (${t('dashboard.targets.percent', { percent: formatNumber(target.percent, 1) })})`}
                >
                  <span style={{ width: `${Math.min(100, target.percent)}%` }} />
                </div>
                {isReached && <span className="badge badge-green target-badge">✓ {t('dashboard.targets.reached')}</span>}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
