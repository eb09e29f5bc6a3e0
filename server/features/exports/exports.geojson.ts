// GeoJSON (RFC 7946, WGS 84 longitude/latitude): the whole layer streamed a page at a time.
import type { LayerExport } from './exports.layers.ts'

export async function* geoJsonChunks(layer: LayerExport): AsyncGenerator<string> {
  // `name` (as GDAL writes it) names the layer in QGIS; `attribution` is a foreign member.
  const head = { type: 'FeatureCollection', name: layer.layer, ...(layer.attribution ? { attribution: layer.attribution } : {}) }
  yield `${JSON.stringify(head).slice(0, -1)},"features":[\n`
  let isFirst = true
  for await (const features of layer.pages) {
    if (features.length === 0) continue
    const text = features
      .map((feature) => JSON.stringify({ type: 'Feature', id: feature.id, geometry: feature.geometry, properties: feature.properties }))
      .join(',\n')
    yield isFirst ? text : `,\n${text}`
    isFirst = false
  }
  yield '\n]}\n'
}
