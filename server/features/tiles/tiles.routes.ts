import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { TILE_MEDIA_TYPE, TileCount, TileCountQuery, TileLayerParams, TileParams, TileQuery } from '../../../shared/tiles.ts'
import { canSeeTileLayer, type Viewer } from '../../lib/policy.ts'
import { signedInViewer } from '../../lib/security.ts'
import type { TileLayer } from '../../../shared/tiles.ts'
import { createTileLayerForbiddenError } from './tiles.errors.ts'
import { createTileCache } from './tile-cache.ts'
import { countRecords, producerFor, renderTile, tileVersionTag } from './tiles.service.ts'

const tags = ['tiles']
// Every signed-in role reads some layer; which layers, per role, is TILE_LAYER_PERMISSIONS (policy.ts).
const read = { permission: 'signed_in' } as const
const tileResponse = {
  description: 'One Mapbox Vector Tile (protobuf) with one layer named like the URL; empty (0 bytes) when nothing is in it',
  content: { [TILE_MEDIA_TYPE]: { schema: z.any().meta({ type: 'string', format: 'binary' }) } },
}

function layerViewer(req: Parameters<typeof signedInViewer>[0], layer: TileLayer): Viewer {
  const viewer = signedInViewer(req)
  if (!canSeeTileLayer(viewer, layer)) throw createTileLayerForbiddenError(layer)
  return viewer
}

/** `If-None-Match` holds our tag (alone, in a list, or as `*`). */
const matchesTag = (header: string | undefined, tag: string) =>
  header !== undefined && header.split(',').some((candidate) => ['*', tag, `W/${tag}`].includes(candidate.trim()))

export interface TilesRouteOptions {
  /** Memory for rendered tiles (tile-cache.ts); 0: render every request. */
  cacheMB?: number
}

export const DEFAULT_TILE_CACHE_MB = 64

export const tilesRoutes: FastifyPluginAsyncZod<TilesRouteOptions> = async (app, options) => {
  const producer = producerFor(app.database.driver)
  const cache = createTileCache(options.cacheMB ?? DEFAULT_TILE_CACHE_MB)

  app.get(
    '/:layer/:z/:x/:y.mvt',
    {
      config: read,
      schema: {
        tags,
        summary: 'A Mapbox Vector Tile of one map layer (records, or counted cells below the layer’s detail zoom)',
        params: TileParams,
        querystring: TileQuery,
        response: { 200: tileResponse, 304: z.null().describe('The tile has not changed since the ETag sent in If-None-Match') },
      },
    },
    async (req, reply) => {
      const viewer = layerViewer(req, req.params.layer)
      const tag = await tileVersionTag(req.db, viewer, req.params, req.query)
      // no-cache: the browser keeps the tile but asks each time; an unchanged tile costs one small query.
      reply.header('cache-control', 'private, no-cache').header('etag', tag)
      if (matchesTag(req.headers['if-none-match'], tag)) return reply.code(304).send(null)
      let tile = cache.get(tag)
      reply.header('x-dey-tile-cache', tile ? 'hit' : 'miss')
      if (!tile) {
        tile = await renderTile(req.db, producer, viewer, req.params, req.query)
        cache.set(tag, tile)
      }
      return reply.type(TILE_MEDIA_TYPE).send(Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength))
    },
  )

  app.get(
    '/:layer/count',
    {
      config: read,
      schema: {
        tags,
        summary: 'How many records of a layer, with the map’s filters, lie in a box (the map’s “N in view”)',
        params: TileLayerParams,
        querystring: TileCountQuery,
        response: { 200: TileCount },
      },
    },
    async (req) => ({ count: await countRecords(req.db, layerViewer(req, req.params.layer), req.params.layer, req.query) }),
  )
}
