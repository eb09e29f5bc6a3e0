// Steps 4 and 5: the dry run (every feature written, then rolled back) and the commit, both run by
// the server in the background while the page polls the job; their counts, the refused features
// with the reason, the per-feature report as CSV; after the commit, the records on the map and,
// for an admin, undo.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { ImportJob } from '../../../shared/import-jobs.ts'
import { ConfirmDelete } from '../../components/confirm-delete.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatNumber } from '../../lib/format.ts'
import { useCan } from '../../lib/session.ts'
import { ITEMS_PAGE_SIZE, isRunning, refusedItemsQuery, reportCsvUrl, useStartImport, useUndoImport, type ImportRun } from './api.ts'

export function DryRunStep({ job, onChangeMapping, onNext }: { job: ImportJob; onChangeMapping: () => void; onNext: () => void }) {
  const { t } = useTranslation()
  const start = useStartImport(job.id)
  const isDone = job.status === 'dry_run_done'
  const isEditable = job.status === 'uploaded' || job.status === 'dry_run_done' || job.status === 'failed'
  return (
    <section className="card import-step" aria-labelledby="import-dry-run-heading">
      <h2 id="import-dry-run-heading">{t('imports.run.dryRunHeading')}</h2>
      <p className="muted">{t('imports.run.dryRunIntro')}</p>
      {job.status === 'dry_run_running' && <Progress job={job} />}
      {job.status === 'failed' && job.error && (
        <div className="alert alert-error" role="alert">
          <p>{t('imports.run.failed', { error: job.error })}</p>
        </div>
      )}
      {isDone && (
        <>
          <Counts job={job} run="dry_run" />
          <RefusedItems job={job} run="dry_run" />
          {job.refused > 0 && !job.options?.repair && <p className="field-hint">{t('imports.run.repairHint')}</p>}
        </>
      )}
      <ProblemMessage error={start.error} />
      <div className="button-row">
        {isDone ? (
          <button type="button" className="button button-primary" onClick={onNext}>
            {t('imports.run.next')}
          </button>
        ) : (
          !isRunning(job) && (
            <button type="button" className="button button-primary" onClick={() => start.mutate('dry_run')} disabled={start.isPending}>
              {t('imports.run.startDryRun')}
            </button>
          )
        )}
        {isEditable && (
          <button type="button" className="button" onClick={onChangeMapping}>
            {t('imports.run.changeMapping')}
          </button>
        )}
        {isDone && (
          <button type="button" className="button" onClick={() => start.mutate('dry_run')} disabled={start.isPending}>
            {t('imports.run.dryRunAgain')}
          </button>
        )}
      </div>
    </section>
  )
}

export function CommitStep({ job, mapLink }: { job: ImportJob; mapLink: string | undefined }) {
  const { t } = useTranslation()
  const can = useCan()
  const start = useStartImport(job.id)
  const undo = useUndoImport(job.id)
  const queryClient = useQueryClient()
  // Once the records are written, every list and map fetches again.
  const wasRunning = useRef(isRunning(job))
  useEffect(() => {
    if (wasRunning.current && job.status === 'committed') {
      void queryClient.invalidateQueries({ predicate: (query) => !['imports', 'auth', 'reference'].includes(String(query.queryKey[0])) })
    }
    wasRunning.current = isRunning(job)
  }, [job, queryClient])

  return (
    <section className="card import-step" aria-labelledby="import-commit-heading">
      <h2 id="import-commit-heading">{t('imports.run.commitHeading')}</h2>
      {job.status === 'dry_run_done' && (
        <>
          <p className="muted">{t('imports.run.commitIntro')}</p>
          <ProblemMessage error={start.error} />
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={() => start.mutate('commit')} disabled={start.isPending}>
              {t('imports.run.startCommit', { number: formatNumber(job.created + job.updated + job.unchanged) })}
            </button>
          </div>
        </>
      )}
      {job.status === 'committing' && <Progress job={job} />}
      {job.status === 'failed' && (
        <>
          {job.error && (
            <div className="alert alert-error" role="alert">
              <p>{t('imports.run.failed', { error: job.error })}</p>
            </div>
          )}
          <ProblemMessage error={start.error} />
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={() => start.mutate('commit')} disabled={start.isPending}>
              {t('imports.run.resume')}
            </button>
          </div>
        </>
      )}
      {(job.status === 'committed' || job.status === 'undone') && (
        <>
          {job.status === 'committed' && (
            <p className="alert alert-success" role="status">
              {t('imports.run.committed')}
            </p>
          )}
          <Counts job={job} run="commit" />
          <RefusedItems job={job} run="commit" />
          {job.status === 'committed' && (
            <div className="button-row">
              {mapLink && (
                <Link className="button button-primary" to={mapLink}>
                  {t('imports.run.seeOnMap')}
                </Link>
              )}
              {can('imports.undo') && <UndoImport undo={undo} />}
            </div>
          )}
          {job.status === 'undone' && (
            <div className="alert" role="status">
              <p>{t('imports.run.undone')}</p>
              {undo.data && (
                <p>
                  {t('imports.run.undoResult', { hidden: formatNumber(undo.data.hidden), restored: formatNumber(undo.data.restored) })}
                  {undo.data.conflicts.length > 0 &&
                    ` ${t('imports.run.undoConflicts', { number: formatNumber(undo.data.conflicts.length) })}`}
                </p>
              )}
            </div>
          )}
        </>
      )}
    </section>
  )
}

function Progress({ job }: { job: ImportJob }) {
  const { t } = useTranslation()
  const total = job.featureCount ?? 0
  const share = total > 0 ? Math.min(100, Math.round((job.processed / total) * 100)) : 0
  const text = t('imports.run.progress', { processed: formatNumber(job.processed), total: total > 0 ? formatNumber(total) : '…' })
  return (
    <div className="import-progress" role="status">
      <div
        className="progress"
        role="progressbar"
        aria-label={t('imports.run.progressLabel')}
        aria-valuemin={0}
        aria-valuemax={total || undefined}
        aria-valuenow={total ? job.processed : undefined}
        aria-valuetext={text}
      >
        <span style={{ width: `${share}%` }} />
      </div>
      <p className="small">{text}</p>
    </div>
  )
}

function Counts({ job, run }: { job: ImportJob; run: ImportRun }) {
  const { t } = useTranslation()
  const isDry = run === 'dry_run'
  const counts = [
    ['created', isDry ? t('imports.run.willCreate') : t('imports.run.created'), job.created],
    ['updated', isDry ? t('imports.run.willUpdate') : t('imports.run.updated'), job.updated],
    ['unchanged', t('imports.run.unchanged'), job.unchanged],
    ['refused', t('imports.run.refused'), job.refused],
  ] as const
  return (
    <>
      <dl className="import-counts" data-testid={`import-counts-${run}`}>
        {counts.map(([key, label, value]) => (
          <div key={key} className={`import-count import-count-${key}`} data-count={key}>
            <dt>{label}</dt>
            <dd>{formatNumber(value)}</dd>
          </div>
        ))}
      </dl>
      <p>
        <a className="button" href={reportCsvUrl(job.id, run)} download>
          {t('imports.run.download')}
        </a>
      </p>
    </>
  )
}

function RefusedItems({ job, run }: { job: ImportJob; run: ImportRun }) {
  const { t } = useTranslation()
  const [offset, setOffset] = useState(0)
  const headingId = useId()
  const items = useQuery({ ...refusedItemsQuery(job.id, run, offset), enabled: job.refused > 0 })
  if (job.refused === 0) return <p className="muted">{t('imports.run.noneRefused')}</p>
  const to = Math.min(job.refused, offset + ITEMS_PAGE_SIZE)
  return (
    <section className="import-refused" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('imports.run.refusedHeading')}</h3>
      <ProblemMessage error={items.error} onRetry={() => void items.refetch()} />
      <div className="table-wrap import-table-wrap">
        <table className="import-table">
          <thead>
            <tr>
              <th scope="col">{t('imports.run.feature')}</th>
              <th scope="col">{t('imports.run.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {(items.data ?? []).map((item) => (
              <tr key={item.featureIndex}>
                <th scope="row">
                  <span className="mono">#{item.featureIndex + 1}</span> {item.label ?? item.externalId ?? ''}
                </th>
                <td lang="en">{item.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {job.refused > ITEMS_PAGE_SIZE && (
        <div className="pager">
          <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(offset - ITEMS_PAGE_SIZE)}>
            {t('common.action.previous')}
          </button>
          <span>{t('imports.run.page', { from: formatNumber(offset + 1), to: formatNumber(to), total: formatNumber(job.refused) })}</span>
          <button type="button" className="button" disabled={to >= job.refused} onClick={() => setOffset(offset + ITEMS_PAGE_SIZE)}>
            {t('common.action.next')}
          </button>
        </div>
      )}
    </section>
  )
}

function UndoImport({ undo }: { undo: ReturnType<typeof useUndoImport> }) {
  const { t } = useTranslation()
  return (
    <ConfirmDelete
      label={t('imports.run.undo')}
      question={t('imports.run.undoQuestion')}
      consequence={t('imports.run.undoConsequence')}
      confirmLabel={t('imports.run.undoConfirm')}
      busyLabel={t('imports.run.undoing')}
      onConfirm={() => undo.mutate()}
      isBusy={undo.isPending}
    >
      <ProblemMessage error={undo.error} />
    </ConfirmDelete>
  )
}
