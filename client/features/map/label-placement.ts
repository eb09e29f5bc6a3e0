// Which names the map writes: those that fit without covering another, the most important first
// (the selected record, then a stable order), as map renderers place labels. Over a crowded
// district every community and concession named on the map was a pile of unreadable overlapping
// names — and hundreds of elements the browser had to hit-test and restyle at every frame of a
// pan. A name left out is still on the record's marker (its title) and in the in-view list.
// Placement is in the zoom's pixels, so it changes with the zoom and the data, not with a pan.
import type { Position2D } from '../../../shared/geo.ts'
import { toWorldX, toWorldY } from './decode-tile.ts'

export interface LabelCandidate {
  key: string
  position: Position2D
  text: string
  /** Centred on its point, or written to the right of it (beside a marker). */
  placement: 'centre' | 'right'
  /** Placed first: the selected record's name. */
  isFirst?: boolean
}

/** Height of a written name (0.8rem at 1.4 line height, with its padding), and the gap kept around it. */
const LABEL_HEIGHT_PX = 22
const GAP_PX = 4
/** Where a name written to the right of its point starts (the .map-name-label.is-right offset). */
const RIGHT_OFFSET_PX = 12
/** The label's horizontal padding and border. */
const PADDING_PX = 15
const CELL_PX = 128

type Box = [left: number, top: number, right: number, bottom: number]

let context: CanvasRenderingContext2D | null | undefined

/** The width of a name as the map writes it (bold 0.8rem); an estimate where there is no canvas. */
export function textWidth(text: string): number {
  if (context === undefined) {
    try {
      context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d')
      if (context) context.font = `700 12.8px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`
    } catch {
      context = null
    }
  }
  const measured = context?.measureText(text).width
  return typeof measured === 'number' && measured > 0 ? measured : text.length * 7.5
}

/** The keys of the candidates whose names are written at `zoom`. */
export function placeLabels(
  candidates: readonly LabelCandidate[],
  zoom: number,
  measure: (text: string) => number = textWidth,
): Set<string> {
  const scale = 256 * 2 ** zoom
  const ordered = [...candidates].sort((a, b) => Number(b.isFirst ?? false) - Number(a.isFirst ?? false) || (a.key < b.key ? -1 : 1))
  const grid = new Map<string, Box[]>()
  const placed = new Set<string>()
  for (const candidate of ordered) {
    const x = toWorldX(candidate.position[0]) * scale
    const y = toWorldY(candidate.position[1]) * scale
    const width = measure(candidate.text) + PADDING_PX
    const left = candidate.placement === 'right' ? x + RIGHT_OFFSET_PX : x - width / 2
    const box: Box = [left - GAP_PX, y - LABEL_HEIGHT_PX / 2 - GAP_PX, left + width + GAP_PX, y + LABEL_HEIGHT_PX / 2 + GAP_PX]
    const cells: string[] = []
    for (let cx = Math.floor(box[0] / CELL_PX); cx <= Math.floor(box[2] / CELL_PX); cx++)
      for (let cy = Math.floor(box[1] / CELL_PX); cy <= Math.floor(box[3] / CELL_PX); cy++) cells.push(`${cx}:${cy}`)
    const overlaps = cells.some((cell) =>
      grid.get(cell)?.some((other) => box[0] < other[2] && box[2] > other[0] && box[1] < other[3] && box[3] > other[1]),
    )
    if (overlaps) continue
    placed.add(candidate.key)
    for (const cell of cells) {
      const list = grid.get(cell)
      if (list) list.push(box)
      else grid.set(cell, [box])
    }
  }
  return placed
}
