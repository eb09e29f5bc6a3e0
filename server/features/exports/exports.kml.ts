// KML 2.2 for Google Earth (and GDAL), written here rather than with a GeoJSON-to-KML library:
// those (tokml and its forks) build the whole document as one string and drop styles, where an
// export must stream 100,000s of features and style each layer. KML is plain XML; only escaping
// needs care. Text stays UTF-8 (Khmer is written as is, not as character references). Fields go in
// untyped <Data> elements: GDAL reads typed <SchemaData> from a .kml but not from a .kmz.
import type { Geometry, Position } from 'geojson'
import type { ExportLayer } from '../../../shared/exports.ts'
import { cellText } from './exports.format.ts'
import type { ExportFeature, LayerExport } from './exports.layers.ts'

/** Each layer's colours as on Dey's map; KML writes colours as aabbggrr. */
const STYLES: Record<ExportLayer, { line: string; fill: string; icon: string }> = {
  communities: { line: '2e7d32', fill: '2e7d32', icon: 'http://maps.google.com/mapfiles/kml/paddle/grn-circle.png' },
  parcels: { line: 'f9a825', fill: 'f9a825', icon: 'http://maps.google.com/mapfiles/kml/paddle/ylw-circle.png' },
  concessions: { line: 'c62828', fill: 'c62828', icon: 'http://maps.google.com/mapfiles/kml/paddle/red-square.png' },
  incidents: { line: 'ef6c00', fill: 'ef6c00', icon: 'http://maps.google.com/mapfiles/kml/paddle/orange-diamond.png' },
  evidence: { line: '1565c0', fill: '1565c0', icon: 'http://maps.google.com/mapfiles/kml/paddle/blu-stars.png' },
  'admin-areas': { line: '616161', fill: '616161', icon: 'http://maps.google.com/mapfiles/kml/paddle/wht-blank.png' },
}

const kmlColor = (rgb: string, alpha: string) => `${alpha}${rgb.slice(4, 6)}${rgb.slice(2, 4)}${rgb.slice(0, 2)}`

export async function* kmlChunks(layer: LayerExport): AsyncGenerator<string> {
  const style = STYLES[layer.layer]
  // Admin areas are outlines over other layers: no fill.
  const fill = layer.layer === 'admin-areas' ? '00' : '4d'
  yield `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document id="dey-${layer.layer}">
<name>${escape(`Dey: ${layer.layer}`)}</name>
${layer.attribution ? `<description>${escape(layer.attribution)}</description>\n` : ''}<Style id="layer"><IconStyle><Icon><href>${style.icon}</href></Icon></IconStyle><LabelStyle><scale>0.8</scale></LabelStyle><LineStyle><color>${kmlColor(style.line, 'ff')}</color><width>2</width></LineStyle><PolyStyle><color>${kmlColor(style.fill, fill)}</color></PolyStyle></Style>
<Folder><name>${escape(layer.layer)}</name>
`
  for await (const features of layer.pages) {
    if (features.length > 0) yield features.map((feature) => placemark(layer, feature)).join('')
  }
  yield '</Folder>\n</Document>\n</kml>\n'
}

function placemark(layer: LayerExport, feature: ExportFeature): string {
  const label = cellText(feature.properties[layer.labelColumn]) ?? feature.id
  const khmer = layer.khmerLabelColumn ? cellText(feature.properties[layer.khmerLabelColumn]) : null
  const data = layer.columns
    .map((column) => {
      const value = cellText(feature.properties[column.name])
      return value === null ? '' : `<Data name="${escape(column.name)}"><value>${escape(value)}</value></Data>`
    })
    .join('')
  return `<Placemark id="${escape(feature.id)}"><name>${escape(khmer ? `${khmer} (${label})` : label)}</name><styleUrl>#layer</styleUrl><ExtendedData>${data}</ExtendedData>${geometryKml(feature.geometry)}</Placemark>\n`
}

function geometryKml(geometry: Geometry): string {
  switch (geometry.type) {
    case 'Point':
      return `<Point><coordinates>${position(geometry.coordinates)}</coordinates></Point>`
    case 'LineString':
      return `<LineString><coordinates>${positions(geometry.coordinates)}</coordinates></LineString>`
    case 'Polygon':
      return polygon(geometry.coordinates)
    case 'MultiPoint':
      return multi(geometry.coordinates.map((point) => geometryKml({ type: 'Point', coordinates: point })))
    case 'MultiLineString':
      return multi(geometry.coordinates.map((line) => geometryKml({ type: 'LineString', coordinates: line })))
    case 'MultiPolygon':
      return multi(geometry.coordinates.map(polygon))
    case 'GeometryCollection':
      return multi(geometry.geometries.map(geometryKml))
  }
}

const multi = (parts: string[]) => `<MultiGeometry>${parts.join('')}</MultiGeometry>`

function polygon([outer, ...holes]: Position[][]): string {
  const ring = (coordinates: Position[] | undefined) =>
    `<LinearRing><coordinates>${positions(coordinates ?? [])}</coordinates></LinearRing>`
  return `<Polygon><outerBoundaryIs>${ring(outer)}</outerBoundaryIs>${holes.map((hole) => `<innerBoundaryIs>${ring(hole)}</innerBoundaryIs>`).join('')}</Polygon>`
}

const position = (p: Position) => `${p[0]},${p[1]}`
const positions = (ps: Position[]) => ps.map(position).join(' ')

/** XML text and attribute escaping; control characters XML 1.0 cannot carry are dropped. */
function escape(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
  )
}
