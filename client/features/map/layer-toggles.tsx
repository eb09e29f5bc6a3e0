// The layer switches: a labelled checkbox per layer (remembered on the device), with how many of
// its features are in view and why a layer shows nothing (zoomed out, hidden for the role).
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../../lib/format.ts'
import { LAYERS, type LayerName } from './api.ts'
import { CommunitySwatch, ConcessionSwatch, EvidenceSwatch, IncidentSwatch, TenureSwatch } from './swatches.tsx'
import type { LayerVisibility } from './use-layer-visibility.ts'

export interface LayerStatus {
  count: number | undefined
  isZoomedOut: boolean
  hasError: boolean
}

const SWATCHES: Record<LayerName, () => React.JSX.Element> = {
  incidents: () => <IncidentSwatch kind="forced_eviction" />,
  communities: () => <CommunitySwatch />,
  parcels: () => <TenureSwatch tenure="communal_land_title" />,
  concessions: () => <ConcessionSwatch kind="elc" />,
  evidence: () => <EvidenceSwatch />,
}

interface Props {
  layers: LayerVisibility
  onToggle: (layer: LayerName, isVisible: boolean) => void
  status: Record<LayerName, LayerStatus>
  /** Layers the role cannot use (photo locations for advocates). */
  unavailable: Partial<Record<LayerName, string>>
}

export function LayerToggles({ layers, onToggle, status, unavailable }: Props) {
  const { t } = useTranslation()
  return (
    <fieldset className="map-layers">
      <legend>{t('map.layers.heading')}</legend>
      {LAYERS.map((layer) => {
        const reason = unavailable[layer]
        const { count, isZoomedOut } = status[layer]
        const Swatch = SWATCHES[layer]
        const hintId = `layer-hint-${layer}`
        const hint = reason ?? (layers[layer] && isZoomedOut ? t(`map.zoomHint.${layer}`) : undefined)
        return (
          <div key={layer} className="map-layer">
            <label className="map-layer-label">
              <input
                type="checkbox"
                checked={layers[layer] && !reason}
                disabled={Boolean(reason)}
                aria-describedby={hint ? hintId : undefined}
                onChange={(event) => onToggle(layer, event.target.checked)}
              />
              <Swatch />
              <span>{t(`map.layers.${layer}`)}</span>
            </label>
            {layers[layer] && !reason && !isZoomedOut && count !== undefined && (
              <span className="map-layer-count" title={t('map.layers.inView', { count })}>
                <span aria-hidden="true">{formatNumber(count)}</span>
                <span className="visually-hidden">{t('map.layers.inView', { count })}</span>
              </span>
            )}
            {hint && (
              <p id={hintId} className="field-hint map-layer-hint">
                {hint}
              </p>
            )}
          </div>
        )
      })}
    </fieldset>
  )
}
