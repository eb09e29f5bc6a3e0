// "Report a threat": one short column of big controls for a community representative on a phone.
// What is typed is kept as a draft on the device while it is typed; "Send" puts the report and its
// files in the outbox (IndexedDB) first and sends from there, so a dropped connection loses
// nothing — the report goes out by itself when the connection returns.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'react-router'
import { DATE_PRECISIONS, INCIDENT_KINDS, PERPETRATOR_KINDS, SEVERITIES } from '../../../shared/vocabularies.ts'
import { useClientConfig, useViewer } from '../../lib/session.ts'
import { Field } from '../../components/field.tsx'
import { OccurredDateInputs } from '../../components/occurred-date-inputs.tsx'
import { formatBytes, formatNumber } from '../../lib/format.ts'
import { preciseDateBody, type PreciseDateValues } from '../../lib/precise-date.ts'
import type { FieldErrors } from '../../lib/form-errors.ts'
import { useReportCommunities } from './api.ts'
import { ChoiceGroup } from '../../components/report-form/choice-group.tsx'
import { FilePicker } from '../../components/report-form/file-picker.tsx'
import { LocationPicker } from '../../components/report-form/location-picker.tsx'
import { entryState, newId, outbox, toStoredFile, type DraftFile, type SentNotice } from './outbox.ts'
import { FileProgress, OutboxEntryCard, OutboxList } from './outbox-list.tsx'
import { reasonText } from '../../lib/outbox/outbox-text.ts'
import { autoTitle, checkReport, hasContent, initialValues, type ReportValues } from './report-values.ts'
import { useOutbox } from './use-outbox.ts'
import { communityWarnings, photoWarnings, usePhotoExif } from './report-warnings.ts'
import { DEFAULT_WARN_DISTANCE_KM } from '../../../shared/sanity.ts'
import './outbox.css'
import '../../components/report-form/report.css'
import { localName } from '../../lib/reference-data.ts'

export function ReportPage() {
  const viewer = useViewer()
  const location = useLocation()
  const [queuedId, setQueuedId] = useState<string | null>(null)
  // "Correct it" from the outbox navigates here with a new location key: back to the form.
  useEffect(() => setQueuedId(null), [location.key])

  return (
    <div className="page page-narrow report-page">
      {queuedId ? (
        <ReportResult id={queuedId} onAnother={() => setQueuedId(null)} />
      ) : (
        <ReportForm key={location.key} userId={viewer.id} needsCommunity={viewer.role === 'community_rep'} onQueued={setQueuedId} />
      )}
    </div>
  )
}

// ---- After "Send": sending, waiting for a connection, sent, or refused ------------------------

const MAP_VIEW_KEY = 'dey.map.view'

/** The home map opens where it was left in this tab (features/map); point it at the new report. */
function showOnMap(notice: SentNotice) {
  if (!notice.location) return
  try {
    sessionStorage.setItem(MAP_VIEW_KEY, JSON.stringify({ lng: notice.location[0], lat: notice.location[1], zoom: 14 }))
  } catch {
    // The map opens on Cambodia instead.
  }
}

function ReportResult({ id, onAnother }: { id: string; onAnother: () => void }) {
  const { t } = useTranslation()
  const snapshot = useOutbox()
  const entry = snapshot.entries.find((candidate) => candidate.id === id)
  const sent = snapshot.sent.find((notice) => notice.id === id)
  const others = snapshot.entries.filter((candidate) => candidate.id !== id)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const state = sent ? 'sent' : entry ? entryState(entry) : 'sending'
  useEffect(() => headingRef.current?.focus(), [state])
  // This page confirms the report itself: the top bar does not.
  useEffect(() => outbox.watchResult(id), [id])

  return (
    <>
      <h1>{t('report.title')}</h1>
      {state === 'sent' && sent ? (
        <div className="card report-result is-sent" data-testid="report-sent" role="status">
          <p className="report-result-icon" aria-hidden="true">
            ✓
          </p>
          <h2 ref={headingRef} tabIndex={-1}>
            {t('report.result.sent')}
          </h2>
          <p>{t('report.result.sentDetail')}</p>
          <p className="report-result-label">{sent.label}</p>
          <div className="button-row">
            <Link className="button button-primary" to={`/incidents/${sent.incidentId}`}>
              {t('report.result.open')}
            </Link>
            <Link className="button" to="/" onClick={() => showOnMap(sent)}>
              {t('report.result.map')}
            </Link>
          </div>
        </div>
      ) : state === 'refused' && entry ? (
        <div className="report-result">
          <h2 ref={headingRef} tabIndex={-1} className="visually-hidden">
            {t('report.outbox.state.refused')}
          </h2>
          <OutboxEntryCard entry={entry} progress={snapshot.progress} />
        </div>
      ) : state === 'waiting' && entry ? (
        <div className="card report-result is-waiting" role="status">
          <p className="report-result-icon" aria-hidden="true">
            ⇡
          </p>
          <h2 ref={headingRef} tabIndex={-1}>
            {t('report.result.queued')}
          </h2>
          {entry.error && <p className="muted">{reasonText(t, entry.error)}</p>}
          <p className="report-result-label">{entry.label}</p>
          <button
            type="button"
            className="button button-primary"
            disabled={!snapshot.isOnline}
            onClick={() => void outbox.sync({ force: true })}
          >
            {t('report.outbox.sendNow')}
          </button>
        </div>
      ) : (
        <div className="card report-result is-sending" role="status">
          <p className="report-result-icon is-spinning" aria-hidden="true">
            ↻
          </p>
          <h2 ref={headingRef} tabIndex={-1}>
            {t('report.result.sending')}
          </h2>
          {entry && <p className="report-result-label">{entry.label}</p>}
          {entry && <FileProgress entry={entry} progress={snapshot.progress} />}
        </div>
      )}
      <button type="button" className="button button-large" onClick={onAnother}>
        {t('report.result.another')}
      </button>
      {others.length > 0 && (
        <section className="report-outbox">
          <h2>{t('report.outbox.title')}</h2>
          <OutboxList />
        </section>
      )}
    </>
  )
}

// ---- The form ----------------------------------------------------------------------------------

/** A representative of a few communities picks theirs with a tap; more than this get a list. */
const MAX_COMMUNITY_BUTTONS = 6

/**
 * Keeps the draft in IndexedDB as the user types: every change is written at once (a reload right
 * after a keystroke loses nothing); changes made while a write is going are written right after it.
 */
function useDraftAutosave(userId: string, values: ReportValues, files: DraftFile[], isReady: boolean, isQueued: { current: boolean }) {
  const latest = useRef({ values, files })
  latest.current = { values, files }
  const isWriting = useRef(false)
  const isDirty = useRef(false)

  const save = useCallback(async () => {
    if (!isReady || isQueued.current) return
    if (isWriting.current) {
      isDirty.current = true
      return
    }
    isWriting.current = true
    try {
      do {
        isDirty.current = false
        const { values: current, files: currentFiles } = latest.current
        await (
          hasContent(current, currentFiles.length)
            ? outbox.saveDraft(userId, { values: current, files: currentFiles, savedAt: Date.now() })
            : outbox.clearDraft(userId)
        ).catch(() => undefined)
      } while (isDirty.current && !isQueued.current)
    } finally {
      isWriting.current = false
    }
  }, [userId, isReady, isQueued])

  useEffect(() => {
    if (isReady) void save()
  }, [values, files, isReady, save])
}

interface ReportFormProps {
  userId: string
  needsCommunity: boolean
  onQueued: (id: string) => void
}

function ReportForm({ userId, needsCommunity, onQueued }: ReportFormProps) {
  const { t, i18n } = useTranslation()
  const language = i18n.language
  const communitiesQuery = useReportCommunities(userId)
  const communities = communitiesQuery.data ?? []
  const { data: config } = useClientConfig()
  const snapshot = useOutbox()
  const [values, setValues] = useState<ReportValues>(() => initialValues())
  const [files, setFiles] = useState<DraftFile[]>([])
  const [errors, setErrors] = useState<FieldErrors>({})
  const [fileProblems, setFileProblems] = useState<string[]>([])
  const [isReady, setReady] = useState(false)
  const [isRestored, setRestored] = useState(false)
  const [isSaving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<string | null>(null)
  const isQueued = useRef(false)
  const formRef = useRef<HTMLFormElement>(null)
  const [focusRequest, setFocusRequest] = useState(0)

  // What was typed before a reload (or before "Correct it") comes back.
  useEffect(() => {
    let isLive = true
    outbox.loadDraft<ReportValues>(userId).then(
      (draft) => {
        if (!isLive) return
        if (draft) {
          setValues({ ...initialValues(), ...draft.values })
          setFiles(draft.files)
          setRestored(hasContent(draft.values, draft.files.length))
        }
        setReady(true)
      },
      () => isLive && setReady(true),
    )
    return () => {
      isLive = false
    }
  }, [userId])
  useDraftAutosave(userId, values, files, isReady, isQueued)

  // A representative of one community reports for it: chosen already.
  const onlyCommunity = communities.length === 1 ? communities[0]!.id : undefined
  useEffect(() => {
    if (isReady && onlyCommunity && !values.communityId) setValues((current) => ({ ...current, communityId: onlyCommunity }))
  }, [isReady, onlyCommunity, values.communityId])

  // After a refused "Send", the first field to fix gets the focus.
  useEffect(() => {
    if (focusRequest === 0) return
    const target = formRef.current?.querySelector<HTMLElement>(
      '.has-error input, .has-error select, .has-error textarea, .has-error button',
    )
    target?.focus()
    target?.scrollIntoView({ block: 'center' })
  }, [focusRequest])

  const community = communities.find((candidate) => candidate.id === values.communityId)
  const exifOfFile = usePhotoExif(files)
  const maxDistanceKm = config?.warnDistanceKm ?? DEFAULT_WARN_DISTANCE_KM
  const place = values.location ? ([values.location.lng, values.location.lat] as const) : null
  const locationWarnings = communityWarnings(place, community, maxDistanceKm)
  const occurredAtText = preciseDateBody(values).occurredAt
  const occurredAt = occurredAtText ? new Date(occurredAtText) : new Date()
  const fileWarnings = files.flatMap((file) => {
    const exif = exifOfFile[file.id]
    return exif ? photoWarnings(exif, place, occurredAt, maxDistanceKm).map((warning) => ({ file, warning })) : []
  })

  const set = <K extends keyof ReportValues>(key: K, value: ReportValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }))
    setErrors((current) => {
      if (!(key in current)) return current
      const { [key]: _removed, ...rest } = current
      return rest
    })
  }

  /** The date's inputs share one error, shown under whichever input is there. */
  const setDate = (change: Partial<PreciseDateValues>) => {
    setValues((current) => ({ ...current, ...change }))
    setErrors(({ occurredAt: _removed, ...rest }) => rest)
  }

  const addFiles = (chosen: File[]) => {
    const limit = config?.maxUploadBytes
    const problems: string[] = []
    const accepted: DraftFile[] = []
    for (const file of chosen) {
      if (limit && file.size > limit)
        problems.push(t('report.tooLarge', { name: file.name, size: formatBytes(file.size), limit: formatBytes(limit) }))
      else accepted.push(toStoredFile(file, newId()))
    }
    setFiles((current) => [...current, ...accepted])
    setFileProblems(problems)
  }

  const startOver = () => {
    if (!window.confirm(t('report.startOverConfirm'))) return
    setValues({ ...initialValues(), communityId: onlyCommunity ?? '' })
    setFiles([])
    setErrors({})
    setFileProblems([])
    setRestored(false)
    void outbox.clearDraft(userId).catch(() => undefined)
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (isSaving) return
    const checked = checkReport(values, { t, community, needsCommunity, region: config?.region })
    if (!checked.ok) {
      setErrors(checked.errors)
      setFocusRequest((n) => n + 1)
      return
    }
    setErrors({})
    setSaving(true)
    setSaveError(null)
    const id = newId()
    try {
      isQueued.current = true
      await outbox.add(
        {
          id,
          userId,
          body: { ...checked.body, clientReportId: id },
          values,
          label: values.title.trim() || autoTitle(t, values, community, language),
          files: files.map((file) => ({ ...file })),
        },
        { replacesDraft: userId },
      )
      onQueued(id)
    } catch (error) {
      isQueued.current = false
      setSaveError(t('report.error.saveFailed', { reason: error instanceof Error ? error.message : String(error) }))
      setSaving(false)
    }
  }

  if (!isReady)
    return (
      <p className="page-loading" role="status">
        <span className="spinner" aria-hidden="true" />
      </p>
    )

  const errorCount = Object.keys(errors).length
  const noCommunities = needsCommunity && communitiesQuery.isSuccess && communities.length === 0
  const communitiesUnavailable = communitiesQuery.isError && communities.length === 0
  const titleExample = autoTitle(t, { kind: values.kind || 'fencing' }, community, language)

  return (
    <>
      <h1>{t('report.title')}</h1>
      <p className="muted report-intro">{t('report.intro')}</p>
      {isRestored && (
        <div className="alert alert-success report-restored">
          <p>{t('report.restored')}</p>
          <button type="button" className="link-button" onClick={startOver}>
            {t('report.startOver')}
          </button>
        </div>
      )}
      {noCommunities && <p className="alert alert-warning">{t('report.noCommunities')}</p>}
      {communitiesUnavailable && <p className="alert alert-warning">{t('report.communitiesUnavailable')}</p>}

      <form ref={formRef} className="report-form" data-testid="report-form" noValidate onSubmit={submit}>
        <ChoiceGroup
          legend={t('report.kind')}
          name="kind"
          options={INCIDENT_KINDS}
          value={values.kind}
          onChange={(kind) => set('kind', kind)}
          labelOf={(kind) => t(`vocab.incidentKind.${kind}`)}
          error={errors.kind}
          required
          className="kind-choices"
        />

        {needsCommunity && communities.length > 0 && communities.length <= MAX_COMMUNITY_BUTTONS ? (
          <ChoiceGroup
            legend={t('report.community')}
            name="community"
            options={communities.map((option) => option.id)}
            value={values.communityId}
            onChange={(id) => set('communityId', id)}
            labelOf={(id) =>
              localName(
                communities.find((option) => option.id === id)!,
                language,
              )
            }
            error={errors.communityId}
            required
            className="community-choices"
          />
        ) : (
          <Field label={t('report.community')} error={errors.communityId} required={needsCommunity}>
            <select value={values.communityId} onChange={(event) => set('communityId', event.target.value)}>
              {(!needsCommunity || !values.communityId) && (
                <option value="">{needsCommunity ? t('report.chooseCommunity') : t('report.noCommunity')}</option>
              )}
              {communities.map((option) => (
                <option key={option.id} value={option.id}>
                  {localName(option, language)}
                </option>
              ))}
            </select>
          </Field>
        )}

        <fieldset className="occurred-field">
          <legend>{t('report.occurredAt')}</legend>
          <ChoiceGroup
            legend={t('common.date.precision')}
            name="occurredPrecision"
            options={DATE_PRECISIONS}
            value={values.occurredPrecision}
            onChange={(precision) => setDate({ occurredPrecision: precision })}
            labelOf={(precision) => t(`vocab.datePrecision.${precision}`)}
            className="precision-choices"
          />
          <OccurredDateInputs values={values} onChange={setDate} error={errors.occurredAt} />
        </fieldset>

        <LocationPicker
          value={values.location}
          onChange={(location) => set('location', location)}
          focus={community?.location}
          communityId={values.communityId || undefined}
          error={errors.location}
        />
        {locationWarnings.map((warning) => (
          <p key={warning.code} className="alert alert-warning report-warning" role="status" data-testid="report-warning">
            {t('report.warning.far_from_community', { distance: formatNumber(Math.round(warning.distanceKm ?? 0)) })}
          </p>
        ))}

        <Field label={t('report.households')} hint={t('report.householdsHint')} error={errors.householdsAffected}>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={values.householdsAffected}
            onChange={(event) => set('householdsAffected', event.target.value)}
          />
        </Field>

        <ChoiceGroup
          legend={t('report.perpetrator')}
          name="perpetrator"
          options={PERPETRATOR_KINDS}
          value={values.perpetratorKind}
          onChange={(kind) => set('perpetratorKind', kind)}
          labelOf={(kind) => t(`vocab.perpetratorKind.${kind}`)}
          error={errors.perpetratorKind}
        />
        <Field label={t('report.perpetratorName')} error={errors.perpetratorName}>
          <input
            type="text"
            value={values.perpetratorName}
            maxLength={200}
            autoComplete="off"
            onChange={(event) => set('perpetratorName', event.target.value)}
          />
        </Field>

        <ChoiceGroup
          legend={t('report.severity')}
          name="severity"
          options={SEVERITIES}
          value={values.severity}
          onChange={(severity) => set('severity', severity)}
          labelOf={(severity) => t(`vocab.severity.${severity}`)}
          error={errors.severity}
          className="severity-choices"
        />

        <Field label={t('report.description')} hint={t('report.descriptionHint')} error={errors.description}>
          <textarea rows={4} value={values.description} onChange={(event) => set('description', event.target.value)} />
        </Field>

        <Field label={t('report.titleLabel')} hint={t('report.titleHint', { example: titleExample })} error={errors.title}>
          <input
            type="text"
            value={values.title}
            maxLength={300}
            autoComplete="off"
            onChange={(event) => set('title', event.target.value)}
          />
        </Field>

        <FilePicker
          files={files}
          onAdd={addFiles}
          onRemove={(id) => setFiles((current) => current.filter((file) => file.id !== id))}
          problems={fileProblems}
        />
        {fileWarnings.map(({ file, warning }) => (
          <p key={`${file.id}-${warning.code}`} className="alert alert-warning report-warning" role="status" data-testid="report-warning">
            {t(`report.warning.${warning.code}`, {
              name: file.name,
              distance: formatNumber(Math.round(warning.distanceKm ?? 0)),
              days: formatNumber(warning.days ?? 0),
            })}
          </p>
        ))}

        {errorCount > 0 && (
          <p className="alert alert-error" role="alert">
            {t('report.error.summary')}
          </p>
        )}
        {saveError && (
          <p className="alert alert-error" role="alert">
            {saveError}
          </p>
        )}
        <button
          type="submit"
          className="button button-primary button-large report-submit"
          disabled={isSaving}
          aria-busy={isSaving || undefined}
        >
          {t('report.submit')}
        </button>
      </form>

      {snapshot.entries.length > 0 && (
        <section className="report-outbox">
          <h2>{t('report.outbox.title')}</h2>
          <OutboxList />
        </section>
      )}
    </>
  )
}
