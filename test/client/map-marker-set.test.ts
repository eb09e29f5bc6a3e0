// @vitest-environment happy-dom
// The map's many markers (marker-set.ts) are kept in step with a list by key: a marker seen in the
// last view stays the same DOM element (restyled if its look changed), a gone one is removed, new
// ones appear over the next frames, and a click or Enter reaches the latest handler.
import L from 'leaflet'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MarkerSet, type MarkerSpec } from '../../client/features/map/layers/marker-set.ts'

const red = L.divIcon({ className: 'test-icon', html: '<b data-look="red"></b>' })
const blue = L.divIcon({ className: 'test-icon', html: '<b data-look="blue"></b>' })

const spec = (key: string, overrides: Partial<MarkerSpec> = {}): MarkerSpec => ({
  key,
  position: [11.5, 104.9],
  icon: red,
  title: `Incident ${key}`,
  zIndexOffset: 0,
  onActivate: () => undefined,
  ...overrides,
})

/** Runs the frames the set asks for until it has added everything (however many a busy machine needs). */
async function flushFrames(set: MarkerSet) {
  while (set.pendingCount > 0) await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))
  // One more: nothing is scheduled after the last batch.
  await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))
}

let map: L.Map | undefined
let markers: MarkerSet | undefined
afterEach(() => {
  // A failed test leaves frames pending: the set goes before its map.
  markers?.dispose()
  markers = undefined
  map?.remove()
  map = undefined
  document.body.innerHTML = ''
})

function newMap() {
  const element = document.createElement('div')
  element.style.width = '400px'
  element.style.height = '300px'
  document.body.append(element)
  map = L.map(element, { center: [11.5, 104.9], zoom: 12 })
  return map
}

const elementOf = (key: string) => document.querySelector<HTMLElement>(`.leaflet-marker-icon[title="Incident ${key}"]`)

describe('a keyed set of markers', () => {
  it('adds new markers over the next frames, keeps unchanged ones, restyles changed ones, removes gone ones', async () => {
    const set = (markers = new MarkerSet(newMap()))
    set.update([spec('a'), spec('b'), spec('c')])
    await flushFrames(set)
    expect(set.size).toBe(3)
    const [a, b] = [elementOf('a'), elementOf('b')]
    expect(a).not.toBeNull()

    set.update([spec('a'), spec('b', { icon: blue, position: [11.6, 104.9] }), spec('d')])
    // Kept and restyled at once; the new one comes with the next frames.
    expect(elementOf('c')).toBeNull()
    expect(elementOf('a')).toBe(a)
    const restyled = elementOf('b')!
    expect(restyled.querySelector('[data-look="blue"]')).not.toBeNull()
    expect(b!.isConnected && b === restyled).toBe(true) // Leaflet refills a div icon's element
    const placeOf = (element: HTMLElement) => `${element.style.transform}|${element.style.left}|${element.style.top}`
    expect(placeOf(restyled)).not.toBe(placeOf(a!)) // moved north
    await flushFrames(set)
    expect(elementOf('d')).not.toBeNull()
    expect(set.size).toBe(3)

    set.dispose()
    expect(document.querySelectorAll('.leaflet-marker-icon')).toHaveLength(0)
  })

  it('a click and Enter reach the handler of the latest update; a marker without one is not focusable', async () => {
    const set = (markers = new MarkerSet(newMap()))
    const first = vi.fn()
    const latest = vi.fn()
    set.update([spec('a', { onActivate: first }), spec('label', { onActivate: undefined })])
    await flushFrames(set)
    set.update([spec('a', { onActivate: latest }), spec('label', { onActivate: undefined })])
    elementOf('a')!.click()
    elementOf('a')!.dispatchEvent(new KeyboardEvent('keypress', { key: 'Enter', bubbles: true }))
    expect(first).not.toHaveBeenCalled()
    expect(latest).toHaveBeenCalledTimes(2)
    expect(elementOf('a')!.tabIndex).toBe(0)
    expect(elementOf('label')!.hasAttribute('tabindex')).toBe(false)
    set.dispose()
  })

  it('an update before the last one finished adding does not add a marker twice', async () => {
    const set = (markers = new MarkerSet(newMap()))
    const many = Array.from({ length: 2000 }, (_, i) => spec(String(i)))
    set.update(many)
    set.update(many.slice(0, 1500))
    await flushFrames(set)
    await flushFrames(set)
    expect(set.size).toBe(1500)
    expect(document.querySelectorAll('.leaflet-marker-icon')).toHaveLength(1500)
    set.dispose()
  })
})
