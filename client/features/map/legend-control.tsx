// The legend on the map itself, one tap away under the zoom buttons: in the sidebar it sat below
// every filter (about 1,000 px down on a desktop, inside the closed sheet on a phone).
import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Legend } from './legend.tsx'
import type { LayerVisibility } from './use-layer-visibility.ts'

export function LegendControl({ layers, showEvidence }: { layers: LayerVisibility; showEvidence: boolean }) {
  const { t } = useTranslation()
  const [isOpen, setOpen] = useState(false)
  const panelId = useId()
  const toggleRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (!isOpen) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      setOpen(false)
      toggleRef.current?.focus()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [isOpen])
  return (
    <>
      <button
        type="button"
        ref={toggleRef}
        className="map-legend-toggle"
        data-testid="map-legend-toggle"
        aria-expanded={isOpen}
        aria-controls={panelId}
        onClick={() => setOpen((open) => !open)}
      >
        <span className="map-legend-icon" aria-hidden="true" />
        <span className="map-legend-toggle-text">{t('map.legend.heading')}</span>
      </button>
      {isOpen && (
        <section id={panelId} className="map-legend-panel" data-testid="map-legend" aria-label={t('map.legend.heading')}>
          <header className="map-legend-panel-header">
            <h2>{t('map.legend.heading')}</h2>
            <button
              type="button"
              className="map-panel-close"
              onClick={() => setOpen(false)}
              aria-label={t('map.legend.close')}
              title={t('map.legend.close')}
            >
              <span aria-hidden="true">✕</span>
            </button>
          </header>
          <Legend layers={layers} showEvidence={showEvidence} />
        </section>
      )}
    </>
  )
}
