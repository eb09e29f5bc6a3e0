// Coordinate reference systems of uploaded files, and reprojection to WGS 84 lon/lat with proj4.
//
// ESRI .prj files name their system but often omit the datum shift (TOWGS84): proj4 would then treat
// Indian 1960 as if it were WGS 84 and put points some 300–400 m off. So systems Dey's users meet are
// recognised by name or EPSG code and use their EPSG definition with the shift (as epsg.io gives it);
// anything else falls back to proj4's own reading of the WKT.
import proj4 from 'proj4'
import type { ImportCrs } from '../../../../shared/imports.ts'
import { createUnsupportedCrsError } from './imports-read.errors.ts'

/** A CRS Dey can reproject from; `proj4` is null for WGS 84 lon/lat itself (no transformation). */
export interface CrsDefinition {
  epsg: number | null
  name: string
  proj4: string | null
  /** Said to the user when the reprojection is doubtful (a datum without a known shift to WGS 84). */
  warning?: string
}

export type Position2D = [number, number]
export type Reproject = (position: Position2D) => Position2D

// Indian 1960 (Everest 1830, 1937 adjustment) to WGS 84: EPSG:1542, the transformation epsg.io uses for
// EPSG:3148/3149/3176. Indian 1975 (Thailand): EPSG:1812, as PROJ gives for EPSG:4240.
const INDIAN_1960 = '+a=6377276.345 +rf=300.8017 +towgs84=198,881,317,0,0,0,0'
const INDIAN_1975 = '+a=6377276.345 +rf=300.8017 +towgs84=210,814,289,0,0,0,0'

interface KnownCrs extends CrsDefinition {
  epsg: number
  /** Names as they appear in .prj/WKT files, compared after `normalizeName`. */
  aliases: string[]
}

const KNOWN_CRS: KnownCrs[] = [
  { epsg: 4326, name: 'WGS 84', proj4: null, aliases: ['wgs84', 'gcswgs1984', 'wgs1984', 'crs84', 'ogc13crs84'] },
  ...[47, 48, 49].map((zone) => ({
    epsg: 32600 + zone,
    name: `WGS 84 / UTM zone ${zone}N`,
    proj4: `+proj=utm +zone=${zone} +datum=WGS84 +units=m +no_defs`,
    aliases: [`wgs84utmzone${zone}n`, `wgs1984utmzone${zone}n`],
  })),
  { epsg: 4131, name: 'Indian 1960', proj4: `+proj=longlat ${INDIAN_1960} +no_defs`, aliases: ['indian1960', 'gcsindian1960'] },
  ...[48, 49].map((zone) => ({
    epsg: 3100 + zone,
    name: `Indian 1960 / UTM zone ${zone}N`,
    proj4: `+proj=utm +zone=${zone} ${INDIAN_1960} +units=m +no_defs`,
    aliases: [`indian1960utmzone${zone}n`],
  })),
  {
    epsg: 3176,
    name: 'Indian 1960 / TM 106 NE',
    proj4: `+proj=tmerc +lat_0=0 +lon_0=106 +k=0.9996 +x_0=500000 +y_0=0 ${INDIAN_1960} +units=m +no_defs`,
    aliases: ['indian1960tm106ne'],
  },
  { epsg: 4240, name: 'Indian 1975', proj4: `+proj=longlat ${INDIAN_1975} +no_defs`, aliases: ['indian1975', 'gcsindian1975'] },
  ...[47, 48].map((zone) => ({
    epsg: 24000 + zone,
    name: `Indian 1975 / UTM zone ${zone}N`,
    proj4: `+proj=utm +zone=${zone} ${INDIAN_1975} +units=m +no_defs`,
    aliases: [`indian1975utmzone${zone}n`],
  })),
  {
    epsg: 3857,
    name: 'WGS 84 / Pseudo-Mercator',
    proj4: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
    aliases: ['wgs84pseudomercator', 'wgs1984webmercatorauxiliarysphere', 'webmercator', 'popularvisualisationcrsmercator'],
  },
]

export const WGS84: CrsDefinition = { epsg: 4326, name: 'WGS 84', proj4: null }

const normalizeName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '')

export function findKnownCrs(epsg: number): CrsDefinition | null {
  const known = KNOWN_CRS.find((crs) => crs.epsg === epsg)
  return known ? { epsg: known.epsg, name: known.name, proj4: known.proj4 } : null
}

function findKnownCrsByName(name: string): CrsDefinition | null {
  const normalized = normalizeName(name)
  const known = KNOWN_CRS.find((crs) => crs.aliases.includes(normalized) || normalizeName(crs.name) === normalized)
  return known ? { epsg: known.epsg, name: known.name, proj4: known.proj4 } : null
}

/** Reads a CRS from WKT (ESRI .prj, OGC WKT1, WKT2); null when it is neither known nor understood by proj4. */
export function crsFromWkt(wkt: string): CrsDefinition | null {
  const text = wkt.trim()
  // The root's own authority closes the WKT: `…AUTHORITY["EPSG","32648"]]` (WKT1) or `…ID["EPSG",32648]]` (WKT2).
  const authority = /(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(text)
  const byCode = authority ? findKnownCrs(Number(authority[1])) : null
  if (byCode) return byCode
  const rootName = /^\s*[A-Z_]+\s*\[\s*"([^"]*)"/i.exec(text)?.[1]
  const byName = rootName ? findKnownCrsByName(rootName) : null
  if (byName) return byName
  if (!rootName) return null
  let datum: { datum_type?: number; a?: number } | undefined
  try {
    proj4(text, 'EPSG:4326')
    datum = (proj4.Proj(text) as unknown as { datum?: { datum_type?: number; a?: number } }).datum
  } catch {
    return null
  }
  const name = rootName.replace(/_/g, ' ')
  // proj4's PJD_NODATUM (5): no shift to WGS 84 is known. On the WGS 84/GRS 80 ellipsoid (NAD83, ETRS89…)
  // that costs a metre or two; on another ellipsoid (Everest, Clarke…) it can cost hundreds of metres.
  const isUnshifted = datum?.datum_type === 5 && Math.abs((datum.a ?? 6378137) - 6378137) > 1
  const warning = isUnshifted
    ? `${name}: the file gives no datum shift to WGS 84, so positions may be off by up to several hundred metres; choose the CRS by its EPSG code if you know it`
    : undefined
  return { epsg: authority ? Number(authority[1]) : null, name, proj4: text, ...(warning ? { warning } : {}) }
}

/**
 * A CRS the user chose: `EPSG:32648`, `32648`, a URN such as `urn:ogc:def:crs:EPSG::32648`, a proj4
 * string (`+proj=…`) or WKT.
 */
export function parseCrsOption(value: string | number): CrsDefinition {
  const text = String(value).trim()
  const code = /^(?:EPSG:{1,2})?(\d{4,5})$/i.exec(text)?.[1] ?? /EPSG:(?:[\d.]*:)?(\d{4,5})$/i.exec(text)?.[1]
  if (code) {
    const known = findKnownCrs(Number(code))
    if (known) return known
    throw createUnsupportedCrsError(text)
  }
  if (/^(urn:ogc:def:crs:OGC:1\.3:)?CRS84$/i.test(text)) return WGS84
  if (text.startsWith('+proj=')) {
    try {
      proj4(text, 'EPSG:4326')
    } catch {
      throw createUnsupportedCrsError(text)
    }
    return { epsg: null, name: text, proj4: text }
  }
  const fromWkt = crsFromWkt(text)
  if (fromWkt) return fromWkt
  throw createUnsupportedCrsError(text)
}

/** The GeoJSON 2008 `crs` member (`{ type: 'name', properties: { name } }`); RFC 7946 dropped it, GDAL still writes it. */
export function crsFromGeoJsonMember(member: unknown): CrsDefinition | null {
  if (typeof member !== 'object' || member === null) return null
  const name = (member as { properties?: { name?: unknown } }).properties?.name
  if (typeof name !== 'string') return null
  // urn:ogc:def:crs:EPSG::4326 declares latitude first, but GeoJSON writers (GDAL included) write lon/lat anyway.
  return parseCrsOption(name)
}

export function describeCrs(crs: CrsDefinition, source: ImportCrs['source']): ImportCrs {
  return { epsg: crs.epsg, name: crs.name, source }
}

/** A function from the CRS's coordinates to WGS 84 [lon, lat], or null when they already are. */
export function createReprojection(crs: CrsDefinition): Reproject | null {
  if (crs.proj4 === null) return null
  const converter = proj4(crs.proj4, 'EPSG:4326')
  return (position) => converter.forward([position[0], position[1]]) as Position2D
}

/**
 * Tells degrees from projected units over a sample of features when a file names no CRS. A few
 * stray positions (a typo, swapped lon/lat) must not make a whole file "not degrees": the majority decides,
 * and the strays are refused per feature later (feature.out_of_range).
 */
export class DegreeSample {
  private degrees = 0
  private other = 0
  bbox: number[] | null = null

  /** Adds one feature's raw box ([minX, minY, maxX, maxY]), or null for a feature without coordinates. */
  add(box: number[] | null) {
    if (!box) return
    if (isDegreeBox(box)) this.degrees++
    else this.other++
    const [minX, minY, maxX, maxY] = box as [number, number, number, number]
    this.bbox = this.bbox
      ? [Math.min(this.bbox[0]!, minX), Math.min(this.bbox[1]!, minY), Math.max(this.bbox[2]!, maxX), Math.max(this.bbox[3]!, maxY)]
      : [minX, minY, maxX, maxY]
  }

  get isMostlyNotDegrees() {
    return this.other > this.degrees
  }
}

/** Whether a box can be WGS 84 degrees (a projected CRS in metres gives values in the hundreds of thousands). */
export function isDegreeBox([west, south, east, north]: readonly number[]): boolean {
  return (
    [west, east].every((x) => x !== undefined && x >= -180 && x <= 180) &&
    [south, north].every((y) => y !== undefined && y >= -90 && y <= 90)
  )
}
