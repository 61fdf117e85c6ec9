#!/usr/bin/env node
/**
 * Builds modules/billing/ui/map/morocco-base.json, the offline map's base layer, from Natural Earth 1:10m countries
 * (public domain) as redistributed by the `world-atlas` npm package (ISC). Run once, with the two packages at hand:
 *   npm i --no-save world-atlas@2.0.2 topojson-client@3.1.0 && node scripts/billing-map-base.mjs
 * Morocco is drawn with its southern provinces (Natural Earth's 504 and 732 merged, no line between them); the
 * neighbours are clipped to the frame. Rings are simplified (Douglas-Peucker) and rounded to 0.001°.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { feature, merge } from 'topojson-client'

const require = createRequire(import.meta.url)
const world = JSON.parse(readFileSync(require.resolve('world-atlas/countries-10m.json'), 'utf8'))
const FRAME = { west: -19.5, east: 1.5, south: 19.5, north: 37.5 }
const TOLERANCE = 0.004
const geoms = world.objects.countries.geometries
const morocco = merge(world, geoms.filter((g) => g.id === '504' || g.id === '732'))
const NEIGHBOURS = { '012': 'DZ', '724': 'ES', '620': 'PT', '478': 'MR' }

function simplify(points, tol) {
  if (points.length <= 3) return points
  const keep = new Uint8Array(points.length)
  keep[0] = keep[points.length - 1] = 1
  const stack = [[0, points.length - 1]]
  while (stack.length) {
    const [a, b] = stack.pop()
    const [ax, ay] = points[a]
    const [bx, by] = points[b]
    let best = -1
    let dmax = tol
    for (let i = a + 1; i < b; i++) {
      const [px, py] = points[i]
      const dx = bx - ax
      const dy = by - ay
      const len = Math.hypot(dx, dy) || 1e-12
      const d = Math.abs(dy * px - dx * py + bx * ay - by * ax) / len
      if (d > dmax) {
        dmax = d
        best = i
      }
    }
    if (best >= 0) {
      keep[best] = 1
      stack.push([a, best], [best, b])
    }
  }
  return points.filter((_, i) => keep[i])
}

/** Sutherland-Hodgman against the frame. */
function clip(ring) {
  const edges = [
    (p) => p[0] >= FRAME.west, (p) => p[0] <= FRAME.east, (p) => p[1] >= FRAME.south, (p) => p[1] <= FRAME.north,
  ]
  const cut = [
    (a, b) => [FRAME.west, a[1] + ((b[1] - a[1]) * (FRAME.west - a[0])) / (b[0] - a[0])],
    (a, b) => [FRAME.east, a[1] + ((b[1] - a[1]) * (FRAME.east - a[0])) / (b[0] - a[0])],
    (a, b) => [a[0] + ((b[0] - a[0]) * (FRAME.south - a[1])) / (b[1] - a[1]), FRAME.south],
    (a, b) => [a[0] + ((b[0] - a[0]) * (FRAME.north - a[1])) / (b[1] - a[1]), FRAME.north],
  ]
  let out = ring
  for (let e = 0; e < 4 && out.length; e++) {
    const input = out
    out = []
    for (let i = 0; i < input.length; i++) {
      const cur = input[i]
      const prev = input[(i + input.length - 1) % input.length]
      if (edges[e](cur)) {
        if (!edges[e](prev)) out.push(cut[e](prev, cur))
        out.push(cur)
      } else if (edges[e](prev)) out.push(cut[e](prev, cur))
    }
  }
  return out
}

const round = (ring) => ring.map(([x, y]) => [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000])
const rings = (geometry) => (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).flat()
/** A closed ring is cut at its farthest point from the start so each half has distinct ends. */
function simplifyRing(ring) {
  if (ring.length < 4) return ring
  let far = 1
  for (let i = 1; i < ring.length; i++) if (Math.hypot(ring[i][0] - ring[0][0], ring[i][1] - ring[0][1]) > Math.hypot(ring[far][0] - ring[0][0], ring[far][1] - ring[0][1])) far = i
  return [...simplify(ring.slice(0, far + 1), TOLERANCE), ...simplify(ring.slice(far), TOLERANCE).slice(1)]
}
const prepare = (ring) => {
  const r = round(simplifyRing(clip(ring)))
  return r.length >= 4 ? r : null
}

const neighbours = geoms
  .filter((g) => NEIGHBOURS[g.id])
  .map((g) => ({ code: NEIGHBOURS[g.id], rings: rings(feature(world, g).geometry).map(prepare).filter(Boolean) }))
  .filter((n) => n.rings.length)
const base = {
  source: 'Natural Earth 1:10m admin 0 countries v4.1.0 (public domain), via world-atlas 2.0.2 (ISC); simplified',
  frame: FRAME,
  morocco: rings(morocco).map(prepare).filter(Boolean),
  neighbours,
}
const out = new URL('../modules/billing/ui/map/morocco-base.json', import.meta.url)
writeFileSync(out, JSON.stringify(base))
console.log(`${out.pathname}: ${JSON.stringify(base).length} bytes, Morocco ${base.morocco.reduce((n, r) => n + r.length, 0)} points`)
