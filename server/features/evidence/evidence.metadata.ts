// What the bytes are and what they say about themselves: the sniffed type (never the client's
// word), EXIF time/GPS/camera for images, the page count of PDFs, an image thumbnail.
import ExifTransformer from 'exif-be-gone'
import exifr from 'exifr'
import { fileTypeFromFile } from 'file-type'
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import type { Duplex } from 'node:stream'
import sharp from 'sharp'
import { EVIDENCE_MEDIA_TYPES } from '../../../shared/evidence.ts'
import { createTooLargeToStripError } from './evidence.errors.ts'

const ALLOWED = new Set<string>(EVIDENCE_MEDIA_TYPES)
/** Images sharp reads: thumbnails and location stripping. */
export const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic', 'image/heif'])
const TEXT_SNIFF_BYTES = 64 * 1024

export const isAllowedType = (mediaType: string) => ALLOWED.has(mediaType)

/** The type of the bytes: file-type's magic numbers, then text, GeoJSON and KML by content. */
export async function sniffType(file: string): Promise<string | undefined> {
  const found = await fileTypeFromFile(file).catch(() => undefined)
  if (found && found.mime !== 'application/xml') return normalise(found.mime)
  const head = await readHead(file, TEXT_SNIFF_BYTES)
  const text = decodeUtf8(head.bytes)
  if (text === undefined) return found?.mime
  const start = text.replace(/^\uFEFF/, '').trimStart()
  if (/^<(\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<kml[\s>]/i.test(start)) return 'application/vnd.google-earth.kml+xml'
  if (found) return found.mime
  if (start.startsWith('{') && isGeoJson(start, head.isWhole)) return 'application/geo+json'
  return 'text/plain'
}

function normalise(mime: string) {
  return mime === 'audio/x-wav' || mime === 'audio/vnd.wave' ? 'audio/wav' : mime
}

async function readHead(file: string, max: number) {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(max)
    const { bytesRead } = await handle.read(buffer, 0, max, 0)
    const { size } = await handle.stat()
    return { bytes: buffer.subarray(0, bytesRead), isWhole: bytesRead >= size }
  } finally {
    await handle.close()
  }
}

/** Valid UTF-8 without NUL bytes (a character cut at the end of the sample is fine), else undefined. */
function decodeUtf8(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
  } catch {
    return undefined
  }
}

const GEOJSON_TYPES = 'FeatureCollection|Feature|Point|MultiPoint|LineString|MultiLineString|Polygon|MultiPolygon|GeometryCollection'
function isGeoJson(text: string, isWhole: boolean): boolean {
  if (isWhole) {
    try {
      const value = JSON.parse(text) as { type?: unknown }
      return typeof value.type === 'string' && new RegExp(`^(${GEOJSON_TYPES})$`).test(value.type)
    } catch {
      return false
    }
  }
  return new RegExp(`"type"\\s*:\\s*"(${GEOJSON_TYPES})"`).test(text)
}

export interface ExtractedMetadata {
  capturedAt: Date | null
  capturedAtText: string | null
  location: { type: 'Point'; coordinates: [number, number] } | null
  cameraMake: string | null
  cameraModel: string | null
  orientation: number | null
  pageCount: number | null
}

const NONE: ExtractedMetadata = {
  capturedAt: null,
  capturedAtText: null,
  location: null,
  cameraMake: null,
  cameraModel: null,
  orientation: null,
  pageCount: null,
}

/**
 * Camera time without a time-zone offset is read as Cambodia's (UTC+07:00, no daylight saving):
 * the raw text stays in capturedAtText for anyone who knows better.
 */
export const DEFAULT_CAPTURE_OFFSET = '+07:00'

/**
 * `isWhole` false: `file` holds only the first bytes (an S3 store keeps a bounded head locally).
 * EXIF sits at the start of an image and is still read; a PDF's pages are then not counted (null).
 */
export async function extractMetadata(file: string, mediaType: string, isWhole = true): Promise<ExtractedMetadata> {
  if (mediaType === 'application/pdf') return { ...NONE, pageCount: isWhole ? await countPdfPages(file) : null }
  if (!IMAGE_TYPES.has(mediaType)) return NONE
  // Damaged or exotic EXIF must not fail the upload: the file is still evidence.
  const exif = (await exifr
    .parse(file, { reviveValues: false, translateValues: false, gps: true, tiff: true, exif: true, xmp: false, icc: false, iptc: false })
    .catch(() => undefined)) as Record<string, unknown> | undefined
  if (!exif) return NONE
  const rawTime = typeof exif.DateTimeOriginal === 'string' ? exif.DateTimeOriginal.trim() : null
  const offset =
    typeof exif.OffsetTimeOriginal === 'string' && /^[+-]\d{2}:\d{2}$/.test(exif.OffsetTimeOriginal.trim())
      ? exif.OffsetTimeOriginal.trim()
      : null
  const lat = exif.latitude
  const lng = exif.longitude
  const hasGps =
    typeof lat === 'number' &&
    typeof lng === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    Math.abs(lat) <= 90 &&
    Math.abs(lng) <= 180 &&
    !(lat === 0 && lng === 0)
  return {
    capturedAt: rawTime ? parseExifTime(rawTime, offset ?? DEFAULT_CAPTURE_OFFSET) : null,
    capturedAtText: rawTime ? (offset ? `${rawTime} ${offset}` : rawTime) : null,
    location: hasGps ? { type: 'Point', coordinates: [lng, lat] } : null,
    cameraMake: textOrNull(exif.Make),
    cameraModel: textOrNull(exif.Model),
    orientation: typeof exif.Orientation === 'number' && exif.Orientation >= 1 && exif.Orientation <= 8 ? exif.Orientation : null,
    pageCount: null,
  }
}

const textOrNull = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : null)

/** "2008:10:22 16:28:39" + "+07:00" → the instant; null for the all-zero "unknown" dates cameras write. */
export function parseExifTime(text: string, offset: string): Date | null {
  const match = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(text)
  if (!match || match[1] === '0000') return null
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}${offset}`)
  return Number.isNaN(date.getTime()) ? null : date
}

/**
 * Counts `/Type /Page` objects in one streaming pass. PDFs that keep their page objects inside
 * compressed object streams (many PDF-1.5+ files) show none: then the count is unknown (null).
 */
export async function countPdfPages(file: string): Promise<number | null> {
  const pattern = /\/Type\s*\/Page(?![a-zA-Z])/g
  let count = 0
  let tail = ''
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
    const text = tail + (chunk as Buffer).toString('latin1')
    pattern.lastIndex = 0
    let lastEnd = 0
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      count++
      lastEnd = m.index + m[0].length
    }
    // Keep enough of the end to catch a match cut between chunks, but not one already counted.
    tail = text.slice(Math.max(lastEnd, text.length - 32))
  }
  return count > 0 ? count : null
}

/** A 320 px WebP for galleries (no metadata: sharp drops it), or undefined when sharp cannot read the image. */
export async function makeThumbnail(file: string): Promise<Buffer | undefined> {
  try {
    return await sharp(file, { limitInputPixels: 100_000_000 })
      .rotate()
      .resize(320, 320, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer()
  } catch {
    return undefined
  }
}

/** Above this many pixels an image is not decoded to remove its metadata (a 16k × 16k scan needs 1 GB). */
export const MAX_REENCODE_PIXELS = 100_000_000
/** Enough of an image's first bytes for its dimensions. */
export const IMAGE_HEAD_BYTES = 64 * 1024

/** Formats whose location metadata can be cut out without decoding the picture. */
const LOSSLESS_STRIP_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp'])

/**
 * A transform that gives a copy of the image without its location (and other metadata); the
 * stored original is not touched. Usually the image is re-encoded without any metadata, with its
 * orientation applied to the pixels so the picture still stands the right way up. An image too
 * large to decode (`head`: its first bytes tell its size) has its EXIF, XMP and text blocks cut out
 * of the byte stream instead, pixels untouched; in a format where that is not possible it is
 * refused (422) rather than served with its GPS.
 */
export async function stripLocationTransform(mediaType: string, head: Buffer): Promise<{ transform: Duplex; mediaType: string }> {
  const size = await sharp(head, { limitInputPixels: false })
    .metadata()
    .catch(() => undefined)
  const pixels = size?.width && size.height ? size.width * size.height : undefined
  if (pixels === undefined || pixels > MAX_REENCODE_PIXELS) {
    if (LOSSLESS_STRIP_TYPES.has(mediaType)) return { transform: new ExifTransformer(), mediaType }
    throw createTooLargeToStripError(mediaType, pixels)
  }
  const image = sharp({ limitInputPixels: MAX_REENCODE_PIXELS }).rotate()
  switch (mediaType) {
    case 'image/png':
      return { transform: image.png(), mediaType: 'image/png' }
    case 'image/webp':
      return { transform: image.webp({ quality: 90 }), mediaType: 'image/webp' }
    case 'image/gif':
      return { transform: image.gif(), mediaType: 'image/gif' }
    default:
      return { transform: image.jpeg({ quality: 92 }), mediaType: 'image/jpeg' }
  }
}
