// The program targets of the year with their pace: done against the target and against what the
// pace expects by today, with a link to each target's counts and records.
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { ProgramTarget } from '../../../shared/targets.ts'
import { PaceBar, PaceStatusText } from '../../components/pace-bar.tsx'
import { formatNumber } from '../../lib/format.ts'
import { currentLanguage } from '../../lib/i18n.ts'
import { localText } from '../../lib/reference-data.ts'

export function TargetPace({ targets, year }: { targets: ProgramTarget[]; year: number }) {
  const { t } = useTranslation()
  return (
    <section className="card targets" aria-labelledby="targets-title">
      <h2 id="targets-title">
        {t('dashboardProgram.targets.title')} {year}
      </h2>
      {targets.length === 0 ? (
        <p className="empty">{t('dashboardProgram.targets.none', { year })}</p>
      ) : (
        <ul className="target-list">
          {targets.map((target) => (
            <li key={target.id}>
              <TargetCard target={target} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function TargetCard({ target }: { target: ProgramTarget }) {
  const { t } = useTranslation()
  const label = localText(target.label, target.labelKm, currentLanguage())
  const { progress } = target
  const headingId = `target-${target.id}`
  const doneText = t('dashboardProgram.targets.done', { done: formatNumber(progress.done), target: formatNumber(target.target) })
  const expectedText =
    progress.expected === null ? undefined : t('dashboardProgram.targets.expected', { expected: formatNumber(progress.expected, 0) })
  return (
    <section className="target" aria-labelledby={headingId} data-testid="target-card">
      <div className="target-head">
        <h3 className="target-label" id={headingId}>
          {label}
        </h3>
        {progress.status && <PaceStatusText status={progress.status} text={t(`vocab.paceStatus.${progress.status}`)} />}
      </div>
      <p className="target-figures">
        <strong>{doneText}</strong>
        {' · '}
        {expectedText ?? t('dashboardProgram.targets.noPace')}
        {' · '}
        {t('dashboardProgram.targets.percent', { percent: formatNumber(progress.percent, 1) })}
      </p>
      <PaceBar
        done={progress.done}
        target={target.target}
        expected={progress.expected}
        status={progress.status}
        label={label}
        valueText={[doneText, expectedText].filter(Boolean).join(' · ')}
        testId="target-progress"
      />
      <p className="target-more small">
        {t('dashboardProgram.targets.plan', { from: target.planStartYear, to: target.planEndYear })} ·{' '}
        <Link to={`/targets/${target.id}`}>{t('dashboardProgram.targets.details')}</Link>
      </p>
    </section>
  )
}
