// KML and KMZ with @xmldom/xmldom and @tmcw/togeojson: one layer per document (folders are not split
// into layers). Parsing is lenient where real exports are sloppy: a namespace prefix used without being
// declared (ArcGIS's `xsi:schemaLocation` in ODC's eviction-hotspot KMZ) is declared for the parser, and
// recoverable XML errors become warnings. Attributes that exist only as an HTML table in <description>
// (ArcGIS "Layer to KML") are lifted into properties.
import { readFile } from 'node:fs/promises'
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom'
import { kmlGen } from '@tmcw/togeojson'
import { mergeHomogeneousCollection, normalizeGeometry } from './geometry.ts'
import { createInvalidFileError, createNetworkLinksOnlyError } from './imports-read.errors.ts'
import { baseName, normalizeProperties, type OpenedSource, type ReadFeature, type ResolvedOptions } from './source.ts'
import { unpackZip } from './zip.ts'
import { describeCrs, WGS84 } from './crs.ts'

/** Well-known namespaces, for prefixes a file uses without declaring them. */
const KNOWN_NAMESPACES: Record<string, string> = {
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  gx: 'http://www.google.com/kml/ext/2.2',
  kml: 'http://www.opengis.net/kml/2.2',
  atom: 'http://www.w3.org/2005/Atom',
  xal: 'urn:oasis:names:tc:ciq:xsdschema:xAL:2.0',
}

/** Styling that togeojson copies into properties: not attributes anyone maps to a field. */
const STYLE_KEY =
  /^(styleUrl|styleHash|styleMapHash|stroke|stroke-.*|fill|fill-.*|icon|icon-.*|label-.*|coordinateProperties|@geometry-type)$/

export async function openKml(path: string, options: ResolvedOptions): Promise<OpenedSource> {
  const bytes = await readFile(path)
  return kmlSource('kml', bytes, options)
}

/** A KMZ is a zip whose main document is doc.kml (or else its first .kml at the top level). */
export async function openKmz(path: string, kmlEntries: string[], options: ResolvedOptions): Promise<OpenedSource> {
  const main =
    kmlEntries.find((name) => name.toLowerCase() === 'doc.kml') ??
    [...kmlEntries].sort((a, b) => a.split('/').length - b.split('/').length)[0]!
  const unpacked = await unpackZip(path, options.originalName, (name) => name === main, options)
  try {
    return kmlSource('kmz', await readFile(unpacked.files.get(main)!), options)
  } finally {
    await unpacked.remove()
  }
}

function kmlSource(format: 'kml' | 'kmz', bytes: Buffer, options: ResolvedOptions): OpenedSource {
  const warnings: string[] = []
  if (options.crs && options.crs.epsg !== 4326)
    warnings.push(`KML coordinates are always WGS 84 longitude/latitude: ${options.crs.name} was not applied`)
  const document = parseKml(decodeXml(bytes), warnings)
  const placemarks = document.getElementsByTagName('Placemark').length
  const networkLinks = document.getElementsByTagName('NetworkLink').length
  if (placemarks === 0 && networkLinks > 0) throw createNetworkLinksOnlyError(networkLinks)
  if (networkLinks > 0) warnings.push(`${networkLinks} network link(s) to content elsewhere were not followed`)
  const documentName =
    firstChildText(document.getElementsByTagName('Document')[0]) ?? firstChildText(document.getElementsByTagName('Folder')[0])
  const name = documentName ?? baseName(options.originalName)

  // togeojson yields one feature per <Placemark> in document order (null geometries included), then
  // ground overlays (images) and network links, which are not data to import.
  const folders = placemarkFolders(document)

  async function* features(): AsyncGenerator<ReadFeature> {
    let index = 0
    for (const feature of kmlGen(document)) {
      if (index >= folders.length) break
      const { geometry, problem } = normalizeGeometry(feature.geometry, null)
      const raw: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(feature.properties ?? {})) if (!STYLE_KEY.test(key)) raw[key] = value
      // Folders are how Google Earth users sort placemarks (e.g. "Parcels", "Evictions"): a column to map from.
      if (folders[index] && !('folder' in raw)) raw.folder = folders[index]
      // togeojson gives a CDATA/HTML description as { '@type': 'html', value }: kept as its text.
      const description = raw.description as { value?: unknown } | undefined
      if (typeof description === 'object' && description !== null && typeof description.value === 'string')
        raw.description = description.value
      if (typeof raw.description === 'string')
        for (const [key, value] of descriptionTable(raw.description)) if (!(key in raw)) raw[key] = value
      yield {
        index: index++,
        geometry: mergeHomogeneousCollection(geometry),
        properties: normalizeProperties(raw),
        ...(problem ? { problems: [problem] } : {}),
      }
    }
  }
  return { format, layers: [{ name, crs: describeCrs(WGS84, 'format'), encoding: null, warnings, features }], close: async () => {} }
}

/** KML is UTF-8 unless its XML declaration names another encoding. */
function decodeXml(bytes: Buffer): string {
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1]
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(declared ?? 'utf-8')
  } catch {
    decoder = new TextDecoder('utf-8')
  }
  return decoder.decode(bytes)
}

function parseKml(text: string, warnings: string[]) {
  let document: ReturnType<DOMParser['parseFromString']>
  try {
    document = new DOMParser({
      onError: (level, message) => {
        if (level !== 'fatalError' && warnings.length < 20) warnings.push(`XML ${level}: ${message.split('\n')[0]}`)
      },
    }).parseFromString(declareMissingPrefixes(text, warnings), 'text/xml')
  } catch (error) {
    throw createInvalidFileError('kml', error instanceof Error ? error.message.split('\n')[0]! : String(error))
  }
  const root = document.documentElement
  if (!root || root.localName !== 'kml')
    throw createInvalidFileError('kml', `the XML's root element is <${root?.tagName ?? 'nothing'}>, not <kml>`)
  return document
}

/** Adds xmlns declarations to the root element for prefixes used in the document but declared nowhere. */
function declareMissingPrefixes(text: string, warnings: string[]): string {
  const declared = new Set([...text.matchAll(/xmlns:([A-Za-z_][\w.-]*)\s*=/g)].map((match) => match[1]))
  const used = new Set([...text.matchAll(/[<\s/]([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*(?=[\s=>/])/g)].map((match) => match[1]!))
  const missing = [...used].filter((prefix) => !declared.has(prefix) && prefix !== 'xmlns' && prefix !== 'xml')
  if (missing.length === 0) return text
  const rootStart = /<([A-Za-z_][\w.-]*:)?kml\b/.exec(text)
  if (!rootStart) return text
  const declarations = missing
    .map((prefix) => ` xmlns:${prefix}="${KNOWN_NAMESPACES[prefix] ?? `urn:x-dey:undeclared:${prefix}`}"`)
    .join('')
  warnings.push(`Namespace prefix(es) used without a declaration: ${missing.join(', ')}`)
  const at = rootStart.index + rootStart[0].length
  return text.slice(0, at) + declarations + text.slice(at)
}

/** The path of <Folder> names around each <Placemark> ("Province / Site"), or null outside folders. */
function placemarkFolders(document: ReturnType<typeof parseKml>): (string | null)[] {
  const placemarks = document.getElementsByTagName('Placemark')
  const paths: (string | null)[] = []
  for (let i = 0; i < placemarks.length; i++) {
    const names: string[] = []
    for (let node = placemarks.item(i)!.parentNode; node; node = node.parentNode) {
      if (node.nodeType === 1 && (node as XmlElement).localName === 'Folder')
        names.unshift(firstChildText(node as XmlElement) ?? '(unnamed)')
    }
    paths.push(names.length > 0 ? names.join(' / ') : null)
  }
  return paths
}

function firstChildText(element: XmlElement | undefined): string | null {
  if (!element) return null
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1 && (child as XmlElement).localName === 'name') return child.textContent?.trim() || null
  }
  return null
}

/**
 * Name/value rows of an HTML table in a description (ArcGIS writes `<tr><td>FID</td><td>0</td></tr>`;
 * Google Earth `<th>` headers): rows of exactly two cells without nested tables.
 */
export function descriptionTable(html: string): [string, string][] {
  if (!/<t[dh][\s>]/i.test(html)) return []
  let document
  try {
    document = new DOMParser({ onError: () => {} }).parseFromString(html, 'text/html')
  } catch {
    return []
  }
  const pairs: [string, string][] = []
  const rows = document.getElementsByTagName('tr')
  for (let i = 0; i < rows.length; i++) {
    const row = rows.item(i)!
    const cells: XmlElement[] = []
    for (let child = row.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1 && /^t[dh]$/i.test((child as XmlElement).localName ?? '')) cells.push(child as XmlElement)
    }
    if (cells.length !== 2 || cells.some((cell) => cell.getElementsByTagName('table').length > 0)) continue
    const [key, value] = cells.map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())
    if (key && !pairs.some(([existing]) => existing === key)) pairs.push([key, value ?? ''])
  }
  return pairs
}
