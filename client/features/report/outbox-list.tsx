// The reports kept on this phone: what each is waiting for, the progress of its files, and what
// the user can do about a refused one (correct it in the form, try again, or delete it).
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { useViewer } from '../../lib/session.ts'
import { formatDateTime, formatNumber } from '../../lib/format.ts'
import { entryState, outbox, progressKey, type OutboxEntry, type OutboxSnapshot } from './outbox.ts'
import { reasonText } from '../../lib/outbox/outbox-text.ts'
import { hasContent, type ReportValues } from './report-values.ts'
import { useOutbox } from './use-outbox.ts'

const STATE_BADGE = { waiting: 'badge badge-amber', sending: 'badge badge-green', refused: 'badge badge-red' } as const

export function FileProgress({ entry, progress }: { entry: OutboxEntry; progress: OutboxSnapshot['progress'] }) {
  const { t } = useTranslation()
  const moving = entry.files.filter((file) => progress[progressKey(entry.id, file.id)])
  if (moving.length === 0) return null
  return (
    <ul className="outbox-files">
      {moving.map((file) => {
        const current = progress[progressKey(entry.id, file.id)]!
        const percent = Math.round(current.fraction * 100)
        const phase = current.phase === 'hashing' ? t('report.outbox.hashing') : t('report.outbox.uploading')
        return (
          <li key={file.id}>
            <span className="outbox-file-name">{file.name}</span>
            <span className="small muted">
              {phase} {formatNumber(percent)}%
            </span>
            <div
              className="progress"
              role="progressbar"
              aria-label={`${phase}: ${file.name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
            >
              <span className={current.phase === 'hashing' ? 'is-hashing' : undefined} style={{ width: `${percent}%` }} />
            </div>
          </li>
        )
      })}
    </ul>
  )
}

/** One report on the phone, with its state and the actions it allows. */
export function OutboxEntryCard({
  entry,
  progress,
  onEdited,
}: {
  entry: OutboxEntry
  progress: OutboxSnapshot['progress']
  onEdited?: () => void
}) {
  const { t, i18n } = useTranslation()
  const viewer = useViewer()
  const navigate = useNavigate()
  const [isBusy, setBusy] = useState(false)
  const state = entryState(entry)
  const stored = entry.files.filter((file) => file.evidenceId).length
  const refusedFiles = entry.files.filter((file) => file.error)
  const isRefused = entry.error?.kind === 'refused'

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true)
    try {
      await action()
    } finally {
      setBusy(false)
    }
  }

  const edit = () =>
    act(async () => {
      const draft = await outbox.loadDraft<ReportValues>(viewer.id)
      if (draft && hasContent(draft.values, draft.files.length) && !window.confirm(t('report.outbox.replaceDraft'))) return
      // Out of the outbox and into the form's draft, in one step.
      const taken = await outbox.takeForEditing<ReportValues>(entry.id)
      if (!taken) return
      onEdited?.()
      // A new location key: the form reads the draft again even when it is already open.
      void navigate('/report', { state: { draftAt: Date.now() } })
    })

  const discard = () =>
    act(async () => {
      if (window.confirm(t('report.outbox.discardConfirm'))) await outbox.discard(entry.id)
    })

  return (
    <article className="outbox-entry" aria-label={entry.label}>
      <div className="outbox-entry-head">
        <strong>{entry.label}</strong>
        <span className={STATE_BADGE[state]}>{t(`report.outbox.state.${state}`)}</span>
      </div>
      <p className="small muted">{t('report.outbox.savedAt', { time: formatDateTime(new Date(entry.createdAt)) })}</p>
      {entry.incidentId && state !== 'refused' && (
        <p className="small">
          {t('report.outbox.arrived', { count: entry.files.length - stored })}{' '}
          <Link to={`/incidents/${entry.incidentId}`}>{t('report.result.open')}</Link>
        </p>
      )}
      {entry.files.length > 0 && (
        <p className="small">{t('report.outbox.files', { done: formatNumber(stored), total: formatNumber(entry.files.length) })}</p>
      )}
      <FileProgress entry={entry} progress={progress} />

      {state === 'waiting' && entry.error && (
        <p className="small outbox-reason">
          {reasonText(t, entry.error)}
          {entry.nextAttemptAt ? ` ${t('report.outbox.nextTry', { time: formatDateTime(new Date(entry.nextAttemptAt)) })}` : ''}
        </p>
      )}

      {isRefused && entry.error && (
        <div className="alert alert-error" role="alert">
          <p>{reasonText(t, entry.error)}</p>
          {/* The server's own words help whoever supports the user; they are in English only. */}
          {entry.error.detail && i18n.language === 'en' && <p className="small">{entry.error.detail}</p>}
        </div>
      )}
      {!isRefused && refusedFiles.length > 0 && !entry.files.some((file) => !file.evidenceId && !file.error) && (
        <div className="alert alert-error" role="alert">
          {refusedFiles.map((file) => (
            <p key={file.id}>
              <strong>{file.name}</strong>: {reasonText(t, file.error!)}
            </p>
          ))}
        </div>
      )}

      {state === 'refused' && (
        <div className="button-row">
          {isRefused && !entry.incidentId && (
            <button type="button" className="button button-primary" disabled={isBusy} onClick={edit}>
              {t('report.outbox.edit')}
            </button>
          )}
          {!isRefused && refusedFiles.length > 0 && (
            <button
              type="button"
              className="button button-primary"
              disabled={isBusy}
              onClick={() => act(() => outbox.discardRefusedFiles(entry.id))}
            >
              {t('report.outbox.discardFiles')}
            </button>
          )}
          <button type="button" className="button" disabled={isBusy} onClick={() => act(() => outbox.retry(entry.id))}>
            {t('report.outbox.retry')}
          </button>
          {!entry.incidentId && (
            <button type="button" className="button button-danger" disabled={isBusy} onClick={discard}>
              {t('report.outbox.discard')}
            </button>
          )}
        </div>
      )}
      {state === 'waiting' && !entry.incidentId && (
        <div className="button-row">
          <button type="button" className="button button-danger" disabled={isBusy} onClick={discard}>
            {t('report.outbox.discard')}
          </button>
        </div>
      )}
    </article>
  )
}

/** Every report waiting on this phone, with "send now". */
export function OutboxList({ onEdited }: { onEdited?: () => void }) {
  const { t } = useTranslation()
  const snapshot = useOutbox()
  const [isSending, setSending] = useState(false)
  const canSendNow = snapshot.entries.some((entry) => entryState(entry) === 'waiting')
  const sendNow = async () => {
    setSending(true)
    try {
      await outbox.sync({ force: true })
    } finally {
      setSending(false)
    }
  }

  return (
    <div className="outbox-list">
      {!snapshot.isOnline && snapshot.entries.length > 0 && <p className="alert alert-warning">{t('report.outbox.offline')}</p>}
      {snapshot.entries.length === 0 && <p className="muted">{t('report.outbox.empty')}</p>}
      {snapshot.entries.map((entry) => (
        <OutboxEntryCard key={entry.id} entry={entry} progress={snapshot.progress} onEdited={onEdited} />
      ))}
      {canSendNow && (
        <button type="button" className="button button-primary button-large" disabled={isSending || !snapshot.isOnline} onClick={sendNow}>
          {t('report.outbox.sendNow')}
        </button>
      )}
      {snapshot.sent.length > 0 && (
        <>
          <h3>{t('report.outbox.sentTitle')}</h3>
          <ul className="outbox-sent">
            {snapshot.sent.slice(0, 5).map((notice) => (
              <li key={notice.id}>
                <span aria-hidden="true">✓ </span>
                <Link to={`/incidents/${notice.incidentId}`}>{notice.label}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
