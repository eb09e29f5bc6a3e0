// The moderation queue of reports from outside (web link, Telegram, SMS): by status, source and
// receipt code, newest first. Each report opens on its own page, where it is decided.
import { useQuery } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { ReceiptCode, type IntakeReportSummary } from '../../../shared/intake.ts'
import { INTAKE_SOURCES, type IntakeSource } from '../../../shared/vocabularies.ts'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { Pager } from '../../components/pager.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatDateTime, formatNumber } from '../../lib/format.ts'
import { useCan } from '../../lib/session.ts'
import { intakeReportsQuery, type IntakeFilters } from './api.ts'
import { SourceBadge } from './intake-bits.tsx'
import { firstLine, QUEUE_STATUSES, queueStatusOf } from './intake-values.ts'
import '../../components/segmented.css'
import { registerIntakeStrings } from './strings.ts'
import './intake.css'

registerIntakeStrings()

export function IntakePage() {
  const { t } = useTranslation()
  const can = useCan()
  const [search, setSearch] = useSearchParams()
  const status = queueStatusOf(search.get('status'))
  const source = (INTAKE_SOURCES as readonly string[]).includes(search.get('source') ?? '')
    ? (search.get('source') as IntakeSource)
    : undefined
  const receipt = search.get('receipt') ?? undefined
  const link = search.get('link') ?? undefined
  const [cursors, setCursors] = useState<string[]>([])
  const filters: IntakeFilters = { status, source, receipt, link }
  const list = useQuery(intakeReportsQuery(filters, cursors.at(-1)))

  const setParam = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(search)
    if (value) next.set(name, value)
    else next.delete(name)
    if (name === 'status' && value === 'new') next.delete('status')
    setCursors([])
    setSearch(next, { replace: true })
  }

  return (
    <div className="page intake-page">
      <PageHeader
        title={t('intake.title')}
        actions={
          can('intake.links') && (
            <Link to="/intake/links" className="button">
              {t('intake.linksNav')}
            </Link>
          )
        }
      >
        <p className="muted">{t('intake.intro')}</p>
      </PageHeader>

      <div className="segmented intake-statuses" role="group" aria-label={t('intake.statusLabel')}>
        {QUEUE_STATUSES.map((value) => (
          <button key={value} type="button" aria-pressed={status === value} onClick={() => setParam('status', value)}>
            {t(`intake.status.${value}`)}
          </button>
        ))}
      </div>

      <div className="intake-filters">
        <Field label={t('intake.sourceLabel')}>
          <select value={source ?? ''} onChange={(event) => setParam('source', event.target.value || undefined)}>
            <option value="">{t('intake.anySource')}</option>
            {INTAKE_SOURCES.map((value) => (
              <option key={value} value={value}>
                {t(`intake.source.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <ReceiptSearch key={receipt ?? ''} value={receipt ?? ''} onSearch={(code) => setParam('receipt', code)} />
      </div>
      {link && (
        <p className="small">
          {t('intake.field.link')}: {list.data?.items[0]?.linkTitle ?? '…'}{' '}
          <button type="button" className="link-button" onClick={() => setParam('link', undefined)}>
            {t('common.action.clear')}
          </button>
        </p>
      )}

      <ProblemMessage error={list.error} onRetry={() => void list.refetch()} />
      {list.isPending && (
        <p className="page-loading" role="status">
          <span className="spinner" aria-hidden="true" />
          <span className="visually-hidden">{t('common.state.loading')}</span>
        </p>
      )}
      {list.isSuccess && list.data.items.length === 0 && (
        <p className="card empty">{status === 'new' && !source && !receipt && !link ? t('intake.emptyNew') : t('intake.empty')}</p>
      )}
      {list.data && list.data.items.length > 0 && (
        <>
          <ul className="intake-list" aria-label={t(`intake.status.${status}`)}>
            {list.data.items.map((report) => (
              <ReportRow key={report.id} report={report} />
            ))}
          </ul>
          <Pager
            nextCursor={list.data.nextCursor}
            history={cursors}
            count={list.data.items.length}
            onNext={(next) => setCursors([...cursors, next])}
            onPrevious={() => setCursors(cursors.slice(0, -1))}
          />
        </>
      )}
    </div>
  )
}

/** The receipt code a sender quotes: searched when submitted, checked first so a typo says so. */
function ReceiptSearch({ value, onSearch }: { value: string; onSearch: (code: string | undefined) => void }) {
  const { t } = useTranslation()
  const [text, setText] = useState(value)
  const [error, setError] = useState<string>()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!text.trim()) {
      setError(undefined)
      onSearch(undefined)
      return
    }
    const parsed = ReceiptCode.safeParse(text)
    if (!parsed.success) {
      setError(t('common.error.fieldInvalid'))
      return
    }
    setError(undefined)
    onSearch(parsed.data)
  }
  return (
    <form className="intake-receipt" role="search" onSubmit={submit} noValidate>
      <Field label={t('intake.receipt')} hint={t('intake.receiptHint')} error={error}>
        <input
          type="search"
          className="mono"
          value={text}
          onChange={(event) => setText(event.target.value)}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          maxLength={20}
        />
      </Field>
      <button type="submit" className="button">
        {t('common.action.search')}
      </button>
    </form>
  )
}

function ReportRow({ report }: { report: IntakeReportSummary }) {
  const { t } = useTranslation()
  const where = report.communityName ?? report.linkTitle
  const { sender: who } = report
  const sender = who.userDisplayName ?? ([who.name, who.phone, who.telegramUsername].filter(Boolean).join(', ') || undefined)
  const text = firstLine(report.description)
  return (
    <li className="card intake-row" data-testid="intake-report">
      <Link to={`/intake/${report.id}`} className="intake-row-link">
        <span className="intake-row-head">
          <span className="mono intake-receipt-code">{report.receiptCode}</span>
          <SourceBadge source={report.source} />
          {report.kind && <span className="badge">{t(`vocab.incidentKind.${report.kind}`)}</span>}
        </span>
        <span className={text ? 'intake-row-text' : 'intake-row-text muted'}>{text || t('intake.noText')}</span>
        <span className="intake-row-meta small muted">
          <span>{formatDateTime(report.createdAt)}</span>
          {where && <span>{where}</span>}
          <span>{sender ?? t('intake.anonymous')}</span>
          {report.photoCount > 0 && <span>{t('intake.photos', { number: formatNumber(report.photoCount) })}</span>}
        </span>
      </Link>
    </li>
  )
}
