// A new parcel (/parcels/new, optionally ?community=<id>) or an existing one (/parcels/:id/edit):
// the fields, validated with the shared schema, and the boundary drawn on the map.
import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import type { MultiPolygon } from '../../../shared/geo.ts'
import { CreateParcelBody, Parcel, UpdateParcelBody } from '../../../shared/parcels.ts'
import { LAND_USES, TENURES, TITLE_STATUSES, type LandUse, type Tenure, type TitleStatus } from '../../../shared/vocabularies.ts'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { useEditForm } from '../../lib/edit-form.ts'
import type { FieldErrors } from '../../lib/form-errors.ts'
import { byFormField } from '../../lib/form-helpers.ts'
import { isShapeRefusedHere, serverGeometryProblem } from '../../map/geometry-checks.ts'
import { GeometryEditor, type ContextShape } from '../../map/geometry-editor.tsx'
import { parcelStyle } from '../../map/land-styles.ts'
import { communityParcelsQuery, useCreateParcel, useUpdateParcel } from './api.ts'
import '../../components/land-records.css'
import { communityOptionsQuery, communityQuery, localName } from '../../lib/reference-data.ts'
import { parcelQuery } from '../../lib/land-records.ts'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'

export interface ParcelFormValues {
  communityId: string
  label: string
  holderName: string
  households: string
  landUse: LandUse
  tenure: Tenure
  titleStatus: TitleStatus
  notes: string
  boundary: MultiPolygon | null
}

export const emptyParcelForm = (communityId = ''): ParcelFormValues => ({
  communityId,
  label: '',
  holderName: '',
  households: '',
  landUse: 'other',
  tenure: 'unknown',
  titleStatus: 'none',
  notes: '',
  boundary: null,
})

export const parcelFormOf = (parcel: Parcel): ParcelFormValues => ({
  communityId: parcel.communityId,
  label: parcel.label,
  holderName: parcel.holderName ?? '',
  households: parcel.households === null ? '' : String(parcel.households),
  landUse: parcel.landUse,
  tenure: parcel.tenure,
  titleStatus: parcel.titleStatus,
  notes: parcel.notes ?? '',
  boundary: parcel.boundary,
})

/** The request body from the form (the shared schema then validates it). */
export function parcelBodyOf(form: ParcelFormValues) {
  const households = form.households.trim()
  return {
    // Not chosen yet: absent, so the schema says "required" rather than "not valid".
    communityId: form.communityId || undefined,
    label: form.label,
    holderName: form.holderName,
    households: households === '' ? null : Number(households),
    landUse: form.landUse,
    tenure: form.tenure,
    titleStatus: form.titleStatus,
    notes: form.notes,
    boundary: form.boundary ?? undefined,
  }
}

export function ParcelEditPage() {
  const { id } = useParams()
  const { data: parcel, error, isPending } = useQuery({ ...parcelQuery(id ?? ''), enabled: Boolean(id) })
  if (id && isPending) return <PageLoading />
  if (id && error) return <PageProblem error={error} />
  return <ParcelForm key={id ?? 'new'} parcel={parcel} />
}

function ParcelForm({ parcel }: { parcel: Parcel | undefined }) {
  const { t, i18n } = useTranslation()
  const navigate = useNavigate()
  const [search] = useSearchParams()
  const {
    values: form,
    setValues: setForm,
    errors,
    setErrors,
    conflict,
    reload,
    overwrite,
    repair,
    allowLargeArea,
    onSubmit,
    formRef,
    error: saveError,
    isSaving,
  } = useEditForm<Parcel, ParcelFormValues, Parcel>({
    record: parcel,
    valuesOf: (row) => (row ? parcelFormOf(row) : emptyParcelForm(search.get('community') ?? '')),
    bodyOf: (values) => parcelBodyOf(values),
    createSchema: CreateParcelBody,
    updateSchema: UpdateParcelBody,
    rowSchema: Parcel,
    create: useCreateParcel(),
    update: useUpdateParcel(),
    byField: byFormField,
    // A boundary that is missing, or too small to be one, is refused here with its own words.
    checkValues: (values, save): FieldErrors => (isShapeRefusedHere(values.boundary, save) ? { boundary: t('parcels.edit.fixShape') } : {}),
    refineErrors: (found, values) => ({
      ...byFormField(found),
      ...(values.boundary ? {} : { boundary: t('parcels.edit.boundaryRequired') }),
    }),
    // A refused boundary is explained under the map, with the place marked and a repair offered.
    geometry: { field: 'boundary', isRefused: (error) => Boolean(serverGeometryProblem(error, 'boundary')) },
    onSaved: (saved) => void navigate(`/parcels/${saved.id}`, { state: { repairs: saved.repairs ?? [] } }),
  })
  const { data: communities } = useQuery(communityOptionsQuery())
  // The chosen community's territory, drawn around the parcel.
  const { data: community } = useQuery({ ...communityQuery(form.communityId), enabled: Boolean(form.communityId) })
  const { data: neighbours } = useQuery({ ...communityParcelsQuery(form.communityId), enabled: Boolean(form.communityId) })

  const set = <K extends keyof ParcelFormValues>(key: K, value: ParcelFormValues[K]) => {
    setForm((previous) => ({ ...previous, [key]: value }))
    setErrors((previous) => (previous[key] ? { ...previous, [key]: '' } : previous))
  }

  const geometryProblem = serverGeometryProblem(saveError, 'boundary')

  const context = useMemo<ContextShape[]>(() => {
    const shapes: ContextShape[] = []
    const territory = community?.id === form.communityId ? community.territory : null
    if (territory) shapes.push({ id: 'territory', geometry: territory, kind: 'territory', title: t('geometry.legend.territory') })
    for (const feature of neighbours?.features ?? []) {
      if (feature.id === parcel?.id) continue
      shapes.push({
        id: feature.id,
        geometry: feature.geometry,
        kind: 'parcel',
        title: feature.properties.label,
        style: parcelStyle(feature.properties),
      })
    }
    return shapes
  }, [community, neighbours, form.communityId, parcel?.id, t])

  const title = parcel ? t('parcels.edit.titleEdit', { label: parcel.label }) : t('parcels.edit.titleNew')
  const language = i18n.language

  return (
    <div className="page parcel-edit">
      <PageHeader title={title} />
      <form ref={formRef} onSubmit={onSubmit} noValidate>
        {conflict && <ConflictNotice onReload={reload} onOverwrite={overwrite} />}
        {saveError && !conflict && !geometryProblem && <ProblemMessage error={saveError} />}

        <div className="card">
          <div className="form-grid">
            <Field label={t('parcels.field.community')} error={errors.communityId} required>
              <select value={form.communityId} onChange={(event) => set('communityId', event.target.value)}>
                <option value="">{t('parcels.edit.chooseCommunity')}</option>
                {(communities ?? []).map((community) => (
                  <option key={community.id} value={community.id}>
                    {localName(community, language)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('parcels.field.label')} error={errors.label} required>
              <input value={form.label} onChange={(event) => set('label', event.target.value)} maxLength={200} autoComplete="off" />
            </Field>
          </div>
        </div>

        <section className="card" aria-labelledby="parcel-boundary-heading">
          <h2 id="parcel-boundary-heading">
            {t('parcels.field.boundary')}{' '}
            <span className="required-mark" aria-hidden="true">
              *
            </span>
          </h2>
          <p className="field-hint">{t('parcels.edit.boundaryHint')}</p>
          <GeometryEditor
            value={form.boundary}
            onChange={(boundary) => set('boundary', boundary)}
            label={t('parcels.edit.boundaryLabel')}
            context={context}
            shapeStyle={{ ...parcelStyle(form), weight: 3, fillOpacity: 0.45 }}
            error={saveError}
            field="boundary"
            onRepair={repair}
            onAllowLargeArea={allowLargeArea}
            focus={community?.id === form.communityId ? community.location.coordinates : undefined}
            isBusy={isSaving}
          />
          {errors.boundary && (
            <p className="field-error" role="alert" data-field="boundary">
              {errors.boundary}
            </p>
          )}
        </section>

        <div className="card">
          <div className="form-grid">
            <Field label={t('parcels.field.tenure')} error={errors.tenure}>
              <select value={form.tenure} onChange={(event) => set('tenure', event.target.value as Tenure)}>
                {TENURES.map((value) => (
                  <option key={value} value={value}>
                    {t(`vocab.tenure.${value}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('parcels.field.titleStatus')} error={errors.titleStatus}>
              <select value={form.titleStatus} onChange={(event) => set('titleStatus', event.target.value as TitleStatus)}>
                {TITLE_STATUSES.map((value) => (
                  <option key={value} value={value}>
                    {t(`vocab.titleStatus.${value}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('parcels.field.landUse')} error={errors.landUse}>
              <select value={form.landUse} onChange={(event) => set('landUse', event.target.value as LandUse)}>
                {LAND_USES.map((value) => (
                  <option key={value} value={value}>
                    {t(`vocab.landUse.${value}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('parcels.field.holderName')} error={errors.holderName}>
              <input
                value={form.holderName}
                onChange={(event) => set('holderName', event.target.value)}
                maxLength={200}
                autoComplete="off"
              />
            </Field>
            <Field label={t('parcels.field.households')} error={errors.households}>
              <input
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                value={form.households}
                onChange={(event) => set('households', event.target.value)}
              />
            </Field>
            <Field label={t('parcels.field.notes')} error={errors.notes} className="span-2">
              <textarea value={form.notes} onChange={(event) => set('notes', event.target.value)} maxLength={5000} />
            </Field>
          </div>
        </div>

        {Object.values(errors).some(Boolean) && (
          <p className="alert alert-error" role="alert">
            {t('common.error.invalid')}
          </p>
        )}
        <div className="button-row form-actions">
          <button type="submit" className="button button-primary" disabled={isSaving}>
            {isSaving ? t('common.state.saving') : t('common.action.save')}
          </button>
          <Link className="button" to={parcel ? `/parcels/${parcel.id}` : '/parcels'}>
            {t('common.action.cancel')}
          </Link>
        </div>
      </form>
    </div>
  )
}
