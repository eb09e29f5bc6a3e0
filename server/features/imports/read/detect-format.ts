// What kind of file an upload is, by its bytes: the extension only sharpens the error for a file that
// is none of the kinds Dey reads (a ".zip" that is not a zip).
import { open } from 'node:fs/promises'
import type { ImportFormat } from '../../../../shared/imports.ts'
import { createNotAZipError, createShapefileNotZippedError, createUnsupportedFormatError } from './imports-read.errors.ts'
import { listZip } from './zip.ts'

export type DetectedFormat =
  | { format: Exclude<ImportFormat, 'kmz' | 'shapefile'> }
  | { format: 'kmz'; kmlEntries: string[] }
  | { format: 'shapefile' }
  /** A zip of GeoJSON, CSV or GeoPackage files (people zip what they send): each is opened as if uploaded alone. */
  | { format: 'zipped'; entries: string[] }

/** Files a zip may hold instead of a shapefile or KML. */
const ZIPPED_DATA = /\.(geojson|json|csv|gpkg)$/i

const HEAD_BYTES = 64 * 1024

async function readHead(path: string): Promise<Buffer> {
  const file = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(HEAD_BYTES)
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await file.close()
  }
}

const startsWith = (head: Buffer, bytes: number[]) => bytes.every((byte, i) => head[i] === byte)

export async function detectFormat(path: string, fileName: string): Promise<DetectedFormat> {
  const head = await readHead(path)
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? ''
  if (head.length === 0) throw createUnsupportedFormatError(`${fileName} is empty`)

  // PK\3\4 starts a zip with entries, PK\5\6 an empty one.
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    const names = (await listZip(path, fileName)).map((entry) => entry.name)
    if (names.some((name) => /\.shp$/i.test(name))) return { format: 'shapefile' }
    const kmlEntries = names.filter((name) => /\.kml$/i.test(name))
    if (kmlEntries.length > 0) return { format: 'kmz', kmlEntries }
    const dataEntries = names.filter((name) => ZIPPED_DATA.test(name))
    if (dataEntries.length > 0) return { format: 'zipped', entries: dataEntries }
    // Lets the shapefile reader say what is missing (import.no_shp_in_zip).
    return { format: 'shapefile' }
  }
  if (head.subarray(0, 16).toString('latin1') === 'SQLite format 3\0') return { format: 'gpkg' }
  if (head.length >= 4 && head.readInt32BE(0) === 9994) throw createShapefileNotZippedError()
  if (extension === 'zip' || extension === 'kmz') throw createNotAZipError(fileName)

  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
  if (head.includes(0) && !/^[{[<]/.test(text))
    throw createUnsupportedFormatError(`${fileName} is a binary file of a kind Dey does not read`)
  if (text.startsWith('{') || text.startsWith('[')) return { format: 'geojson' }
  if (text.startsWith('<')) {
    if (/<([A-Za-z_][\w.-]*:)?kml[\s>]/.test(text)) return { format: 'kml' }
    const root = /<([A-Za-z_][\w.:-]*)[\s>]/.exec(text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, ''))?.[1]
    throw createUnsupportedFormatError(`${fileName} is XML (<${root ?? '?'}>) but not KML`)
  }
  return { format: 'csv' }
}
