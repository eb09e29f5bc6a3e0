// A case's events: upcoming hearings and deadlines first and highlighted ("in 3 days", overdue
// in red), past ones folded away; legal staff add an event (times in Cambodia) and tick them done.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { CreateCaseEventBody, type CaseEvent } from '../../../shared/cases.ts'
import { CASE_EVENT_KINDS, type CaseEventKind } from '../../../shared/vocabularies.ts'
import { Field } from '../../components/field.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { isConflict } from '../../lib/api-client.ts'
import { formatDateTime, formatNumber, fromDateTimeLocalValue } from '../../lib/format.ts'
import { serverFieldErrors, validate, type FieldErrors } from '../../lib/form-errors.ts'
import { eventTiming, type Timing } from '../../lib/days.ts'
import { TimingBadge } from '../../components/timing-badge.tsx'
import { caseEventsQuery, createCaseEvent, updateCaseEvent } from './api.ts'
import { useRevealHash } from './use-reveal-hash.ts'
import { ComputedFrom, DeadlineProposals } from './deadline-proposals.tsx'
import { refreshCase } from '../../lib/cases.ts'

/** Upcoming (and overdue, still to do) first, soonest first; then the rest, latest first. */
export function splitEvents(events: readonly CaseEvent[], now: Date = new Date()) {
  const withTiming = events.map((event) => ({ event, timing: eventTiming(event, now) }))
  const isOpen = ({ timing }: { timing: Timing }) => timing.state !== 'done' && timing.state !== 'past'
  const upcoming = withTiming.filter(isOpen).sort((a, b) => a.event.startsAt.getTime() - b.event.startsAt.getTime())
  const past = withTiming.filter((item) => !isOpen(item)).sort((a, b) => b.event.startsAt.getTime() - a.event.startsAt.getTime())
  return { upcoming, past }
}

/** Hearings and deadlines are what a lawyer must not miss. */
const isKeyKind = (kind: CaseEventKind) => kind === 'hearing' || kind === 'deadline'

export function EventsSection({ caseId, canEdit }: { caseId: string; canEdit: boolean }) {
  const { t } = useTranslation()
  const events = useQuery(caseEventsQuery(caseId))
  const { upcoming, past } = splitEvents(events.data?.items ?? [])
  useRevealHash(events.isSuccess)
  return (
    <section className="card case-section" aria-labelledby="case-events-heading">
      <h2 id="case-events-heading">{t('cases.events.title')}</h2>
      <ProblemMessage error={events.error} onRetry={() => void events.refetch()} />
      <div data-testid="case-events">
        {events.isPending && <p className="muted">{t('common.state.loading')}</p>}
        {events.isSuccess && upcoming.length === 0 && <p className="muted">{t('cases.events.noneUpcoming')}</p>}
        {upcoming.length > 0 && (
          <ul className="event-list">
            {upcoming.map(({ event, timing }) => (
              <EventItem key={event.id} event={event} timing={timing} canEdit={canEdit} />
            ))}
          </ul>
        )}
        {past.length > 0 && (
          <details className="past-events">
            <summary>{t('cases.events.past', { number: formatNumber(past.length) })}</summary>
            <ul className="event-list">
              {past.map(({ event, timing }) => (
                <EventItem key={event.id} event={event} timing={timing} canEdit={canEdit} />
              ))}
            </ul>
          </details>
        )}
      </div>
      {canEdit && <AddEventForm caseId={caseId} />}
    </section>
  )
}

function EventItem({ event, timing, canEdit }: { event: CaseEvent; timing: Timing; canEdit: boolean }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const toggle = useMutation({
    mutationFn: () => updateCaseEvent(event.id, { isDone: !event.isDone, version: event.version }),
    onSettled: () => refreshCase(queryClient, event.caseId),
  })
  const classes = [
    'event-item',
    `event-${event.kind}`,
    `timing-${timing.state}`,
    isKeyKind(event.kind) && timing.state !== 'done' && timing.state !== 'past' && timing.state !== 'later' ? 'is-highlighted' : '',
  ]
  return (
    <li className={classes.filter(Boolean).join(' ')} id={`event-${event.id}`}>
      <div className="event-head">
        <span className={`event-kind kind-${event.kind}`}>
          <span className="event-shape" aria-hidden="true" />
          {t(`vocab.caseEventKind.${event.kind}`)}
        </span>
        <TimingBadge timing={timing} />
      </div>
      <p className="event-title">{event.title}</p>
      <p className="event-when">
        <time dateTime={event.startsAt.toISOString()}>{formatDateTime(event.startsAt)}</time>
        {event.location && <span> · {event.location}</span>}
      </p>
      {event.details && <p className="small muted event-details">{event.details}</p>}
      <ComputedFrom event={event} />
      {canEdit && (
        <div className="event-actions">
          <button
            type="button"
            className="link-button"
            disabled={toggle.isPending}
            onClick={() => toggle.mutate()}
            aria-label={`${event.isDone ? t('cases.events.markNotDone') : t('cases.events.markDone')}: ${event.title}`}
          >
            {event.isDone ? t('cases.events.markNotDone') : `✓ ${t('cases.events.markDone')}`}
          </button>
          {toggle.error && (
            <span className="field-error small">{isConflict(toggle.error) ? t('common.conflict.title') : t('common.error.title')}</span>
          )}
        </div>
      )}
    </li>
  )
}

const EMPTY_FORM = { kind: 'hearing' as CaseEventKind, startsAt: '', title: '', location: '', details: '' }

export function AddEventForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [values, setValues] = useState(EMPTY_FORM)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [added, setAdded] = useState<CaseEvent | null>(null)
  const add = useMutation({
    mutationFn: (body: CreateCaseEventBody) => createCaseEvent(caseId, body),
    onSuccess: async (event) => {
      setValues(EMPTY_FORM)
      setAdded(event)
      await refreshCase(queryClient, caseId)
    },
    onError: (error) => setErrors(serverFieldErrors(t, error)),
  })
  const set = (field: keyof typeof EMPTY_FORM) => (event: { target: { value: string } }) =>
    setValues({ ...values, [field]: event.target.value })

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setAdded(null)
    const checked = validate(
      CreateCaseEventBody,
      {
        kind: values.kind,
        title: values.title,
        startsAt: values.startsAt ? fromDateTimeLocalValue(values.startsAt) : undefined,
        location: values.location,
        details: values.details,
      },
      t,
    )
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    add.mutate(checked.data)
  }

  return (
    <form className="case-subform add-event" onSubmit={submit} noValidate aria-labelledby="add-event-heading">
      <h3 id="add-event-heading">{t('cases.events.addTitle')}</h3>
      <div className="form-grid">
        <Field label={t('cases.events.kind')} error={errors.kind} required>
          <select value={values.kind} onChange={set('kind')}>
            {CASE_EVENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`vocab.caseEventKind.${kind}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('cases.events.startsAt')} error={errors.startsAt} hint={t('cases.events.timeZoneHint')} required>
          <input type="datetime-local" value={values.startsAt} onChange={set('startsAt')} />
        </Field>
        <Field label={t('cases.events.eventTitle')} error={errors.title} required className="span-2">
          <input value={values.title} onChange={set('title')} maxLength={300} />
        </Field>
        <Field label={t('cases.events.location')} error={errors.location}>
          <input value={values.location} onChange={set('location')} maxLength={300} />
        </Field>
        <Field label={t('cases.events.details')} error={errors.details}>
          <textarea value={values.details} onChange={set('details')} rows={2} />
        </Field>
      </div>
      <ProblemMessage error={add.error} />
      {added && (
        <p className="alert alert-success" role="status">
          {t('cases.events.added', { title: added.title })}
        </p>
      )}
      {/* The rules' deadlines from what was just recorded, for the lawyer to add or not. */}
      {added && <DeadlineProposals key={added.id} caseId={caseId} eventId={added.id} />}
      <button type="submit" className="button button-primary" disabled={add.isPending}>
        {add.isPending ? t('common.state.saving') : t('cases.events.add')}
      </button>
    </form>
  )
}
