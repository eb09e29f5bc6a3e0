// "Map for use without internet" on My account: a representative saves the basemap around their
// communities on the phone, seeing its size first (client/map/offline-basemap.ts). Shown only when
// the installation's tile server allows it (TILE_OFFLINE_MAX_TILES) and the user has communities.
import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatBytes, formatDateTime, formatNumber } from '../../lib/format.ts'
import { useIsOnline } from '../../lib/online.ts'
import { useClientConfig } from '../../lib/session.ts'
import { myPlacesQuery } from '../../map/my-places.ts'
import {
  basemapPlan,
  canSaveBasemap,
  forgetBasemap,
  saveBasemap,
  savedBasemap,
  type DownloadProgress,
  type SavedBasemap,
} from '../../map/offline-basemap.ts'

export function OfflineMapCard({ userId }: { userId: string }) {
  const { t } = useTranslation()
  const { data: config } = useClientConfig()
  const { data: places } = useQuery(myPlacesQuery(userId))
  const isOnline = useIsOnline()
  const template = config?.tileUrl ?? ''
  const [saved, setSaved] = useState<SavedBasemap | undefined>(() => savedBasemap(userId, template))
  const [progress, setProgress] = useState<DownloadProgress | undefined>()
  const [failure, setFailure] = useState<string | undefined>()
  const abort = useRef<AbortController | undefined>(undefined)
  useEffect(() => setSaved(savedBasemap(userId, template)), [userId, template])
  useEffect(() => () => abort.current?.abort(), [])

  const plan = basemapPlan(places, config?.tileOfflineMaxTiles ?? 0)
  if (!config?.tileUrl || !plan) return null

  const save = async () => {
    abort.current = new AbortController()
    setFailure(undefined)
    setProgress({ done: 0, total: plan.tileCount })
    try {
      setSaved(
        await saveBasemap({
          userId,
          template,
          attribution: config.tileAttribution,
          boxes: plan.boxes,
          maxZoom: plan.maxZoom,
          signal: abort.current.signal,
          onProgress: setProgress,
        }),
      )
    } catch (error) {
      if (!abort.current.signal.aborted) setFailure(error instanceof Error ? error.message : String(error))
    } finally {
      setProgress(undefined)
    }
  }
  const remove = async () => {
    await forgetBasemap(userId)
    setSaved(undefined)
  }

  return (
    <section className="card offline-map-card" aria-labelledby="offline-map-title">
      <h2 id="offline-map-title" className="card-title">
        {t('auth.offlineMap.title')}
      </h2>
      <p>{t('auth.offlineMap.intro')}</p>
      <p data-testid="offline-map-plan">
        {t('auth.offlineMap.plan', { tiles: formatNumber(plan.tileCount), size: formatBytes(plan.estimatedBytes) })}
      </p>
      {!canSaveBasemap() ? (
        <p className="alert alert-warning">{t('auth.offlineMap.needsHttps')}</p>
      ) : progress ? (
        <div className="offline-map-progress" role="status">
          <progress max={progress.total} value={progress.done} />
          <p>{t('auth.offlineMap.saving', { done: formatNumber(progress.done), total: formatNumber(progress.total) })}</p>
          <button type="button" className="button" onClick={() => abort.current?.abort()}>
            {t('auth.offlineMap.cancel')}
          </button>
        </div>
      ) : (
        <>
          {saved && (
            <p role="status" data-testid="offline-map-saved">
              {t('auth.offlineMap.saved', {
                date: formatDateTime(saved.savedAt),
                tiles: formatNumber(saved.tileCount),
                size: formatBytes(saved.bytes),
              })}
            </p>
          )}
          {failure && (
            <p className="alert alert-error" role="alert">
              {t('auth.offlineMap.failed', { reason: failure })}
            </p>
          )}
          {!isOnline && <p className="muted">{t('auth.offlineMap.offline')}</p>}
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={() => void save()} disabled={!isOnline}>
              {saved ? t('auth.offlineMap.update') : t('auth.offlineMap.save')}
            </button>
            {saved && (
              <button type="button" className="button" onClick={() => void remove()}>
                {t('auth.offlineMap.remove')}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  )
}
