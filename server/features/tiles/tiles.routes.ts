import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  TILE_MEDIA_TYPE,
  TileCount,
  TileCountQuery,
  TileLayerParams,
  TileParams,
  TileQuery,
  TileSetParams,
  TileSetQuery,
} from '../../../shared/tiles.ts'
import { canSeeTileLayer, type Viewer } from '../../lib/policy.ts'
import { signedInViewer } from '../../lib/security.ts'
import type { TileLayer } from '../../../shared/tiles.ts'
import { createTileLayerForbiddenError } from './tiles.errors.ts'
import { createTileCache } from './tile-cache.ts'
import { countRecords, producerFor, renderTile, strongTag, tileVersionTag } from './tiles.service.ts'

const tags = ['tiles']
// Every signed-in role reads some layer; which layers, per role, is TILE_LAYER_PERMISSIONS (policy.ts).
const read = { permission: 'signed_in' } as const
const tileResponse = (description: string) => ({
  description,
  content: { [TILE_MEDIA_TYPE]: { schema: z.any().meta({ type: 'string', format: 'binary' }) } },
})
const notModified = z.null().describe('The tile has not changed since the ETag sent in If-None-Match')

type TileRequest = Parameters<typeof signedInViewer>[0] & { db: Parameters<typeof tileVersionTag>[0] }

function layerViewer(req: TileRequest, layer: TileLayer): Viewer {
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

  /** One layer's tile and its version tag, from the cache when the tag is known there. */
  async function layerTile(req: TileRequest, layer: TileLayer, tile: { z: number; x: number; y: number }, query: TileQuery) {
    const viewer = layerViewer(req, layer)
    const address = { layer, ...tile }
    const tag = await tileVersionTag(req.db, viewer, address, query)
    return {
      tag,
      render: async () => {
        const cached = cache.get(tag)
        if (cached) return { bytes: cached, isCached: true }
        const bytes = await renderTile(req.db, producer, viewer, address, query)
        cache.set(tag, bytes)
        return { bytes, isCached: false }
      },
    }
  }

  app.get(
    '/:layer/:z/:x/:y.mvt',
    {
      config: read,
      schema: {
        tags,
        summary: 'A Mapbox Vector Tile of one map layer (records, or counted cells below the layer’s detail zoom)',
        params: TileParams,
        querystring: TileQuery,
        response: {
          200: tileResponse('One Mapbox Vector Tile (protobuf) with one layer named like the URL; empty (0 bytes) when nothing is in it'),
          304: notModified,
        },
      },
    },
    async (req, reply) => {
      const { layer, ...tile } = req.params
      const { tag, render } = await layerTile(req, layer, tile, req.query)
      // no-cache: the browser keeps the tile but asks each time; an unchanged tile costs one small query.
      reply.header('cache-control', 'private, no-cache').header('etag', tag)
      if (matchesTag(req.headers['if-none-match'], tag)) return reply.code(304).send(null)
      const { bytes, isCached } = await render()
      reply.header('x-dey-tile-cache', isCached ? 'hit' : 'miss')
      return reply.type(TILE_MEDIA_TYPE).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    },
  )

  app.get(
    '/:z/:x/:y.mvt',
    {
      config: read,
      schema: {
        tags,
        summary: 'A Mapbox Vector Tile of several map layers at once (the map asks for this: one request per tile)',
        params: TileSetParams,
        querystring: TileSetQuery,
        response: {
          200: tileResponse(
            'One Mapbox Vector Tile holding each layer named in `layers` that has something in this tile, each as its own endpoint gives it',
          ),
          304: notModified,
        },
      },
    },
    async (req, reply) => {
      const { layers, ...query } = req.query
      // Every layer is checked before anything is rendered: one forbidden layer refuses the request.
      const parts = await Promise.all(layers.map((layer) => layerTile(req, layer, req.params, query)))
      const tag = strongTag(JSON.stringify([layers, parts.map((part) => part.tag)]))
      reply.header('cache-control', 'private, no-cache').header('etag', tag)
      if (matchesTag(req.headers['if-none-match'], tag)) return reply.code(304).send(null)
      const rendered = await Promise.all(parts.map((part) => part.render()))
      reply.header('x-dey-tile-cache', rendered.every((part) => part.isCached) ? 'hit' : 'miss')
      // A vector tile is a protobuf message whose layers are a repeated field: the layers' own
      // encodings, one after another, are one valid tile.
      return reply
        .type(TILE_MEDIA_TYPE)
        .send(Buffer.concat(rendered.map(({ bytes }) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))))
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
