// The dossier's map as a plain SVG string, drawn from the geometries (no tiles, no network):
// equirectangular projection with x scaled by cos(latitude) so shapes keep their proportions at
// Cambodia's latitudes; a scale bar in metres and a north arrow. Province and commune borders
// crossing the window are drawn lightly underneath, so a reader can tell where the shapes are.
import type { Bbox, MultiPolygonGeometry, PointGeometry } from '../../../shared/geo.ts'
import type { DossierContent } from './dossier.content.ts'

const WIDTH = 800
const HEIGHT = 600
const MARGIN = 40
const METRES_PER_DEGREE = 111_320

type Position = [number, number]

const ADMIN_LEVEL_CLASS: Record<number, string> = { 1: 'province', 2: 'district', 3: 'commune' }

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)

export interface MapLabels {
  parcels: string
  concessions: string
  incidents: string
  evidence: string
  communities: string
  borders: string
  noGeometry: string
}

interface Projection {
  /** What the whole SVG shows, in degrees (wider than the shapes: margins and the other axis). */
  window: Bbox
  pixelsPerDegree: number
  project: (position: Position) => Position
}

/**
 * A photo's GPS farther than this (km) from every place of the dossier is left off its map: a
 * camera with a wrong clock or position (one test photo says Italy) would otherwise shrink the
 * case's land to a dot. The evidence index still lists the photo and its position.
 */
const EVIDENCE_OUTLIER_KM = 50

function positionsOf(content: DossierContent) {
  const polygons = {
    concessions: content.concessions.map((c) => c.boundary),
    territories: content.communities.flatMap((c) => (c.territory ? [c.territory] : [])),
    parcels: content.parcels.map((p) => p.boundary),
  }
  const places = {
    communities: content.communities.map((c) => c.location),
    incidents: content.incidents.map((i) => i.location),
  }
  const core: Position[] = [
    ...Object.values(polygons)
      .flat()
      .flatMap((g) => g.coordinates.flat(2) as Position[]),
    ...Object.values(places)
      .flat()
      .map((p) => p.coordinates as Position),
  ]
  const photos = content.evidence.flatMap((e) => (e.location ? [e.location] : []))
  const near = core.length === 0 ? () => true : isNearBox(boxOf(core), EVIDENCE_OUTLIER_KM)
  const points = { ...places, evidence: photos.filter((p) => near(p.coordinates as Position)) }
  const all: Position[] = [...core, ...points.evidence.map((p) => p.coordinates as Position)]
  return { polygons, points, all }
}

function boxOf(positions: Position[]): Bbox {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of positions) {
    west = Math.min(west, x)
    east = Math.max(east, x)
    south = Math.min(south, y)
    north = Math.max(north, y)
  }
  return [west, south, east, north]
}

/** Whether a position lies within `km` of the box (degrees of longitude shrink with latitude). */
function isNearBox([west, south, east, north]: Bbox, km: number) {
  const dLat = (km * 1000) / METRES_PER_DEGREE
  const dLng = dLat / Math.max(Math.cos((((south + north) / 2) * Math.PI) / 180), 0.01)
  return ([lng, lat]: Position) => lng >= west - dLng && lng <= east + dLng && lat >= south - dLat && lat <= north + dLat
}

function projectionOf(all: Position[]): Projection | undefined {
  if (all.length === 0) return undefined
  let [west, south, east, north] = boxOf(all)
  // A single point (or a tiny area) still gets a ~2 km window around it.
  const minSpan = 0.02
  if (east - west < minSpan) {
    const mid = (east + west) / 2
    west = mid - minSpan / 2
    east = mid + minSpan / 2
  }
  if (north - south < minSpan) {
    const mid = (north + south) / 2
    south = mid - minSpan / 2
    north = mid + minSpan / 2
  }
  const cosLat = Math.cos((((north + south) / 2) * Math.PI) / 180)
  const spanX = (east - west) * cosLat
  const spanY = north - south
  const scale = Math.min((WIDTH - 2 * MARGIN) / spanX, (HEIGHT - 2 * MARGIN) / spanY)
  const offsetX = (WIDTH - spanX * scale) / 2
  const offsetY = (HEIGHT - spanY * scale) / 2
  return {
    window: [
      west - offsetX / (cosLat * scale),
      north - (HEIGHT - offsetY) / scale,
      west + (WIDTH - offsetX) / (cosLat * scale),
      north + offsetY / scale,
    ],
    pixelsPerDegree: scale,
    project: ([lng, lat]) => [round(offsetX + (lng - west) * cosLat * scale), round(offsetY + (north - lat) * scale)],
  }
}

/** The area the map will show (undefined when there is nothing to draw), to fetch its context. */
export function mapWindowOf(content: DossierContent): { window: Bbox; degreesPerPixel: number } | undefined {
  const projection = projectionOf(positionsOf(content).all)
  return projection && { window: projection.window, degreesPerPixel: 1 / projection.pixelsPerDegree }
}

export function renderMapSvg(content: DossierContent, labels: MapLabels): string {
  const { polygons, points, all } = positionsOf(content)
  const open = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="'Noto Sans Khmer','Khmer OS',sans-serif" font-size="12">`
  const frame = `<rect x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#f8f7f2" stroke="#888"/>`
  const projection = projectionOf(all)
  if (!projection) {
    return `${open}${frame}<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">${escapeXml(labels.noGeometry)}</text></svg>\n`
  }
  const { project, pixelsPerDegree: scale } = projection

  const line = (coordinates: Position[][]) => coordinates.map((part) => `M${part.map((p) => project(p).join(',')).join('L')}`).join('')
  // Context, not content: thin grey lines under everything, provinces darker than communes.
  const outlines = `<g id="admin-outlines" fill="none" stroke="#9a9a9a" stroke-linejoin="round">${content.adminOutlines
    .map(
      (area) =>
        `<path class="${ADMIN_LEVEL_CLASS[area.level] ?? 'area'}" d="${line(area.outline.coordinates as Position[][])}" stroke-width="${area.level === 1 ? 1.6 : 0.7}"${area.level === 1 ? '' : ' stroke-dasharray="4 3"'}/>`,
    )
    .join('')}</g>`

  const path = (geometry: MultiPolygonGeometry) =>
    geometry.coordinates
      .flatMap((polygon) => polygon.map((ring) => `M${ring.map((p) => project(p as Position).join(',')).join('L')}Z`))
      .join('')
  const polygonLayer = (items: MultiPolygonGeometry[], fill: string, stroke: string, name: string) =>
    `<g id="${name}" fill="${fill}" fill-opacity="0.35" stroke="${stroke}" stroke-width="1.5" fill-rule="evenodd">${items.map((g) => `<path d="${path(g)}"/>`).join('')}</g>`
  const pointLayer = (items: PointGeometry[], shape: (x: number, y: number) => string, name: string) =>
    `<g id="${name}">${items
      .map((p) => {
        const [x, y] = project(p.coordinates as Position)
        return shape(x, y)
      })
      .join('')}</g>`

  const body = [
    outlines,
    polygonLayer(polygons.concessions, '#d9534f', '#a12f2b', 'concessions'),
    polygonLayer(polygons.territories, '#7fb77e', '#3d7a3c', 'territories'),
    polygonLayer(polygons.parcels, '#4f8fd9', '#1f5aa1', 'parcels'),
    pointLayer(
      points.communities,
      (x, y) => `<rect x="${x - 5}" y="${y - 5}" width="10" height="10" fill="#3d7a3c" stroke="#fff"/>`,
      'communities',
    ),
    pointLayer(
      points.incidents,
      (x, y) => `<path d="M${x},${y - 7}L${x + 7},${y + 6}L${x - 7},${y + 6}Z" fill="#e8a317" stroke="#000" stroke-width="0.8"/>`,
      'incidents',
    ),
    pointLayer(points.evidence, (x, y) => `<circle cx="${x}" cy="${y}" r="4" fill="#6f42c1" stroke="#fff"/>`, 'evidence'),
  ].join('')

  return `${open}${frame}${body}${scaleBar(scale)}${northArrow()}${legend(labels)}</svg>\n`
}

const round = (value: number) => Math.round(value * 10) / 10

/** A bar of a round length (1, 2 or 5 × 10^n metres) close to a fifth of the map's width. */
/** x is already scaled by cos(lat): one pixel is the same distance both ways. */
function scaleBar(pixelsPerDegree: number): string {
  const metresPerPixel = METRES_PER_DEGREE / pixelsPerDegree
  const target = (WIDTH / 5) * metresPerPixel
  const power = 10 ** Math.floor(Math.log10(target))
  const metres = [5, 2, 1].map((m) => m * power).find((m) => m <= target) ?? power
  const pixels = round(metres / metresPerPixel)
  const label = metres >= 1000 ? `${metres / 1000} km` : `${metres} m`
  const x = MARGIN / 2
  const y = HEIGHT - MARGIN / 2
  return `<g id="scale-bar"><rect x="${x}" y="${y - 6}" width="${pixels}" height="6" fill="#000"/><rect x="${x + pixels / 2}" y="${y - 6}" width="${round(pixels / 2)}" height="6" fill="#fff" stroke="#000"/><text x="${x}" y="${y - 10}">0</text><text x="${round(x + pixels)}" y="${y - 10}" text-anchor="middle">${label}</text></g>`
}

function northArrow(): string {
  const x = WIDTH - MARGIN
  const y = MARGIN + 10
  return `<g id="north-arrow"><path d="M${x},${y - 25}L${x + 10},${y + 5}L${x},${y - 3}L${x - 10},${y + 5}Z" fill="#000"/><text x="${x}" y="${y + 20}" text-anchor="middle" font-weight="bold">N</text></g>`
}

function legend(labels: MapLabels): string {
  const rows: [string, string][] = [
    [`<rect width="12" height="12" fill="#4f8fd9" fill-opacity="0.5" stroke="#1f5aa1"/>`, labels.parcels],
    [`<rect width="12" height="12" fill="#d9534f" fill-opacity="0.5" stroke="#a12f2b"/>`, labels.concessions],
    [`<rect x="1" y="1" width="10" height="10" fill="#3d7a3c"/>`, labels.communities],
    [`<path d="M6,0L12,12L0,12Z" fill="#e8a317" stroke="#000" stroke-width="0.8"/>`, labels.incidents],
    [`<circle cx="6" cy="6" r="4" fill="#6f42c1"/>`, labels.evidence],
    [`<path d="M0,6L12,6" stroke="#9a9a9a" stroke-width="1.6"/>`, labels.borders],
  ]
  return `<g id="legend" transform="translate(10,10)"><rect width="210" height="${rows.length * 18 + 8}" fill="#fff" fill-opacity="0.85" stroke="#888"/>${rows
    .map(([symbol, text], i) => `<g transform="translate(6,${6 + i * 18})">${symbol}<text x="18" y="11">${escapeXml(text)}</text></g>`)
    .join('')}</g>`
}
