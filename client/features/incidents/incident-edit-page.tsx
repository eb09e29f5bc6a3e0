// Edit an incident: legal staff and admins any; a community representative their own report while
// it still awaits triage (the server checks again and answers 403 otherwise). Status changes are
// not made here but in triage. Checked with the shared UpdateIncidentBody before sending; a 409
// keeps the user's edits and lets them load the current version or save over it.
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import type { MultiPolygon } from '../../../shared/geo.ts'
import { Incident, UpdateIncidentBody } from '../../../shared/incidents.ts'
import { DATE_PRECISIONS, INCIDENT_KINDS, PERPETRATOR_KINDS, SEVERITIES, type DatePrecision } from '../../../shared/vocabularies.ts'
import { useCan, useMe } from '../../lib/session.ts'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { Field } from '../../components/field.tsx'
import { OccurredDateInputs } from '../../components/occurred-date-inputs.tsx'
import { preciseDateProblem } from '../../lib/precise-date.ts'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { api, ApiError } from '../../lib/api-client.ts'
import { useEditForm } from '../../lib/edit-form.ts'
import type { FieldErrors } from '../../lib/form-errors.ts'
import { isShapeRefusedHere, serverGeometryProblem } from '../../map/geometry-checks.ts'
import { GeometryEditor } from '../../map/geometry-editor.tsx'
import { errorOf, notANumberWhenText, requiredWhenEmpty } from '../../lib/form-values.ts'
import { LocationPicker } from '../../map/location-picker.tsx'
import { positionOf } from '../../map/to-lat-lng.ts'
import { communityOptionsQuery, communityQuery, localName, localText } from '../../lib/reference-data.ts'
import { PlaceFields } from '../../components/place-fields.tsx'
import { incidentQuery, useUpdateIncident } from './api.ts'
import { canEditIncident, incidentChangesOf, incidentValuesOf, type IncidentFormValues } from './incident-form.ts'
import '../../components/records.css'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'

export function IncidentEditPage() {
  const { id = '' } = useParams()
  const { t } = useTranslation()
  const { data: me } = useMe()
  const { data, error, refetch } = useQuery(incidentQuery(id))
  if (error) return <PageProblem error={error} onRetry={() => void refetch()} />
  if (!data || !me) return <PageLoading />
  if (!canEditIncident(me, data)) {
    return (
      <div className="page page-narrow">
        <PageHeader title={localText(data.title, data.titleKm)} />
        <p className="alert alert-warning" role="alert">
          {t('incidents.edit.notEditable')}
        </p>
        <Link to={`/incidents/${data.id}`} className="button">
          {t('incidents.edit.backToIncident')}
        </Link>
      </div>
    )
  }
  return <IncidentForm key={id} incident={data} />
}

const NUMBER_FIELDS = ['householdsAffected', 'peopleAffected', 'location.coordinates.0', 'location.coordinates.1']

export function IncidentForm({ incident }: { incident: Incident }) {
  const { t } = useTranslation()
  const can = useCan()
  const navigate = useNavigate()
  const communities = useQuery(communityOptionsQuery())
  const {
    base: edited,
    values,
    setValues,
    errors,
    conflict,
    reload,
    overwrite,
    repair,
    allowLargeArea,
    onSubmit,
    formRef,
    error,
    isSaving,
  } = useEditForm<Incident, IncidentFormValues, Incident>({
    record: incident,
    valuesOf: (row) => incidentValuesOf(row!),
    // An edit sends only what changed.
    bodyOf: (current, row) => incidentChangesOf(current, row!),
    updateSchema: UpdateIncidentBody,
    rowSchema: Incident,
    fetchRow: (id) => api(`/api/incidents/${id}`, Incident),
    update: useUpdateIncident(),
    // An affected area whose edges cross is explained under the map, with the repair offered there.
    checkValues: (current, save): FieldErrors =>
      isShapeRefusedHere(current.affectedArea, save) ? { affectedArea: t('geometry.fixFirst') } : {},
    refineErrors: (found, current) => {
      const refined = notANumberWhenText(
        requiredWhenEmpty(
          found,
          { ...current },
          ['kind', 'severity', 'perpetratorKind', 'province', 'occurredAt'],
          t('common.error.fieldRequired'),
        ),
        { ...current, 'location.coordinates.0': current.lon, 'location.coordinates.1': current.lat },
        NUMBER_FIELDS,
        t('common.error.notANumber'),
      )
      const dateProblem = preciseDateProblem(current)
      return dateProblem ? { ...refined, occurredAt: t(`common.date.error.${dateProblem}`) } : refined
    },
    onSaved: (saved) => void navigate(`/incidents/${saved.id}`),
    onUnchanged: (row) => void navigate(`/incidents/${row.id}`),
  })
  /** The saved incident the edits are based on (always there: incidents are only edited here). */
  const base = edited ?? incident
  const community = useQuery({ ...communityQuery(values.communityId), enabled: Boolean(values.communityId) })
  const isStaff = can('incidents.triage')

  const set = <K extends keyof IncidentFormValues>(field: K, value: IncidentFormValues[K]) =>
    setValues((previous) => ({ ...previous, [field]: value }))
  const bind = (field: keyof IncidentFormValues) => ({
    value: values[field] as string,
    onChange: (event: { target: { value: string } }) => set(field, event.target.value),
  })

  const hasErrors = Object.keys(errors).length > 0
  const isForbidden = error instanceof ApiError && error.status === 403
  const otherProblem =
    error && !conflict && !hasErrors && !isForbidden && !(error instanceof ApiError && error.status === 422) ? error : undefined
  const areaError = serverGeometryProblem(error, 'affectedArea') ? undefined : errorOf(errors, 'affectedArea')
  const communityChoices = communities.data ?? []
  const reference = community.data
    ? [
        { id: 'territory', geometry: community.data.territory },
        { id: 'community', geometry: community.data.location },
      ]
    : []
  const title = t('incidents.edit.title', { title: localText(base.title, base.titleKm) })

  return (
    <div className="page rec-page-form rec-incidents">
      <PageHeader title={title}>
        <p className="muted">{t('incidents.edit.intro')}</p>
      </PageHeader>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="rec-form" aria-label={title}>
        <section className="card">
          <h2>{t('incidents.page.what')}</h2>
          <div className="form-grid">
            <Field label={t('incidents.field.titleEn')} error={errorOf(errors, 'title')} required className="span-2">
              <input type="text" autoComplete="off" {...bind('title')} />
            </Field>
            <Field label={t('incidents.field.titleKm')} error={errorOf(errors, 'titleKm')} className="span-2">
              <input type="text" lang="km" autoComplete="off" {...bind('titleKm')} />
            </Field>
            <Field label={t('common.field.kind')} error={errorOf(errors, 'kind')} required>
              <select {...bind('kind')}>
                {INCIDENT_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`vocab.incidentKind.${kind}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('incidents.field.severity')} error={errorOf(errors, 'severity')} required>
              <select {...bind('severity')}>
                {SEVERITIES.map((severity) => (
                  <option key={severity} value={severity}>
                    {t(`vocab.severity.${severity}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('common.date.precision')} error={errorOf(errors, 'occurredPrecision')} required>
              <select value={values.occurredPrecision} onChange={(event) => set('occurredPrecision', event.target.value as DatePrecision)}>
                {DATE_PRECISIONS.map((precision) => (
                  <option key={precision} value={precision}>
                    {t(`vocab.datePrecision.${precision}`)}
                  </option>
                ))}
              </select>
            </Field>
            <OccurredDateInputs
              values={values}
              onChange={(change) => setValues((previous) => ({ ...previous, ...change }))}
              error={errorOf(errors, 'occurredAt')}
              dayLabel={t('incidents.field.occurredAt')}
              dayHint={t('incidents.edit.timeHint')}
            />
            <Field label={t('common.field.community')} error={errorOf(errors, 'communityId')}>
              <select {...bind('communityId')}>
                {isStaff && <option value="">{t('incidents.edit.noCommunity')}</option>}
                {values.communityId && !communityChoices.some((choice) => choice.id === values.communityId) && (
                  <option value={values.communityId}>{base.communityName ?? values.communityId}</option>
                )}
                {communityChoices.map((choice) => (
                  <option key={choice.id} value={choice.id}>
                    {localName(choice)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('incidents.field.perpetratorKind')} error={errorOf(errors, 'perpetratorKind')} required>
              <select {...bind('perpetratorKind')}>
                {PERPETRATOR_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`vocab.perpetratorKind.${kind}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              label={t('incidents.field.perpetratorName')}
              error={errorOf(errors, 'perpetratorName')}
              hint={t('incidents.edit.perpetratorHint')}
            >
              <input type="text" autoComplete="off" {...bind('perpetratorName')} />
            </Field>
            <Field label={t('incidents.field.householdsAffected')} error={errorOf(errors, 'householdsAffected')}>
              <input type="text" inputMode="numeric" autoComplete="off" {...bind('householdsAffected')} />
            </Field>
            <Field label={t('incidents.field.peopleAffected')} error={errorOf(errors, 'peopleAffected')}>
              <input type="text" inputMode="numeric" autoComplete="off" {...bind('peopleAffected')} />
            </Field>
            <Field label={t('common.field.description')} error={errorOf(errors, 'description')} className="span-2">
              <textarea rows={6} {...bind('description')} />
            </Field>
            <div className="span-2">
              <label className="rec-check">
                <input type="checkbox" checked={values.isConfidential} onChange={(event) => set('isConfidential', event.target.checked)} />
                <span>
                  {t('incidents.field.isConfidential')}
                  <span className="field-hint">{t('incidents.edit.confidentialHint')}</span>
                </span>
              </label>
              {errorOf(errors, 'isConfidential') && (
                <p className="field-error" role="alert">
                  {errorOf(errors, 'isConfidential')}
                </p>
              )}
            </div>
          </div>
        </section>

        <section className="card">
          <h2>{t('incidents.page.where')}</h2>
          <div className="form-grid">
            <LocationPicker
              label={t('incidents.edit.locationLabel')}
              lon={values.lon}
              lat={values.lat}
              onChange={(lon, lat) => setValues((previous) => ({ ...previous, lon, lat }))}
              lonError={errorOf(errors, 'location.coordinates.0')}
              latError={errorOf(errors, 'location.coordinates.1')}
              error={errors.location ?? errors['location.coordinates'] ?? errors['location.type']}
              required
              reference={reference}
            />
            <PlaceFields
              values={values}
              onChange={(change) => setValues((previous) => ({ ...previous, ...change }))}
              errors={errors}
              isProvinceRequired={true}
              hint={t('communities.edit.placeHint')}
              emptyProvinceLabel={t('communities.edit.chooseProvince')}
            />
          </div>
        </section>

        <section className="card">
          <h2>{t('incidents.field.affectedArea')}</h2>
          <p className="field-hint">{t('incidents.edit.areaHint')}</p>
          <GeometryEditor
            value={values.affectedArea}
            onChange={(area: MultiPolygon | null) => set('affectedArea', area)}
            label={t('incidents.edit.areaLabel')}
            context={community.data?.territory ? [{ id: 'territory', geometry: community.data.territory, kind: 'territory' }] : []}
            shapeStyle={{ color: '#b91c1c', weight: 3, fillColor: '#dc2626', fillOpacity: 0.2 }}
            error={error}
            field="affectedArea"
            onRepair={repair}
            onAllowLargeArea={allowLargeArea}
            focus={positionOf(values.lon, values.lat)}
            isBusy={isSaving}
          />
          {areaError && (
            <p className="field-error" role="alert">
              {areaError}
            </p>
          )}
        </section>

        {isStaff && (
          <section className="card">
            <h2>{t('incidents.page.source')}</h2>
            <div className="form-grid">
              <Field
                label={t('incidents.field.reportedBy')}
                error={errorOf(errors, 'reportedBy')}
                hint={t('incidents.edit.reportedByHint')}
              >
                <input type="text" autoComplete="off" {...bind('reportedBy')} />
              </Field>
              <Field label={t('incidents.field.sourceDate')} error={errorOf(errors, 'sourceDate')}>
                <input type="date" {...bind('sourceDate')} />
              </Field>
              <Field
                label={t('incidents.field.sourceUrl')}
                error={errorOf(errors, 'sourceUrl')}
                className="span-2"
                hint={t('incidents.edit.sourceUrlHint')}
              >
                <input type="url" inputMode="url" autoComplete="off" {...bind('sourceUrl')} />
              </Field>
            </div>
          </section>
        )}

        <div className="rec-form-footer">
          {conflict && <ConflictNotice onReload={reload} onOverwrite={overwrite} />}
          {isForbidden && (
            <p className="alert alert-error" role="alert">
              {t('incidents.edit.forbidden')}
            </p>
          )}
          {hasErrors && (
            <p className="alert alert-error" role="alert">
              {t('common.error.invalid')}
            </p>
          )}
          {otherProblem && <ProblemMessage error={otherProblem} />}
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={isSaving}>
              {isSaving ? t('common.state.saving') : t('common.action.save')}
            </button>
            <Link to={`/incidents/${base.id}`} className="button">
              {t('common.action.cancel')}
            </Link>
          </div>
        </div>
      </form>
    </div>
  )
}
