// What the map's colours, shapes, sizes and patterns mean, for the layers that are switched on.
import { useTranslation } from 'react-i18next'
import { CONCESSION_KINDS, SEVERITIES, TENURES, TITLE_STATUSES } from '../../../shared/vocabularies.ts'
import type { LayerVisibility } from './use-layer-visibility.ts'
import { INCIDENT_GROUPS, type IncidentGroup } from '../../map/styles.ts'
import {
  ClusterSwatch,
  CommunitySwatch,
  ConcessionPointSwatch,
  ConcessionSwatch,
  EvidenceSwatch,
  FadedSwatch,
  GroupSwatch,
  IncidentSwatch,
  ParcelCellSwatch,
  SeveritySwatch,
  TenureSwatch,
  TerritorySwatch,
  TitleStatusSwatch,
} from './swatches.tsx'

export function Legend({ layers, showEvidence }: { layers: LayerVisibility; showEvidence: boolean }) {
  const { t } = useTranslation()
  return (
    <div className="map-legend">
      {layers.incidents && (
        <section aria-labelledby="legend-incidents">
          <h3 id="legend-incidents">{t('map.legend.incidents')}</h3>
          <p className="field-hint">{t('map.legend.incidentsHelp')}</p>
          {(Object.keys(INCIDENT_GROUPS) as IncidentGroup[]).map((group) => (
            <div key={group} className="legend-group">
              <p className="legend-group-title">
                <GroupSwatch group={group} /> {t(`map.legend.groups.${group}`)}
              </p>
              <ul className="legend-list">
                {INCIDENT_GROUPS[group].kinds.map((kind) => (
                  <li key={kind}>
                    <IncidentSwatch kind={kind} /> {t(`vocab.incidentKind.${kind}`)}
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <p className="legend-group-title">{t('map.legend.severity')}</p>
          <ul className="legend-list legend-severity">
            {SEVERITIES.map((severity) => (
              <li key={severity}>
                <SeveritySwatch severity={severity} /> {t(`vocab.severity.${severity}`)}
              </li>
            ))}
          </ul>
          <ul className="legend-list">
            <li>
              <FadedSwatch /> {t('map.legend.faded')}
            </li>
            <li>
              <ClusterSwatch /> {t('map.legend.cluster')}
            </li>
          </ul>
        </section>
      )}
      {layers.communities && (
        <section aria-labelledby="legend-communities">
          <h3 id="legend-communities">{t('map.legend.communities')}</h3>
          <ul className="legend-list">
            <li>
              <CommunitySwatch /> {t('map.legend.community')}
            </li>
            <li>
              <TerritorySwatch /> {t('map.legend.territory')}
            </li>
          </ul>
        </section>
      )}
      {layers.parcels && (
        <section aria-labelledby="legend-parcels">
          <h3 id="legend-parcels">{t('map.legend.parcels')}</h3>
          <p className="legend-group-title">{t('map.legend.tenure')}</p>
          <ul className="legend-list">
            {TENURES.map((tenure) => (
              <li key={tenure}>
                <TenureSwatch tenure={tenure} /> {t(`vocab.tenure.${tenure}`)}
              </li>
            ))}
          </ul>
          <p className="legend-group-title">{t('map.legend.titleStatus')}</p>
          <ul className="legend-list">
            {TITLE_STATUSES.map((status) => (
              <li key={status}>
                <TitleStatusSwatch titleStatus={status} /> {t(`vocab.titleStatus.${status}`)}
              </li>
            ))}
          </ul>
          <p className="legend-group-title">{t('map.legend.parcelCells')}</p>
          <ul className="legend-list">
            <li>
              <ParcelCellSwatch disputedShare={0} /> {t('map.legend.parcelCellNone')}
            </li>
            <li>
              <ParcelCellSwatch disputedShare={1} /> {t('map.legend.parcelCellDisputed')}
            </li>
          </ul>
        </section>
      )}
      {layers.concessions && (
        <section aria-labelledby="legend-concessions">
          <h3 id="legend-concessions">{t('map.legend.concessions')}</h3>
          <p className="field-hint">{t('map.legend.concessionsHelp')}</p>
          <ul className="legend-list">
            {CONCESSION_KINDS.map((kind) => (
              <li key={kind}>
                <ConcessionSwatch kind={kind} /> {t(`vocab.concessionKind.${kind}`)}
              </li>
            ))}
            <li>
              <ConcessionPointSwatch kind="elc" /> {t('map.legend.concessionPoint')}
            </li>
          </ul>
        </section>
      )}
      {layers.evidence && showEvidence && (
        <section aria-labelledby="legend-evidence">
          <h3 id="legend-evidence">{t('map.legend.evidence')}</h3>
          <ul className="legend-list">
            <li>
              <EvidenceSwatch /> {t('map.legend.evidenceHelp')}
            </li>
          </ul>
        </section>
      )}
    </div>
  )
}
