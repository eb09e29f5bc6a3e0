// CSV for spreadsheets and GIS alike: UTF-8 with a byte-order mark (without it Excel reads the
// file as the local code page and Khmer turns to mojibake), the geometry as WKT (GDAL and QGIS
// read a column named WKT as the geometry) and a point as longitude/latitude columns.
import pointOnFeature from '@turf/point-on-feature'
import { stringify } from 'csv-stringify/sync'
import wkx from 'wkx'
import { cellText } from './exports.format.ts'
import type { ExportFeature, LayerExport } from './exports.layers.ts'

export async function* csvChunks(layer: LayerExport): AsyncGenerator<string> {
  const names = layer.columns.map((column) => column.name)
  const header = ['WKT', ...names, 'longitude', 'latitude', ...(layer.attribution ? ['attribution'] : [])]
  yield stringify([header], { bom: true })
  for await (const features of layer.pages) {
    if (features.length === 0) continue
    yield stringify(
      features.map((feature) => {
        const [longitude, latitude] = pointOf(feature)
        return [
          wkx.Geometry.parseGeoJSON(feature.geometry).toWkt(),
          ...names.map((name) => cellText(feature.properties[name]) ?? ''),
          String(longitude),
          String(latitude),
          ...(layer.attribution ? [layer.attribution] : []),
        ]
      }),
    )
  }
}

/**
 * One point per record: the record's own point if it has one (a community's, beside its
 * territory), else a point guaranteed on the shape (a centroid can fall outside a concave one).
 */
function pointOf(feature: ExportFeature): [number, number] {
  if (feature.point) return feature.point
  const [longitude, latitude] = pointOnFeature({ type: 'Feature', geometry: feature.geometry, properties: {} }).geometry.coordinates
  return [longitude!, latitude!]
}
