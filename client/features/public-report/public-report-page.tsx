// The public report page (/r/<slug>): anyone with the link — a farmer, a monk, a journalist —
// reports a threat without an account, on a phone, in Khmer first. Nothing else of Dey shows: no
// menu, no links into the app, no call that needs a session. The report is kept on the phone
// (public-outbox.ts) and sent when there is a connection; the sender then sees a receipt code.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { IntakeSlug, type PublicIntakeLink } from '../../../shared/intake.ts'
import { LanguageSwitch } from '../../components/language-switch.tsx'
import { ApiError } from '../../lib/api-client.ts'
import { reasonText } from '../../lib/outbox/outbox-text.ts'
import { usePublicLink } from './api.ts'
import { publicEntryState, publicOutbox, type PublicEntry } from './public-outbox.ts'
import { PublicReportForm } from './public-report-form.tsx'
import { registerPublicReportStrings } from './strings.ts'
import '../../components/report-form/report.css'
import './public-report.css'

registerPublicReportStrings()

export function usePublicOutbox() {
  return useSyncExternalStore(publicOutbox.subscribe, publicOutbox.getSnapshot, publicOutbox.getSnapshot)
}

export function PublicReportPage() {
  const { slug: raw = '' } = useParams()
  const parsed = IntakeSlug.safeParse(raw)
  return (
    <div className="public-report">
      <header className="public-report-bar">
        <LanguageSwitch />
      </header>
      <main className="page page-narrow public-report-main">
        {parsed.success ? <LinkPage slug={parsed.data} /> : <LinkUnavailable kind="notFound" />}
      </main>
    </div>
  )
}

function LinkUnavailable({ kind }: { kind: 'notFound' | 'closed' | 'needsConnection' }) {
  const { t } = useTranslation()
  if (kind === 'needsConnection')
    return (
      <p className="alert alert-warning" role="alert">
        {t('publicReport.needsConnection')}
      </p>
    )
  return (
    <div className="public-report-unavailable" data-testid={`public-link-${kind}`}>
      <h1>{t(`publicReport.${kind}`)}</h1>
      <p>{t(`publicReport.${kind}Detail`)}</p>
    </div>
  )
}

function LinkPage({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation()
  const { data: link, error, isPending } = usePublicLink(slug)
  const snapshot = usePublicOutbox()
  useEffect(() => publicOutbox.start(slug), [slug])

  if (isPending)
    return (
      <p className="page-loading" role="status">
        <span className="spinner" aria-hidden="true" />
      </p>
    )
  if (!link) {
    const status = error instanceof ApiError ? error.status : undefined
    return <LinkUnavailable kind={status === 404 ? 'notFound' : status === 410 ? 'closed' : 'needsConnection'} />
  }
  const isKhmer = i18n.language === 'km'
  const entries = snapshot.slug === slug ? snapshot.entries : []
  const current = [...entries].reverse().find((entry) => !entry.isSeen)

  return (
    <>
      <LinkHeading link={link} isKhmer={isKhmer} />
      {!snapshot.isLoaded || snapshot.slug !== slug ? (
        <p className="page-loading" role="status">
          <span className="spinner" aria-hidden="true" />
        </p>
      ) : current ? (
        <EntryResult entry={current} isOnline={snapshot.isOnline} />
      ) : (
        <>
          <p className="muted report-intro">{t('publicReport.intro')}</p>
          <PublicReportForm slug={slug} />
          <Receipts entries={entries} />
        </>
      )}
    </>
  )
}

function LinkHeading({ link, isKhmer }: { link: PublicIntakeLink; isKhmer: boolean }) {
  const { t, i18n } = useTranslation()
  const title = isKhmer && link.titleKm ? link.titleKm : link.title
  const community = isKhmer && link.communityNameKm ? link.communityNameKm : link.communityName
  // The tab shows the link's title, after the generic one (PageTitle's effect runs first).
  useEffect(() => {
    document.title = title
  }, [title, i18n.language])
  return (
    <div className="public-report-heading">
      <h1 data-testid="public-link-title">{title}</h1>
      {community && <p className="muted">{t('publicReport.community', { name: community })}</p>}
    </div>
  )
}

/** After "Send": sending, kept on the phone, refused, or received with its receipt code. */
function EntryResult({ entry, isOnline }: { entry: PublicEntry; isOnline: boolean }) {
  const { t } = useTranslation()
  const state = publicEntryState(entry)
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => headingRef.current?.focus(), [state])
  const another = () => void publicOutbox.markSeen(entry.id)

  if (state === 'received' && entry.receipt)
    return (
      <div className="card report-result is-sent public-receipt" data-testid="public-report-received" role="status">
        <p className="report-result-icon" aria-hidden="true">
          ✓
        </p>
        <h2 ref={headingRef} tabIndex={-1}>
          {t('publicReport.received')}
        </h2>
        <p className="public-receipt-label">{t('publicReport.receiptCode')}</p>
        <ReceiptCode code={entry.receipt.receiptCode} />
        <p>{t('publicReport.receivedDetail')}</p>
        <button type="button" className="button button-large" onClick={another}>
          {t('publicReport.another')}
        </button>
      </div>
    )

  if (state === 'refused')
    return (
      <div className="card report-result" data-testid="public-report-refused" role="alert">
        <h2 ref={headingRef} tabIndex={-1}>
          {t('publicReport.refused')}
        </h2>
        {entry.error && (
          <p>
            {entry.error.status === 410 || entry.error.code === 'intake.link_closed'
              ? t('publicReport.linkClosed')
              : reasonText(t, entry.error)}
          </p>
        )}
        <div className="button-row">
          <button type="button" className="button button-primary" onClick={() => void publicOutbox.takeForEditing(entry.id)}>
            {t('report.outbox.edit')}
          </button>
          <button type="button" className="button" onClick={() => void publicOutbox.retry(entry.id)}>
            {t('report.outbox.retry')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              if (window.confirm(t('report.outbox.discardConfirm'))) void publicOutbox.discard(entry.id)
            }}
          >
            {t('report.outbox.discard')}
          </button>
        </div>
      </div>
    )

  const isKept = state === 'waiting' && (entry.error !== undefined || !isOnline)
  if (isKept)
    return (
      <div className="card report-result is-waiting" data-testid="public-report-kept" role="status">
        <p className="report-result-icon" aria-hidden="true">
          ⇡
        </p>
        <h2 ref={headingRef} tabIndex={-1}>
          {t('publicReport.kept')}
        </h2>
        <p className="muted">{t('publicReport.keptDetail')}</p>
        {entry.error && entry.error.kind !== 'network' && <p className="muted">{reasonText(t, entry.error)}</p>}
        <button
          type="button"
          className="button button-primary"
          disabled={!isOnline}
          onClick={() => void publicOutbox.sync({ force: true })}
        >
          {t('report.outbox.sendNow')}
        </button>
        <button type="button" className="link-button" onClick={another}>
          {t('publicReport.another')}
        </button>
      </div>
    )

  return (
    <div className="card report-result is-sending" data-testid="public-report-sending" role="status">
      <p className="report-result-icon is-spinning" aria-hidden="true">
        ↻
      </p>
      <h2 ref={headingRef} tabIndex={-1}>
        {t('report.result.sending')}
      </h2>
    </div>
  )
}

/** The receipt code, large, selectable in one tap, with a copy button where the browser allows it. */
function ReceiptCode({ code }: { code: string }) {
  const { t } = useTranslation()
  const [isCopied, setCopied] = useState(false)
  const canCopy = typeof navigator !== 'undefined' && Boolean(navigator.clipboard)
  const copy = () =>
    void navigator.clipboard.writeText(code).then(
      () => setCopied(true),
      () => setCopied(false),
    )
  return (
    <div className="public-receipt-code-row">
      <p className="public-receipt-code" data-testid="receipt-code" translate="no">
        {code}
      </p>
      {canCopy && (
        <button type="button" className="button" onClick={copy} aria-live="polite">
          {isCopied ? t('publicReport.copied') : t('publicReport.copy')}
        </button>
      )}
    </div>
  )
}

/** The receipt codes of this link's reports sent from this phone, and those still waiting. */
function Receipts({ entries }: { entries: readonly PublicEntry[] }) {
  const { t, i18n } = useTranslation()
  const received = entries.filter((entry) => entry.receipt)
  const waiting = entries.filter((entry) => !entry.receipt)
  if (received.length === 0 && waiting.length === 0) return null
  const dateOf = (at: Date | number | string) => new Date(at).toLocaleDateString(i18n.language === 'km' ? 'km-KH' : 'en-GB')
  return (
    <section className="public-receipts">
      {waiting.length > 0 && <p className="alert alert-warning">{t('publicReport.kept')}</p>}
      {received.length > 0 && (
        <>
          <h2>{t('publicReport.earlier')}</h2>
          <ul>
            {[...received].reverse().map((entry) => (
              <li key={entry.id}>
                <span className="public-receipt-small" translate="no">
                  {entry.receipt!.receiptCode}
                </span>{' '}
                <span className="muted">
                  {entry.label} · {dateOf(entry.receipt!.receivedAt)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
