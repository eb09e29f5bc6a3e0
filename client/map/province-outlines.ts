// Cambodia's province outlines as the map's offline basemap: the query, and warming the service
// worker's copy while there is a connection. Apart from the map components (no Leaflet here), so
// the app shell can warm it without loading the map library on the sign-in page.
import { queryOptions, type QueryClient } from '@tanstack/react-query'
import { AdminAreaFeatures } from '../../shared/admin-areas.ts'
import { api } from '../lib/api-client.ts'

/**
 * Cambodia's 25 province outlines, simplified (about 80 kB). The service worker keeps this answer
 * (vite.config.ts: public reference data, unlike every other API answer), so the map has its
 * outlines offline; the app asks for it once online (warmOfflineMap) even when a basemap is shown.
 */
export const provinceOutlinesQuery = () =>
  queryOptions({
    queryKey: ['admin-areas', 'province-outlines'],
    queryFn: () =>
      api('/api/admin-areas', AdminAreaFeatures, {
        query: { level: '1', include: 'boundary', format: 'geojson', limit: 100, toleranceDeg: 0.005 },
      }),
    staleTime: Infinity,
    // Asked for even offline (React Query would wait for a connection): the service worker answers.
    networkMode: 'offlineFirst',
  })

/**
 * Fetches what the map needs offline while there is a connection, for the service worker to keep.
 * On the very first visit the worker takes over only after the page has loaded: the outlines are
 * asked for again then, through it. Returns the function that stops listening.
 */
export function warmOfflineMap(queryClient: QueryClient): () => void {
  const warm = (fresh: boolean) => {
    if (!navigator.onLine) return
    const query = fresh ? { ...provinceOutlinesQuery(), staleTime: 0 } : provinceOutlinesQuery()
    void queryClient.prefetchQuery(query).catch(() => undefined)
  }
  warm(false)
  const worker = navigator.serviceWorker
  const onControllerChange = () => warm(true)
  worker?.addEventListener('controllerchange', onControllerChange)
  return () => worker?.removeEventListener('controllerchange', onControllerChange)
}
