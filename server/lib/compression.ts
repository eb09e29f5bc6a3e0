// Compression of what the server sends. A representative's phone on a 2G/3G link pays for every
// byte: JSON, GeoJSON and vector tiles shrink to a fifth or less. The built client is compressed
// once at build time (brotli and gzip files beside each asset, vite.config.ts) and served as such
// by the static server; this compresses the API's answers as they go, above a size where it pays.
import fastifyCompress from '@fastify/compress'
import { constants } from 'node:zlib'
import type { FastifyInstance } from 'fastify'

/** Answers smaller than this go as they are: a packet is a packet. */
export const COMPRESSION_THRESHOLD_BYTES = 1024

/**
 * Text, JSON (problem+json, geo+json), GeoJSON, calendars and vector tiles (protobuf that gzip
 * halves). Images, PDFs, ZIPs and video are compressed already and pass through.
 */
const COMPRESSIBLE = /^(text\/|application\/(json|[a-z.+-]*\+json|javascript|xml|vnd\.mapbox-vector-tile|vnd\.google-earth\.kml\+xml))/

export async function registerCompression(app: FastifyInstance) {
  await app.register(fastifyCompress, {
    global: true,
    threshold: COMPRESSION_THRESHOLD_BYTES,
    encodings: ['br', 'gzip'],
    customTypes: COMPRESSIBLE,
    // Brotli's default quality (11) is for files compressed once; per answer, quality 4 is about
    // gzip's speed with smaller output.
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  })
}
