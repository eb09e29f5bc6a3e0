// One tile, timed, with its SQL printed: node --import tsx test/bench/tile-one.ts <url> <layer> <z> <lon> <lat> [database|node]
import { openDatabase } from '../../db/open.ts'
import type { TileLayer } from '../../shared/tiles.ts'
import { renderTile, type TileProducer } from '../../server/features/tiles/tiles.service.ts'

const [url, layer, z, lon, lat, producer = 'database'] = process.argv.slice(2) as [string, TileLayer, string, string, string, TileProducer]
const zoom = Number(z)
const rad = (Number(lat) * Math.PI) / 180
const x = Math.floor(((Number(lon) + 180) / 360) * 2 ** zoom)
const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** zoom)
const database = await openDatabase({ databaseUrl: url, onQuery: (text) => console.log(text) })
const viewer = { id: '00000000-0000-0000-0000-000000000000', role: 'admin' as const, displayName: 'bench', communityIds: [] }
for (let i = 0; i < 2; i++) {
  const started = performance.now()
  const body = await renderTile(database.db, producer, viewer, { layer, z: zoom, x, y }, {})
  console.log(`${layer} ${zoom}/${x}/${y} ${producer}: ${(performance.now() - started).toFixed(1)} ms, ${body.byteLength} bytes`)
}
await database.close()
