import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { clusterOnScreen, fitBounds, latOf, lngOf, panBy, toScreen, viewBounds, worldX, worldY, zoomAt, MAX_K, type View } from './geometry'

describe('map geometry', () => {
  it('projects and unprojects (Web Mercator)', () => {
    fc.assert(
      fc.property(fc.double({ min: -17.3, max: -0.9, noNaN: true }), fc.double({ min: 20.5, max: 36.1, noNaN: true }), (lng, lat) => {
        expect(lngOf(worldX(lng))).toBeCloseTo(lng, 9)
        expect(latOf(worldY(lat))).toBeCloseTo(lat, 9)
      }),
    )
    expect(worldY(0)).toBeCloseTo(0.5, 12)
    expect(worldY(35)).toBeLessThan(worldY(21)) // north is up
  })

  it('fits a box, centred, within the size', () => {
    const b = { west: -17.3, east: -0.9, south: 20.5, north: 36.1 }
    const v = fitBounds(b, 800, 600, 20)
    const [x1, y1] = toScreen(v, worldX(b.west), worldY(b.north))
    const [x2, y2] = toScreen(v, worldX(b.east), worldY(b.south))
    expect(Math.min(x1, y1)).toBeGreaterThanOrEqual(19.999)
    expect(x2).toBeLessThanOrEqual(780.001)
    expect(y2).toBeLessThanOrEqual(580.001)
    expect((x1 + x2) / 2).toBeCloseTo(400, 6)
    // A single point: the zoom cap, the point in the middle.
    const one = fitBounds({ west: -7.6, east: -7.6, south: 33.6, north: 33.6 }, 800, 600, 20, MAX_K / 4)
    expect(one.k).toBe(MAX_K / 4)
    expect(toScreen(one, worldX(-7.6), worldY(33.6))).toEqual([expect.closeTo(400, 6), expect.closeTo(300, 6)])
  })

  it('zooms about the cursor and pans by pixels', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 2, noNaN: true }), fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 600 }), (f, sx, sy) => {
        const v: View = fitBounds({ west: -10, east: -2, south: 28, north: 36 }, 800, 600)
        const before = [v.x0 + sx / v.k, v.y0 + sy / v.k]
        const z = zoomAt(v, f, sx, sy)
        expect(z.x0 + sx / z.k).toBeCloseTo(before[0], 12)
        expect(z.y0 + sy / z.k).toBeCloseTo(before[1], 12)
      }),
    )
    const v = fitBounds({ west: -10, east: -2, south: 28, north: 36 }, 800, 600)
    const moved = viewBounds(panBy(v, 100, 0), 800, 600)
    expect(moved.west).toBeLessThan(viewBounds(v, 800, 600).west) // dragging right shows what is west
  })

  it('clusters by screen cells, keeps every visible point once', () => {
    const v: View = { x0: 0, y0: 0, k: 1000 }
    const placed = Array.from({ length: 1600 }, (_, i) => ({ point: i, wx: (i % 40) / 40, wy: Math.floor(i / 40) / 40 }))
    const clusters = clusterOnScreen(placed, v, 1000, 1000, 50)
    expect(clusters.flatMap((c) => c.members).sort((a, b) => a - b)).toEqual(placed.map((p) => p.point))
    expect(clusters.length).toBe(400) // 40 × 40 points 25 px apart: 20 × 20 cells of 50 px, 4 points each
    for (const c of clusters) expect(c.members.length).toBe(4)
    // Off-screen points are left out.
    expect(clusterOnScreen([{ point: 0, wx: 5, wy: 5 }], v, 1000, 1000, 50)).toEqual([])
  })
})
