// Clustering incidents with supercluster: crowded points become one bubble with a count and the
// worst severity; zooming in splits them; what lies outside the area is left out.
import { describe, expect, it } from 'vitest'
import { CLUSTER_RADIUS_PX, createClusterIndex, type ClusterInput } from '../../client/features/map/cluster.ts'

const point = (id: string, lng: number, lat: number, severityRank: number): ClusterInput<{ id: string }> => ({
  id,
  position: [lng, lat],
  severityRank,
  item: { id },
})

// Three incidents within a few hundred metres in Ratanak Kiri, one far away in Koh Kong.
const inputs = [point('a', 107.12, 13.61, 1), point('b', 107.122, 13.612, 4), point('c', 107.124, 13.609, 2), point('far', 103.2, 11.6, 3)]
const CAMBODIA = [102, 10, 108, 15] as const

describe('createClusterIndex', () => {
  const index = createClusterIndex(inputs)

  it('groups crowded incidents at the country view, with their count and worst severity', () => {
    const items = index.at(CAMBODIA, 7)
    const clusters = items.filter((item) => item.type === 'cluster')
    const points = items.filter((item) => item.type === 'point')
    expect(clusters).toHaveLength(1)
    expect(clusters[0]).toMatchObject({ type: 'cluster', count: 3, maxSeverityRank: 4 })
    expect(points.map((item) => item.id)).toEqual(['far'])
  })

  it('tells the zoom that splits a cluster, and its incidents', () => {
    const [cluster] = index.at(CAMBODIA, 7).filter((item) => item.type === 'cluster')
    if (cluster?.type !== 'cluster') throw new Error('expected a cluster')
    expect(cluster.expansionZoom).toBeGreaterThan(7)
    expect(
      index
        .leaves(cluster.id)
        .map((item) => item.id)
        .sort(),
    ).toEqual(['a', 'b', 'c'])
    const after = index.at(CAMBODIA, cluster.expansionZoom)
    expect(after.filter((item) => item.type === 'cluster').every((item) => item.type === 'cluster' && item.count < 3)).toBe(true)
  })

  it('draws every incident on its own when zoomed in', () => {
    const items = index.at(CAMBODIA, 18)
    expect(items.every((item) => item.type === 'point')).toBe(true)
    expect(items.map((item) => item.id).sort()).toEqual(['a', 'b', 'c', 'far'])
    const a = items.find((item) => item.id === 'a')
    expect(a).toMatchObject({ type: 'point', position: [107.12, 13.61], item: { id: 'a' } })
  })

  it('leaves out what is outside the area asked for', () => {
    const kohKong = [102.5, 11, 104, 12.5] as const
    expect(index.at(kohKong, 7).map((item) => item.id)).toEqual(['far'])
  })

  it('joins points closer than CLUSTER_RADIUS_PX on the screen (Leaflet’s 256-pixel tiles), not half of it', () => {
    // At zoom 12 one screen pixel is 360° / (256 × 2^12) of longitude.
    const pixel = 360 / (256 * 2 ** 12)
    const apart = (px: number) =>
      createClusterIndex([point('a', 107.12, 13.61, 1), point('b', 107.12 + px * pixel, 13.61, 1)]).at(CAMBODIA, 12)
    expect(apart(CLUSTER_RADIUS_PX * 0.8)).toEqual([expect.objectContaining({ type: 'cluster', count: 2 })])
    expect(apart(CLUSTER_RADIUS_PX * 1.2).map((item) => item.type)).toEqual(['point', 'point'])
  })

  it('copes with no incidents', () => {
    expect(createClusterIndex([]).at(CAMBODIA, 7)).toEqual([])
  })
})
