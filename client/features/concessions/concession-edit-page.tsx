// A new concession (/concessions/new) or an existing one (/concessions/:id/edit): the fields,
// validated with the shared schema, the provenance of the boundary, and the boundary drawn on the map.
// A new one may instead be known only by its location (the typical ODC record: a point and a
// declared area); its boundary is mapped later here (/concessions/:id/edit#boundary), the point kept.
import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import { Concession, CreateConcessionBody, UpdateConcessionBody } from '../../../shared/concessions.ts'
import type { MultiPolygon } from '../../../shared/geo.ts'
import { CONCESSION_KINDS, type ConcessionKind } from '../../../shared/vocabularies.ts'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import type { FieldErrors } from '../../lib/form-errors.ts'
import { isShapeRefusedHere, serverGeometryProblem } from '../../map/geometry-checks.ts'
import { GeometryEditor, type ContextPoint, type ContextShape } from '../../map/geometry-editor.tsx'
import { concessionPointStyle, concessionStyle } from '../../map/land-styles.ts'
import { LocationPicker } from '../../map/location-picker.tsx'
import { boundsOf } from '../../map/to-lat-lng.ts'
import { coordinateText, errorOf, pointFrom } from '../../lib/form-values.ts'
import { byFormField } from '../../lib/form-helpers.ts'
import { useEditForm } from '../../lib/edit-form.ts'
import '../../components/land-records.css'
// The location picker's layout (a concession known by its location only).
import '../../components/records.css'
import { concessionsNearQuery, territoriesNearQuery, useCreateConcession, useUpdateConcession } from './api.ts'
import { declaredAreaBodyOf } from './concession-format.ts'
import { localName, provincesQuery } from '../../lib/reference-data.ts'
import { concessionQuery } from '../../lib/land-records.ts'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'

export interface ConcessionFormValues {
  name: string
  nameKm: string
  kind: ConcessionKind
  company: string
  province: string
  grantedOn: string
  purpose: string
  boundarySource: string
  sourceUrl: string
  sourceDate: string
  boundary: MultiPolygon | null
  /** What is known of where it is: its boundary, or (a new one) only the point a source gives. */
  placeMode: PlaceMode
  /** The point, as typed or picked: only sent for a concession known by its location only. */
  lon: string
  lat: string
  declaredAreas: DeclaredAreaRow[]
}

export type PlaceMode = 'boundary' | 'location'

type DeclaredAreaRow = { key: number; areaHa: string; source: string; sourceUrl: string; statedOn: string }

export const emptyConcessionForm = (): ConcessionFormValues => ({
  name: '',
  nameKm: '',
  kind: 'elc',
  company: '',
  province: '',
  grantedOn: '',
  purpose: '',
  boundarySource: '',
  sourceUrl: '',
  sourceDate: '',
  boundary: null,
  placeMode: 'boundary',
  lon: '',
  lat: '',
  declaredAreas: [],
})

export const concessionFormOf = (concession: Concession): ConcessionFormValues => ({
  name: concession.name,
  nameKm: concession.nameKm ?? '',
  kind: concession.kind,
  company: concession.company ?? '',
  province: concession.province ?? '',
  grantedOn: concession.grantedOn ?? '',
  purpose: concession.purpose ?? '',
  boundarySource: concession.boundarySource ?? '',
  sourceUrl: concession.sourceUrl ?? '',
  sourceDate: concession.sourceDate ?? '',
  boundary: concession.boundary,
  placeMode: concession.boundary ? 'boundary' : 'location',
  lon: concession.location ? coordinateText(concession.location.coordinates[0]) : '',
  lat: concession.location ? coordinateText(concession.location.coordinates[1]) : '',
  declaredAreas: [],
})

/** The request body from the form; `isNew` leaves empty optional fields out (the server fills the province). */
export function concessionBodyOf(form: ConcessionFormValues, isNew: boolean) {
  const orNull = (value: string) => (value.trim() === '' ? null : value)
  const body: Record<string, unknown> = {
    name: form.name,
    nameKm: form.nameKm,
    kind: form.kind,
    company: form.company,
    grantedOn: orNull(form.grantedOn),
    purpose: form.purpose,
    boundarySource: form.boundarySource,
    sourceUrl: orNull(form.sourceUrl.trim()),
    sourceDate: orNull(form.sourceDate),
    boundary: form.boundary ?? undefined,
  }
  // A new concession known only by its location: the point, no boundary. An existing one keeps
  // its point (a boundary drawn later joins it); it is not sent again.
  if (isNew && form.placeMode === 'location') {
    body.boundary = undefined
    body.location = pointFrom(form.lon, form.lat)
  }
  if (!isNew || form.province) body.province = orNull(form.province)
  if (isNew) body.declaredAreas = form.declaredAreas.map(declaredAreaBodyOf)
  return body
}

export function ConcessionEditPage() {
  const { id } = useParams()
  const { data: concession, error, isPending } = useQuery({ ...concessionQuery(id ?? ''), enabled: Boolean(id) })
  if (id && isPending) return <PageLoading />
  if (id && error) return <PageProblem error={error} />
  return <ConcessionForm key={id ?? 'new'} concession={concession} />
}

let nextRowKey = 1

function ConcessionForm({ concession }: { concession: Concession | undefined }) {
  const { t, i18n } = useTranslation()
  const navigate = useNavigate()
  const { hash } = useLocation()
  /** The record is known only as a point: its boundary is what is to be mapped here. */
  const isBoundaryUnknown = Boolean(concession && !concession.boundary)
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
    isNew,
  } = useEditForm<Concession, ConcessionFormValues, Concession>({
    record: concession,
    valuesOf: (row) => (row ? concessionFormOf(row) : emptyConcessionForm()),
    bodyOf: (values, base) => concessionBodyOf(values, !base),
    createSchema: CreateConcessionBody,
    updateSchema: UpdateConcessionBody,
    rowSchema: Concession,
    create: useCreateConcession(),
    update: useUpdateConcession(),
    byField: byFormField,
    // A boundary that is missing, or too small to be one, is refused here with its own words.
    checkValues: (values, save): FieldErrors =>
      (concession || values.placeMode === 'boundary') && isShapeRefusedHere(values.boundary, save)
        ? { boundary: t('concessions.edit.fixShape') }
        : {},
    refineErrors: (found, values) => placeErrors(rowErrors(found), values, Boolean(concession?.boundary) || !concession, t),
    geometry: { field: 'boundary', isRefused: (error) => Boolean(serverGeometryProblem(error, 'boundary')) },
    onSaved: (saved) => void navigate(`/concessions/${saved.id}`, { state: { repairs: saved.repairs ?? [] } }),
  })
  const { data: provinces } = useQuery(provincesQuery())
  // Other concessions around the one being edited (a margin of about 20 km).
  const nearBbox = useMemo(() => {
    const bounds = boundsOf([concession?.boundary ?? concession?.location])
    if (!bounds) return undefined
    const margin = 0.2
    const [[south, west], [north, east]] = bounds
    const clamp = (value: number, limit: number) => Math.max(-limit, Math.min(limit, value))
    return [clamp(west - margin, 180), clamp(south - margin, 90), clamp(east + margin, 180), clamp(north + margin, 90)]
      .map((value) => value.toFixed(3))
      .join(',')
  }, [concession?.boundary, concession?.location])
  const { data: nearby } = useQuery({ ...concessionsNearQuery(nearBbox ?? ''), enabled: Boolean(nearBbox) })
  const { data: communities } = useQuery(territoriesNearQuery(nearBbox))

  const set = <K extends keyof ConcessionFormValues>(key: K, value: ConcessionFormValues[K]) => {
    setForm((previous) => ({ ...previous, [key]: value }))
    setErrors((previous) => (previous[key] ? { ...previous, [key]: '' } : previous))
  }
  const setRow = (key: number, field: 'areaHa' | 'source' | 'sourceUrl' | 'statedOn', value: string) =>
    setForm((previous) => ({
      ...previous,
      declaredAreas: previous.declaredAreas.map((row) => (row.key === key ? { ...row, [field]: value } : row)),
    }))

  const geometryProblem = serverGeometryProblem(saveError, 'boundary')

  // "Map the boundary" on the concession's page lands here: straight to the map.
  useEffect(() => {
    if (hash !== '#boundary') return
    const frame = requestAnimationFrame(() => document.getElementById('boundary')?.scrollIntoView({ block: 'center' }))
    return () => cancelAnimationFrame(frame)
  }, [hash])

  const choosePlaceMode = (placeMode: PlaceMode) => {
    setForm((previous) => ({
      ...previous,
      placeMode,
      // A point alone says little: the area a source declares goes with it.
      declaredAreas:
        placeMode === 'location' && previous.declaredAreas.length === 0
          ? [{ key: nextRowKey++, areaHa: '', source: '', sourceUrl: '', statedOn: '' }]
          : previous.declaredAreas,
    }))
    setErrors((previous) => (previous.boundary || previous.location ? { ...previous, boundary: '', location: '' } : previous))
  }

  // The point a source gives, shown while its boundary is drawn.
  const points = useMemo<ContextPoint[]>(
    () =>
      concession && !concession.boundary && concession.location
        ? [
            {
              id: concession.id,
              position: concession.location.coordinates,
              title: t('concessions.edit.publishedPoint'),
              style: concessionPointStyle(concession),
              reachKm: Math.max(2, Math.sqrt(Math.max(0, ...concession.declaredAreas.map((area) => area.areaHa)) / 100)),
            },
          ]
        : [],
    [concession, t],
  )

  const context = useMemo<ContextShape[]>(() => {
    const shapes: ContextShape[] = []
    for (const community of communities ?? []) {
      if (community.territory)
        shapes.push({
          id: `territory-${community.id}`,
          geometry: community.territory,
          kind: 'territory',
          title: localName(community, i18n.language),
        })
    }
    for (const feature of nearby?.features ?? []) {
      if (feature.id === concession?.id) continue
      shapes.push({
        id: feature.id,
        geometry: feature.geometry,
        kind: 'concession',
        title: feature.properties.name,
        style: concessionStyle(feature.properties),
      })
    }
    return shapes
  }, [communities, nearby, concession?.id, i18n.language])

  const language = i18n.language
  const title = concession ? t('concessions.edit.titleEdit', { name: localName(concession, language) }) : t('concessions.edit.titleNew')

  return (
    <div className="page land-page concession-edit">
      <PageHeader title={title} />
      <form ref={formRef} onSubmit={onSubmit} noValidate>
        {conflict && <ConflictNotice onReload={reload} onOverwrite={overwrite} />}
        {saveError && !conflict && !geometryProblem && <ProblemMessage error={saveError} />}

        <div className="card">
          <div className="form-grid">
            <Field label={t('concessions.field.name')} error={errors.name} required>
              <input value={form.name} onChange={(event) => set('name', event.target.value)} maxLength={300} autoComplete="off" />
            </Field>
            <Field label={t('concessions.field.nameKm')} error={errors.nameKm}>
              <input
                lang="km"
                value={form.nameKm}
                onChange={(event) => set('nameKm', event.target.value)}
                maxLength={300}
                autoComplete="off"
              />
            </Field>
            <Field label={t('concessions.field.kind')} error={errors.kind} required>
              <select value={form.kind} onChange={(event) => set('kind', event.target.value as ConcessionKind)}>
                {CONCESSION_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`vocab.concessionKind.${kind}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('concessions.field.company')} error={errors.company}>
              <input value={form.company} onChange={(event) => set('company', event.target.value)} maxLength={300} autoComplete="off" />
            </Field>
            <Field
              label={t('concessions.field.province')}
              error={errors.province}
              hint={isNew ? t('concessions.edit.provinceHint') : undefined}
            >
              <select value={form.province} onChange={(event) => set('province', event.target.value)}>
                <option value="">{isNew ? t('concessions.edit.provinceAuto') : t('common.state.none')}</option>
                {form.province && !provinces?.some((province) => province.name === form.province) && (
                  <option value={form.province}>{form.province}</option>
                )}
                {(provinces ?? []).map((province) => (
                  <option key={province.id} value={province.name}>
                    {localName(province, language)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('concessions.field.grantedOn')} error={errors.grantedOn}>
              <input
                type="date"
                value={form.grantedOn}
                onChange={(event) => set('grantedOn', event.target.value)}
                min="1900-01-01"
                max="2100-12-31"
              />
            </Field>
            <Field label={t('concessions.field.purpose')} error={errors.purpose} className="span-2">
              <textarea value={form.purpose} onChange={(event) => set('purpose', event.target.value)} maxLength={5000} />
            </Field>
          </div>
        </div>

        {isNew && (
          <div className="card">
            <fieldset className="place-mode" aria-describedby="place-mode-hint">
              <legend>{t('concessions.edit.placeMode')}</legend>
              <p className="field-hint" id="place-mode-hint">
                {t('concessions.edit.placeModeHint')}
              </p>
              <div className="choice-grid">
                {(['boundary', 'location'] as const).map((mode) => (
                  <label key={mode}>
                    <input
                      type="radio"
                      name="place-mode"
                      value={mode}
                      checked={form.placeMode === mode}
                      onChange={() => choosePlaceMode(mode)}
                    />
                    <span>{t(`concessions.edit.placeModes.${mode}`)}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          </div>
        )}

        {isNew && form.placeMode === 'location' ? (
          <section className="card" aria-labelledby="concession-location-heading" id="location">
            <h2 id="concession-location-heading">{t('concessions.edit.locationHeading')}</h2>
            <p className="field-hint">{t('concessions.edit.locationHint')}</p>
            <LocationPicker
              label={t('concessions.edit.locationLabel')}
              lon={form.lon}
              lat={form.lat}
              // Its error stays until the next save, as on the other forms with a point: clearing it
              // here would take the focus to the next field in error after the first keystroke.
              onChange={(lon, lat) => setForm((previous) => ({ ...previous, lon, lat }))}
              lonError={errorOf(errors, 'location.coordinates.0')}
              latError={errorOf(errors, 'location.coordinates.1')}
              error={errors.location ?? errors['location.coordinates']}
              required
            />
          </section>
        ) : (
          <section className="card" aria-labelledby="concession-boundary-heading" id="boundary">
            <h2 id="concession-boundary-heading">
              {t('concessions.field.boundary')}
              {!isBoundaryUnknown && (
                <>
                  {' '}
                  <span className="required-mark" aria-hidden="true">
                    *
                  </span>
                </>
              )}
            </h2>
            {isBoundaryUnknown && (
              <p className="alert alert-warning" role="status">
                {t('concessions.edit.boundaryUnknownHint')}
              </p>
            )}
            <p className="field-hint">{t('concessions.edit.boundaryHint')}</p>
            <GeometryEditor
              value={form.boundary}
              onChange={(boundary) => set('boundary', boundary)}
              label={t('concessions.edit.boundaryLabel')}
              context={context}
              points={points}
              shapeStyle={{ ...concessionStyle({ kind: form.kind }), weight: 3 }}
              error={saveError}
              field="boundary"
              onRepair={repair}
              onAllowLargeArea={allowLargeArea}
              isBusy={isSaving}
            />
            {errors.boundary && (
              <p className="field-error" role="alert" data-field="boundary">
                {errors.boundary}
              </p>
            )}
          </section>
        )}

        <section className="card" aria-labelledby="concession-source-heading">
          <h2 id="concession-source-heading">
            {isNew && form.placeMode === 'location' ? t('concessions.edit.sourceSectionLocation') : t('concessions.edit.sourceSection')}
          </h2>
          <div className="form-grid">
            <Field label={t('concessions.field.boundarySource')} error={errors.boundarySource} className="span-2">
              <input value={form.boundarySource} onChange={(event) => set('boundarySource', event.target.value)} maxLength={500} />
            </Field>
            <Field label={t('concessions.field.sourceUrl')} error={errors.sourceUrl}>
              <input
                type="url"
                inputMode="url"
                value={form.sourceUrl}
                onChange={(event) => set('sourceUrl', event.target.value)}
                placeholder="https://"
              />
            </Field>
            <Field label={t('concessions.field.sourceDate')} error={errors.sourceDate}>
              <input
                type="date"
                value={form.sourceDate}
                onChange={(event) => set('sourceDate', event.target.value)}
                min="1900-01-01"
                max="2100-12-31"
              />
            </Field>
          </div>
        </section>

        {isNew && (
          <section className="card" aria-labelledby="concession-declared-heading">
            <h2 id="concession-declared-heading">{t('concessions.edit.declaredOnCreate')}</h2>
            <p className="field-hint">{t('concessions.edit.declaredOnCreateHint')}</p>
            {form.declaredAreas.map((row, index) => (
              <fieldset key={row.key} className="declared-row">
                <legend className="visually-hidden">
                  {t('concessions.field.declared')} {index + 1}
                </legend>
                <div className="form-grid">
                  <Field label={t('concessions.declared.areaHa')} error={errors[`declaredAreas.${index}.areaHa`]} required>
                    <input
                      type="text"
                      inputMode="decimal"
                      value={row.areaHa}
                      onChange={(event) => setRow(row.key, 'areaHa', event.target.value)}
                    />
                  </Field>
                  <Field label={t('concessions.declared.statedOn')} error={errors[`declaredAreas.${index}.statedOn`]}>
                    <input type="date" value={row.statedOn} onChange={(event) => setRow(row.key, 'statedOn', event.target.value)} />
                  </Field>
                  <Field
                    label={t('concessions.declared.source')}
                    error={errors[`declaredAreas.${index}.source`]}
                    hint={t('concessions.declared.sourceHint')}
                    required
                  >
                    <input value={row.source} onChange={(event) => setRow(row.key, 'source', event.target.value)} maxLength={500} />
                  </Field>
                  <Field label={t('concessions.declared.sourceUrl')} error={errors[`declaredAreas.${index}.sourceUrl`]}>
                    <input
                      type="url"
                      inputMode="url"
                      value={row.sourceUrl}
                      onChange={(event) => setRow(row.key, 'sourceUrl', event.target.value)}
                      placeholder="https://"
                    />
                  </Field>
                </div>
                <button
                  type="button"
                  className="button button-danger"
                  onClick={() =>
                    set(
                      'declaredAreas',
                      form.declaredAreas.filter((other) => other.key !== row.key),
                    )
                  }
                >
                  {t('concessions.edit.removeRow')}
                </button>
              </fieldset>
            ))}
            <button
              type="button"
              className="button"
              onClick={() =>
                set('declaredAreas', [...form.declaredAreas, { key: nextRowKey++, areaHa: '', source: '', sourceUrl: '', statedOn: '' }])
              }
            >
              + {t('concessions.declared.add')}
            </button>
          </section>
        )}

        {Object.values(errors).some(Boolean) && (
          <p className="alert alert-error" role="alert">
            {t('common.error.invalid')}
          </p>
        )}
        <div className="button-row form-actions">
          <button type="submit" className="button button-primary" disabled={isSaving}>
            {isSaving ? t('common.state.saving') : t('common.action.save')}
          </button>
          <Link className="button" to={concession ? `/concessions/${concession.id}` : '/concessions'}>
            {t('common.action.cancel')}
          </Link>
        </div>
      </form>
    </div>
  )
}

/** Form errors by field, keeping the declared-area rows' and the point's own paths (declaredAreas.0.source, location.coordinates.1). */
function rowErrors(errors: FieldErrors): FieldErrors {
  const result = byFormField(errors)
  for (const [path, message] of Object.entries(errors))
    if (path.startsWith('declaredAreas.') || path.startsWith('location.')) result[path] ??= message
  return result
}

/**
 * The place's errors in the form's words: a boundary to draw (unless the record is known only as
 * a point), or, for a concession known by its location only, the point to put on the map (the
 * schema names "boundary" when neither was sent).
 */
function placeErrors(errors: FieldErrors, values: ConcessionFormValues, isBoundaryRequired: boolean, t: TFunction): FieldErrors {
  if (values.placeMode === 'location' && !isBoundaryRequired) return { ...errors, boundary: '' }
  if (values.placeMode === 'location') {
    const { boundary: _ignored, ...rest } = errors
    return { ...rest, ...(pointFrom(values.lon, values.lat) ? {} : { location: t('concessions.edit.locationRequired') }) }
  }
  return { ...errors, ...(values.boundary ? {} : { boundary: t('concessions.edit.boundaryRequired') }) }
}
