// Add or edit a community (staff): names, kind and status, member counts, leader, where it is (a
// point picked on the map or typed) and its territory (drawn with the geometry editor). Checked
// with the shared schemas before sending; the server's own objections appear next to the fields;
// a 409 keeps the user's edits and lets them load the current version or save over it.
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { Community, CreateCommunityBody, UpdateCommunityBody } from '../../../shared/communities.ts'
import type { MultiPolygon } from '../../../shared/geo.ts'
import { COMMUNITY_KINDS, COMMUNITY_STATUSES } from '../../../shared/vocabularies.ts'
import { ConflictNotice } from '../../components/conflict-notice.tsx'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { api, ApiError } from '../../lib/api-client.ts'
import { useEditForm } from '../../lib/edit-form.ts'
import type { FieldErrors } from '../../lib/form-errors.ts'
import { isShapeRefusedHere, serverGeometryProblem } from '../../map/geometry-checks.ts'
import { GeometryEditor, type ContextShape } from '../../map/geometry-editor.tsx'
import { communityParcelsQuery, networksQuery, useCreateCommunity, useUpdateCommunity } from './api.ts'
import { communityBodyOf, communityValuesOf, emptyCommunityValues, type CommunityFormValues } from './community-form.ts'
import { changedFields, errorOf, notANumberWhenText, requiredWhenEmpty } from '../../lib/form-values.ts'
import { LocationPicker } from '../../map/location-picker.tsx'
import { positionOf } from '../../map/to-lat-lng.ts'
import { communityQuery, localName } from '../../lib/reference-data.ts'
import { PlaceFields } from '../../components/place-fields.tsx'
import '../../components/records.css'
import { PageLoading, PageProblem } from '../../components/page-state.tsx'

export function CommunityEditPage() {
  const { id } = useParams()
  const { data, error, refetch } = useQuery({ ...communityQuery(id ?? ''), enabled: Boolean(id) })
  if (!id) return <CommunityForm />
  if (error) return <PageProblem error={error} onRetry={() => void refetch()} />
  if (!data) return <PageLoading />
  return <CommunityForm key={id} community={data} />
}

const NUMBER_FIELDS = [
  'households',
  'members',
  'womenMembers',
  'youthMembers',
  'establishedYear',
  'location.coordinates.0',
  'location.coordinates.1',
]

export function CommunityForm({ community }: { community?: Community }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const networks = useQuery(networksQuery())
  const parcels = useQuery({ ...communityParcelsQuery(community?.id ?? ''), enabled: Boolean(community) })
  const {
    base,
    isNew,
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
  } = useEditForm<Community, CommunityFormValues, Community>({
    record: community,
    valuesOf: (row) => (row ? communityValuesOf(row) : emptyCommunityValues()),
    // An edit sends only what changed.
    bodyOf: (current, row) =>
      row
        ? changedFields(communityBodyOf(current, 'update'), communityBodyOf(communityValuesOf(row), 'update'))
        : communityBodyOf(current, 'create'),
    createSchema: CreateCommunityBody,
    updateSchema: UpdateCommunityBody,
    rowSchema: Community,
    fetchRow: (id) => api(`/api/communities/${id}`, Community),
    create: useCreateCommunity(),
    update: useUpdateCommunity(),
    // A territory whose edges cross is explained under the map, with the repair offered there.
    checkValues: (current, save): FieldErrors => (isShapeRefusedHere(current.territory, save) ? { territory: t('geometry.fixFirst') } : {}),
    refineErrors: (found, current) =>
      notANumberWhenText(
        requiredWhenEmpty(found, { ...current }, ['kind', 'status', 'province'], t('common.error.fieldRequired')),
        { ...current, 'location.coordinates.0': current.lon, 'location.coordinates.1': current.lat },
        NUMBER_FIELDS,
        t('common.error.notANumber'),
      ),
    onSaved: (saved) => void navigate(`/communities/${saved.id}`),
    onUnchanged: (row) => void navigate(`/communities/${row.id}`),
  })

  const set = <K extends keyof CommunityFormValues>(field: K, value: CommunityFormValues[K]) =>
    setValues((previous) => ({ ...previous, [field]: value }))
  const bind = (field: keyof CommunityFormValues) => ({
    value: (values[field] as string | undefined) ?? '',
    onChange: (event: { target: { value: string } }) => set(field, event.target.value),
  })

  const context: ContextShape[] = (parcels.data?.items ?? []).map((parcel) => ({
    id: parcel.id,
    geometry: parcel.boundary,
    kind: 'parcel',
    title: parcel.label,
  }))
  // A server objection to the shape is explained inside the editor; the schema's own (e.g. a ring too short) here.
  const territoryError = serverGeometryProblem(error, 'territory') ? undefined : errorOf(errors, 'territory')
  const hasErrors = Object.keys(errors).length > 0
  const otherProblem = error && !conflict && !hasErrors && !(error instanceof ApiError && error.status === 422) ? error : undefined
  const networkChoices = (networks.data ?? []).filter((network) => network.id !== base?.id)
  const title = base ? t('communities.edit.title', { name: localName(base) }) : t('communities.edit.newTitle')

  return (
    <div className="page rec-page-form rec-communities">
      <PageHeader title={title}>
        <p className="muted">{t('communities.edit.intro')}</p>
      </PageHeader>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="rec-form" aria-label={title}>
        <section className="card">
          <h2>{t('communities.edit.identity')}</h2>
          <div className="form-grid">
            <Field label={t('communities.field.nameEn')} error={errorOf(errors, 'name')} required>
              <input type="text" autoComplete="off" {...bind('name')} />
            </Field>
            <Field label={t('communities.field.nameKm')} error={errorOf(errors, 'nameKm')}>
              <input type="text" lang="km" autoComplete="off" {...bind('nameKm')} />
            </Field>
            <Field label={t('common.field.kind')} error={errorOf(errors, 'kind')} required>
              <select {...bind('kind')}>
                <option value="">{t('communities.edit.chooseKind')}</option>
                {COMMUNITY_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`vocab.communityKind.${kind}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('common.field.status')} error={errorOf(errors, 'status')} required>
              <select {...bind('status')}>
                {COMMUNITY_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {t(`vocab.communityStatus.${status}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('communities.field.establishedYear')} error={errorOf(errors, 'establishedYear')}>
              <input type="text" inputMode="numeric" maxLength={4} autoComplete="off" {...bind('establishedYear')} />
            </Field>
            {values.kind !== 'provincial_network' && (
              <Field label={t('communities.field.network')} error={errorOf(errors, 'networkId')}>
                <select {...bind('networkId')}>
                  <option value="">{t('communities.edit.noNetwork')}</option>
                  {networkChoices.map((network) => (
                    <option key={network.id} value={network.id}>
                      {localName(network)}
                    </option>
                  ))}
                </select>
              </Field>
            )}
          </div>
        </section>

        <section className="card">
          <h2>{t('communities.page.members')}</h2>
          <div className="form-grid rec-grid-4">
            <Field label={t('common.field.households')} error={errorOf(errors, 'households')}>
              <input type="text" inputMode="numeric" autoComplete="off" {...bind('households')} />
            </Field>
            <Field label={t('communities.field.members')} error={errorOf(errors, 'members')}>
              <input type="text" inputMode="numeric" autoComplete="off" {...bind('members')} />
            </Field>
            <Field label={t('communities.field.womenMembers')} error={errorOf(errors, 'womenMembers')}>
              <input type="text" inputMode="numeric" autoComplete="off" {...bind('womenMembers')} />
            </Field>
            <Field label={t('communities.field.youthMembers')} error={errorOf(errors, 'youthMembers')}>
              <input type="text" inputMode="numeric" autoComplete="off" {...bind('youthMembers')} />
            </Field>
          </div>
          <div className="form-grid">
            <Field
              label={t('communities.field.intakeCode')}
              error={errorOf(errors, 'intakeCode')}
              hint={t('communities.edit.intakeCodeHint')}
            >
              <input type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={8} {...bind('intakeCode')} />
            </Field>
            <Field label={t('communities.field.leaderName')} error={errorOf(errors, 'leaderName')}>
              <input type="text" autoComplete="off" {...bind('leaderName')} />
            </Field>
            {values.leaderPhone !== undefined && (
              <Field
                label={t('communities.field.leaderPhone')}
                error={errorOf(errors, 'leaderPhone')}
                hint={t('communities.edit.phoneHint')}
              >
                <input type="tel" autoComplete="off" {...bind('leaderPhone')} />
              </Field>
            )}
          </div>
        </section>

        <section className="card">
          <h2>{t('communities.edit.where')}</h2>
          <div className="form-grid">
            <LocationPicker
              label={t('communities.edit.locationLabel')}
              lon={values.lon}
              lat={values.lat}
              onChange={(lon, lat) => setValues((previous) => ({ ...previous, lon, lat }))}
              lonError={errorOf(errors, 'location.coordinates.0')}
              latError={errorOf(errors, 'location.coordinates.1')}
              error={errors.location ?? errors['location.coordinates'] ?? errors['location.type']}
              required
              reference={values.territory ? [{ id: 'territory', geometry: values.territory }] : []}
            />
            <PlaceFields
              values={values}
              onChange={(change) => setValues((previous) => ({ ...previous, ...change }))}
              errors={errors}
              isProvinceRequired={false}
              hint={isNew ? t('communities.edit.placeHintNew') : t('communities.edit.placeHint')}
              emptyProvinceLabel={isNew ? t('communities.edit.provinceFromPoint') : t('communities.edit.chooseProvince')}
            />
          </div>
        </section>

        <section className="card">
          <h2>{t('communities.edit.territory')}</h2>
          <p className="field-hint">{t('communities.edit.territoryHint')}</p>
          <GeometryEditor
            value={values.territory}
            onChange={(territory: MultiPolygon | null) => set('territory', territory)}
            label={t('communities.edit.territoryLabel')}
            context={context}
            error={error}
            field="territory"
            onRepair={repair}
            onAllowLargeArea={allowLargeArea}
            focus={positionOf(values.lon, values.lat)}
            isBusy={isSaving}
          />
          {territoryError && (
            <p className="field-error" role="alert">
              {territoryError}
            </p>
          )}
        </section>

        <section className="card">
          <Field label={t('common.field.description')} error={errorOf(errors, 'description')}>
            <textarea rows={5} {...bind('description')} />
          </Field>
        </section>

        <div className="rec-form-footer">
          {conflict && <ConflictNotice onReload={reload} onOverwrite={overwrite} />}
          {hasErrors && (
            <p className="alert alert-error" role="alert">
              {t('common.error.invalid')}
            </p>
          )}
          {otherProblem && <ProblemMessage error={otherProblem} />}
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={isSaving}>
              {isSaving ? t('common.state.saving') : isNew ? t('communities.edit.create') : t('common.action.save')}
            </button>
            <Link to={base ? `/communities/${base.id}` : '/communities'} className="button">
              {t('common.action.cancel')}
            </Link>
          </div>
        </div>
      </form>
    </div>
  )
}
