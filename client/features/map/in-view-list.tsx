// What is in view, as a list of buttons: the keyboard's (and a screen reader's) way to every
// record the map shows, shapes included — a focused button opens the record's panel like a click
// on the map. Zoomed out, the map shows clusters; the list then says how many more there are.
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { TileLayer } from '../../../shared/tiles.ts'
import { formatNumber, textOrder } from '../../lib/format.ts'
import { localName, localText } from '../../lib/reference-data.ts'
import { LAYERS, type LayerName } from './api.ts'
import type { LayerStatus } from './layer-toggles.tsx'
import { isSelected, type SelectHandler, type Selection } from './selection.ts'
import type { TileRecordProperties } from '../../../shared/tiles.ts'
import type { LayerFeatures } from './tiles.ts'
import { recordsInView, type Bounds } from './view.ts'

/** More than this many buttons per layer help no one: zooming in narrows the list. */
export const IN_VIEW_LIST_MAX = 100

type LayerData = { [L in LayerName]: { data: LayerFeatures<L> | undefined } }

interface Props {
  layers: readonly LayerName[]
  data: LayerData
  bounds: Bounds | undefined
  counts: Record<LayerName, LayerStatus>
  selection: Selection | null
  onSelect: SelectHandler
}

export function recordTitle(layer: LayerName, properties: TileRecordProperties[TileLayer & LayerName], language: string): string {
  switch (layer) {
    case 'incidents': {
      const p = properties as TileRecordProperties['incidents']
      return localText(p.title, p.titleKm, language)
    }
    case 'communities':
    case 'concessions':
      return localName(properties as TileRecordProperties['communities'], language)
    case 'parcels':
      return (properties as TileRecordProperties['parcels']).label
    case 'evidence':
      return (properties as TileRecordProperties['evidence']).title
  }
}

export function InViewList({ layers, data, bounds, counts, selection, onSelect }: Props) {
  const { t, i18n } = useTranslation()
  // The map page re-renders as each tile arrives; the records in view change only with the view,
  // a layer's data or the language. One entry per layer of LAYERS (undefined when not shown).
  const shownData = LAYERS.map((layer) => (layers.includes(layer) ? data[layer].data : undefined))
  const records = useMemo(
    () => {
      const compare = textOrder(i18n.language)
      return LAYERS.map((layer, index) => {
        const features = shownData[index] as LayerFeatures<typeof layer> | undefined
        if (!features || !bounds) return undefined
        return recordsInView(features, bounds)
          .map((record) => ({ ...record, title: recordTitle(layer, record.properties, i18n.language) }))
          .sort((a, b) => compare(a.title, b.title))
      })
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- shownData compared entry by entry (a fixed length)
    [bounds, i18n.language, ...shownData],
  )
  if (!bounds) return null
  const sections = layers.flatMap((layer) => {
    const inView = records[LAYERS.indexOf(layer)]
    return inView ? [{ layer, records: inView, total: counts[layer].count }] : []
  })
  if (sections.every((section) => section.records.length === 0 && !section.total)) {
    return <p className="field-hint">{t('map.inView.empty')}</p>
  }
  return (
    <div className="map-in-view">
      {sections.map(({ layer, records, total }) => {
        const shown = records.slice(0, IN_VIEW_LIST_MAX)
        const more = Math.max(0, (total ?? records.length) - shown.length)
        if (shown.length === 0 && more === 0) return null
        return (
          <section key={layer} aria-labelledby={`in-view-${layer}`}>
            <h3 id={`in-view-${layer}`}>
              {t(`map.layers.${layer}`)} ({formatNumber(total ?? records.length)})
            </h3>
            {shown.length > 0 && (
              <ul className="map-in-view-list">
                {shown.map((record) => (
                  <li key={record.id}>
                    <button
                      type="button"
                      className="link-button"
                      aria-current={isSelected(selection, layer, record.id) ? 'true' : undefined}
                      onClick={() => onSelect({ layer, id: record.id, title: record.title }, { lat: record.at[1], lng: record.at[0] })}
                    >
                      {record.title}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {more > 0 && <p className="field-hint">{t('map.inView.more', { count: more })}</p>}
          </section>
        )
      })}
    </div>
  )
}
