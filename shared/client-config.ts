import { z } from 'zod'
import { DEFAULT_WARN_DISTANCE_KM } from './sanity.ts'

/** What the web client needs to know about this installation before anyone signs in. */
export const ClientConfig = z.object({
  /** Leaflet tile URL template, or null when the map runs without a basemap (offline installs). */
  tileUrl: z.string().nullable(),
  tileAttribution: z.string(),
  /** How many basemap tiles a user may save for offline use around their communities (0: not offered; TILE_OFFLINE_MAX_TILES). */
  tileOfflineMaxTiles: z.number().int().min(0).default(0),
  /** The largest evidence file the server accepts, so the client can refuse it before uploading. */
  maxUploadBytes: z.number().int().positive(),
  /** Active demo accounts exist (their public passwords can be shown on the sign-in page). */
  hasDemoAccounts: z.boolean(),
  /**
   * Where stored positions may lie: west, south, east, north in degrees, the margin included
   * (DEY_REGION_BBOX, DEY_REGION_MARGIN_KM). The server refuses positions outside; the report
   * form says so before the report is queued.
   */
  region: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  /** A report farther (km) from its community, or from its photos' GPS, gets a warning (DEY_WARN_DISTANCE_KM). */
  warnDistanceKm: z.number().positive().default(DEFAULT_WARN_DISTANCE_KM),
})
export type ClientConfig = z.infer<typeof ClientConfig>
