// The home map's look as pure functions: colour is never the only signal (incident shapes by
// group of kinds, sizes by severity, parcel outlines by title status, hatched concessions).
import { describe, expect, it } from 'vitest'
import {
  clusterColor,
  clusterSize,
  CONCESSION_HATCH,
  concessionPatternId,
  concessionStyle,
  darken,
  INCIDENT_GROUPS,
  incidentGroupOf,
  incidentStyle,
  mix,
  parcelCellStyle,
  parcelStyle,
  shapeSvg,
  SEVERITY_SIZES,
  TENURE_COLORS,
} from '../../client/map/styles.ts'
import { CONCESSION_KINDS, INCIDENT_KINDS, SEVERITIES, TENURES, TITLE_STATUSES } from '../../shared/vocabularies.ts'

describe('incidentStyle', () => {
  it('puts every kind in exactly one group, and each group has its own shape', () => {
    const grouped = Object.values(INCIDENT_GROUPS).flatMap((group) => group.kinds)
    expect([...grouped].sort()).toEqual([...INCIDENT_KINDS].sort())
    const shapes = Object.values(INCIDENT_GROUPS).map((group) => group.shape)
    expect(new Set(shapes).size).toBe(shapes.length)
  })

  it('colours each kind differently and shapes it by its group', () => {
    const colors = INCIDENT_KINDS.map((kind) => incidentStyle(kind, 'medium').color)
    expect(new Set(colors).size).toBe(INCIDENT_KINDS.length)
    expect(incidentStyle('forced_eviction', 'medium').shape).toBe('triangle')
    expect(incidentStyle('demolition', 'low').shape).toBe('triangle')
    expect(incidentStyle('land_grabbing', 'high').shape).toBe('square')
    expect(incidentStyle('violence', 'critical').shape).toBe('diamond')
    expect(incidentStyle('legal_harassment', 'low').shape).toBe('circle')
    expect(incidentGroupOf('arrest')).toBe('violence')
  })

  it('sizes by severity: bigger is worse, and only the size (and halo) changes', () => {
    const sizes = SEVERITIES.map((severity) => incidentStyle('land_grabbing', severity).size)
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b))
    expect(new Set(sizes).size).toBe(SEVERITIES.length)
    expect(incidentStyle('land_grabbing', 'critical').size).toBe(SEVERITY_SIZES.critical)
    const low = incidentStyle('fencing', 'low')
    const critical = incidentStyle('fencing', 'critical')
    expect([low.color, low.shape]).toEqual([critical.color, critical.shape])
    expect(critical.strokeWidth).toBeGreaterThan(low.strokeWidth)
  })

  it('fades resolved and dismissed incidents, not current ones', () => {
    expect(incidentStyle('violence', 'high', 'resolved').opacity).toBeLessThan(1)
    expect(incidentStyle('violence', 'high', 'dismissed').opacity).toBeLessThan(1)
    for (const status of ['reported', 'verified', 'ongoing'] as const) expect(incidentStyle('violence', 'high', status).opacity).toBe(1)
    expect(incidentStyle('violence', 'high').opacity).toBe(1)
  })
})

describe('shapeSvg', () => {
  it('draws the named shape in the given size and colour', () => {
    expect(shapeSvg('circle', 20, '#123456')).toMatch(/^<svg[^>]+width="20" height="20".*<circle[^>]+fill="#123456"/)
    expect(shapeSvg('square', 20, '#000')).toContain('<rect')
    expect(
      shapeSvg('triangle', 20, '#000')
        .match(/points="([^"]+)"/)![1]!
        .split(' '),
    ).toHaveLength(3)
    expect(
      shapeSvg('diamond', 20, '#000')
        .match(/points="([^"]+)"/)![1]!
        .split(' '),
    ).toHaveLength(4)
    expect(
      shapeSvg('house', 20, '#000')
        .match(/points="([^"]+)"/)![1]!
        .split(' '),
    ).toHaveLength(5)
  })
})

describe('clusters', () => {
  it('grow with their count, within bounds', () => {
    expect(clusterSize(2)).toBeLessThan(clusterSize(20))
    expect(clusterSize(20)).toBeLessThanOrEqual(clusterSize(2000))
    expect(clusterSize(1_000_000)).toBeLessThanOrEqual(56)
    expect(clusterSize(1)).toBeGreaterThanOrEqual(30)
  })

  it('take the colour of their worst severity', () => {
    const colors = [1, 2, 3, 4].map(clusterColor)
    expect(new Set(colors).size).toBe(4)
    expect(clusterColor(0)).toBe(clusterColor(1))
    expect(clusterColor(9)).toBe(clusterColor(4))
  })
})

describe('parcelStyle', () => {
  it('fills by tenure, each tenure its own colour', () => {
    const fills = TENURES.map((tenure) => parcelStyle({ tenure, titleStatus: 'none' }).fillColor)
    expect(new Set(fills).size).toBe(TENURES.length)
    expect(parcelStyle({ tenure: 'communal_land_title', titleStatus: 'registered' }).fillColor).toBe(TENURE_COLORS.communal_land_title)
  })

  it('outlines by title status without relying on colour: solid, dashed, dotted, dash-dot', () => {
    const dashes = TITLE_STATUSES.map((titleStatus) => String(parcelStyle({ tenure: 'unknown', titleStatus }).dashArray))
    expect(new Set(dashes).size).toBe(TITLE_STATUSES.length)
    expect(parcelStyle({ tenure: 'private_title', titleStatus: 'registered' }).dashArray).toBeUndefined()
    expect(parcelStyle({ tenure: 'private_title', titleStatus: 'disputed' }).color).toBe('#b91c1c')
  })

  it('draws a selected parcel heavier', () => {
    const plain = parcelStyle({ tenure: 'possession_right', titleStatus: 'applied' })
    const selected = parcelStyle({ tenure: 'possession_right', titleStatus: 'applied' }, true)
    expect(selected.weight!).toBeGreaterThan(plain.weight!)
    expect(selected.fillOpacity!).toBeGreaterThan(plain.fillOpacity!)
  })
})

describe('concessionStyle', () => {
  it('is hatched (a pattern per kind) with a dashed outline', () => {
    for (const kind of CONCESSION_KINDS) {
      const style = concessionStyle({ kind })
      expect(style.fillColor).toBe(`url(#${concessionPatternId(kind)})`)
      expect(style.dashArray).toBeTruthy()
      expect(style.fillOpacity).toBe(1)
    }
    expect(concessionStyle({ kind: 'elc' }, true).weight!).toBeGreaterThan(concessionStyle({ kind: 'elc' }).weight!)
  })

  it('hatches each kind differently (angle or cross-hatch), not only in colour', () => {
    const hatches = CONCESSION_KINDS.map((kind) => `${CONCESSION_HATCH[kind].angle}/${CONCESSION_HATCH[kind].isCrossed}`)
    expect(new Set(hatches).size).toBe(CONCESSION_KINDS.length)
  })
})

describe('darken', () => {
  it('darkens each channel', () => {
    expect(darken('#ffffff', 0.5)).toBe('#808080')
    expect(darken('#000000')).toBe('#000000')
  })
})

describe('parcelCellStyle', () => {
  it('turns from the parcels’ teal to red as the disputed share grows, and is never out of range', () => {
    expect(mix('#000000', '#ffffff', 0.5)).toBe('#808080')
    expect(parcelCellStyle(0).fillColor).toBe(TENURE_COLORS.possession_right)
    expect(parcelCellStyle(1).fillColor).toBe('#b91c1c')
    expect(parcelCellStyle(1).fillOpacity!).toBeGreaterThan(parcelCellStyle(0).fillOpacity!)
    expect(parcelCellStyle(7)).toEqual(parcelCellStyle(1))
    expect(parcelCellStyle(Number.NaN)).toEqual(parcelCellStyle(0))
  })
})
