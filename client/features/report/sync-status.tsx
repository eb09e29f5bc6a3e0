// The outbox in the top bar: "Waiting to send (2)" / "Sending… (1)" / nothing when every report
// has been sent. It also runs the outbox for the signed-in user on every page, so reports go out
// when the connection returns wherever the user is in the app. A click lists the reports.
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useMe } from '../../lib/session.ts'
import { formatNumber } from '../../lib/format.ts'
import { prefetchReportCommunities } from './api.ts'
import { entryState, outbox, type SentNotice } from './outbox.ts'
import { OutboxList } from './outbox-list.tsx'
import { useOutbox } from './use-outbox.ts'
import './outbox.css'

/** How long a "sent" confirmation stays (it can also be closed). */
const SENT_CONFIRMATION_MS = 15_000

export function SyncStatus() {
  const { t } = useTranslation()
  const { data: me } = useMe()
  const queryClient = useQueryClient()
  const userId = me && me.permissions.includes('incidents.create') ? me.id : null
  const snapshot = useOutbox()
  const [isOpen, setOpen] = useState(false)
  const panelId = useId()
  const rootRef = useRef<HTMLDivElement>(null)

  useEffect(() => outbox.start(userId), [userId])
  useEffect(() => {
    if (userId) void prefetchReportCommunities(queryClient, userId).catch(() => undefined)
  }, [queryClient, userId])
  // Reports sent while no page shows their outcome (queued before a reload, or while the user
  // went on elsewhere): confirmed here, else the badge just vanished.
  const [confirmed, setConfirmed] = useState<SentNotice[]>([])
  // A report that arrived shows on the map, in the lists and in the triage queue.
  useEffect(
    () =>
      outbox.onSent((notice) => {
        for (const feature of ['map', 'incidents', 'triage']) void queryClient.invalidateQueries({ queryKey: [feature] })
        if (!outbox.isResultWatched(notice.id))
          setConfirmed((shown) => [notice, ...shown.filter((other) => other.id !== notice.id)].slice(0, 3))
      }),
    [queryClient],
  )
  const dismiss = (id: string) => setConfirmed((shown) => shown.filter((notice) => notice.id !== id))
  useEffect(() => {
    if (confirmed.length === 0) return
    const timer = setTimeout(() => setConfirmed((shown) => shown.slice(0, -1)), SENT_CONFIRMATION_MS)
    return () => clearTimeout(timer)
  }, [confirmed])

  const count = snapshot.entries.length
  useEffect(() => {
    if (count === 0) setOpen(false)
  }, [count])
  useEffect(() => {
    if (!isOpen) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false)
    }
    const onPointer = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('pointerdown', onPointer)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('pointerdown', onPointer)
    }
  }, [isOpen])

  const toasts = confirmed.length > 0 && (
    <div className="sent-toasts" aria-live="polite">
      {confirmed.map((notice) => (
        <p key={notice.id} className="sent-toast" data-testid="sent-toast" role="status">
          <span aria-hidden="true">✓</span> {t('report.result.sentToast', { label: notice.label })}{' '}
          <Link to={`/incidents/${notice.incidentId}`} onClick={() => dismiss(notice.id)}>
            {t('report.result.open')}
          </Link>
          <button type="button" className="sent-toast-close" aria-label={t('report.result.dismiss')} onClick={() => dismiss(notice.id)}>
            ×
          </button>
        </p>
      ))}
    </div>
  )
  if (!userId || count === 0) return toasts || null
  const states = snapshot.entries.map((entry) => entryState(entry))
  const kind = states.includes('sending') ? 'sending' : states.every((state) => state === 'refused') ? 'refused' : 'waiting'
  const label = t(`report.outbox.${kind}`, { count })

  return (
    <>
      {toasts}
      <div className="sync-status" ref={rootRef}>
        <button
          type="button"
          data-testid="outbox-status"
          className={`sync-status-button is-${kind}`}
          aria-expanded={isOpen}
          aria-controls={panelId}
          onClick={() => setOpen((open) => !open)}
        >
          <span className={kind === 'sending' ? 'sync-status-icon is-spinning' : 'sync-status-icon'} aria-hidden="true">
            {kind === 'sending' ? '↻' : kind === 'refused' ? '!' : '⇡'}
          </span>
          <span className="sync-status-text">{label}</span>
          <span className="sync-status-short" aria-hidden="true">
            {formatNumber(count)}
          </span>
        </button>
        {isOpen && (
          <div id={panelId} className="sync-panel" role="dialog" aria-label={t('report.outbox.title')}>
            <div className="sync-panel-head">
              <h2>{t('report.outbox.title')}</h2>
              <button type="button" className="button" onClick={() => setOpen(false)} aria-label={t('common.action.close')}>
                ✕
              </button>
            </div>
            <OutboxList onEdited={() => setOpen(false)} />
          </div>
        )}
      </div>
    </>
  )
}
