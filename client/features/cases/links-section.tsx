// What the case is about: its communities, parcels and incidents, on a map and as links; legal
// staff link more or unlink. Representatives receive only the communities (the server leaves the
// rest out), so only what is there is shown.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { CaseDetail } from '../../../shared/cases.ts'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { formatHectares, formatOccurred } from '../../lib/format.ts'
import { linkRecord, unlinkRecord, type PickKind } from './api.ts'
import { CaseMap } from './case-map.tsx'
import { RecordPicker } from './record-picker.tsx'
import { refreshCase } from '../../lib/cases.ts'

type LinkKind = Exclude<PickKind, 'person'>

export function LinksSection({ caseData, canEdit }: { caseData: CaseDetail; canEdit: boolean }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [adding, setAdding] = useState<LinkKind | null>(null)
  const change = useMutation({
    mutationFn: ({ kind, id, isLink }: { kind: LinkKind; id: string; isLink: boolean }) =>
      isLink ? linkRecord(caseData.id, kind, id) : unlinkRecord(caseData.id, kind, id),
    onSuccess: async (_result, { isLink }) => {
      if (isLink) setAdding(null)
      await refreshCase(queryClient, caseData.id)
    },
  })

  const unlinkButton = (kind: LinkKind, id: string, name: string) =>
    canEdit && (
      <button
        type="button"
        className="link-button unlink-button"
        disabled={change.isPending}
        onClick={() => {
          if (window.confirm(t('cases.links.confirmUnlink', { name }))) change.mutate({ kind, id, isLink: false })
        }}
        aria-label={`${t('cases.links.unlink')}: ${name}`}
      >
        {t('cases.links.unlink')}
      </button>
    )

  const adder = (kind: LinkKind, linkedIds: string[]) =>
    canEdit &&
    (adding === kind ? (
      <div className="link-adder">
        <RecordPicker
          kind={kind}
          label={t(`cases.links.find.${kind}`)}
          excludeIds={linkedIds}
          disabled={change.isPending}
          onPick={(option) => change.mutate({ kind, id: option.id, isLink: true })}
        />
        <button type="button" className="button" onClick={() => setAdding(null)}>
          {t('common.action.cancel')}
        </button>
      </div>
    ) : (
      <button type="button" className="button add-link" onClick={() => setAdding(kind)}>
        <span aria-hidden="true">+ </span>
        {t(`cases.links.add.${kind}`)}
      </button>
    ))

  const communityIds = caseData.communities.map((c) => c.id)
  const parcelIds = caseData.parcels?.map((p) => p.id) ?? []
  const incidentIds = caseData.incidents?.map((i) => i.id) ?? []
  const hasAnything = communityIds.length + parcelIds.length + incidentIds.length > 0

  return (
    <section className="card case-section" aria-labelledby="case-links-heading">
      <h2 id="case-links-heading">{t('cases.links.title')}</h2>
      {hasAnything && <CaseMap communityIds={communityIds} parcelIds={parcelIds} incidentIds={incidentIds} />}
      <ProblemMessage error={change.error} />

      <h3>{t('cases.links.communities')}</h3>
      {caseData.communities.length === 0 ? (
        <p className="muted">{t('cases.links.none')}</p>
      ) : (
        <ul className="case-link-list">
          {caseData.communities.map((community) => (
            <li key={community.id}>
              <span className="link-shape shape-community" aria-hidden="true" />
              <span className="link-main">
                <Link to={`/communities/${community.id}`}>{community.name}</Link>
              </span>
              {unlinkButton('community', community.id, community.name)}
            </li>
          ))}
        </ul>
      )}
      {adder('community', communityIds)}

      {caseData.parcels && (
        <>
          <h3>{t('cases.links.parcels')}</h3>
          {caseData.parcels.length === 0 ? (
            <p className="muted">{t('cases.links.none')}</p>
          ) : (
            <ul className="case-link-list">
              {caseData.parcels.map((parcel) => (
                <li key={parcel.id}>
                  <span className="link-shape shape-parcel" aria-hidden="true" />
                  <span className="link-main">
                    <Link to={`/parcels/${parcel.id}`}>{parcel.label}</Link>
                    <span className="muted small">{t('common.unit.ha', { value: formatHectares(parcel.areaHa) })}</span>
                  </span>
                  {unlinkButton('parcel', parcel.id, parcel.label)}
                </li>
              ))}
            </ul>
          )}
          {adder('parcel', parcelIds)}
        </>
      )}

      {caseData.incidents && (
        <>
          <h3>{t('cases.links.incidents')}</h3>
          {caseData.incidents.length === 0 ? (
            <p className="muted">{t('cases.links.none')}</p>
          ) : (
            <ul className="case-link-list">
              {caseData.incidents.map((incident) => (
                <li key={incident.id}>
                  <span className="link-shape shape-incident" aria-hidden="true" />
                  <span className="link-main">
                    <Link to={`/incidents/${incident.id}`}>{incident.title}</Link>
                    <span className="muted small">
                      {t(`vocab.incidentKind.${incident.kind}`)} · {formatOccurred(incident.occurredAt, incident.occurredPrecision)} ·{' '}
                      {t(`vocab.incidentStatus.${incident.status}`)}
                    </span>
                  </span>
                  {unlinkButton('incident', incident.id, incident.title)}
                </li>
              ))}
            </ul>
          )}
          {adder('incident', incidentIds)}
        </>
      )}
    </section>
  )
}
