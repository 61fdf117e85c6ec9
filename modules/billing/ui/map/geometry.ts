/**
 * The offline map's geometry (pure): Web Mercator world coordinates (0 … 1 on each axis), a view (top-left corner in
 * world units + pixels per world unit), and grid clustering of the points on screen.
 */

export interface View {
  /** World coordinates of the top-left corner. */
  x0: number
  y0: number
  /** Pixels per world unit. */
  k: number
}

export interface Bounds {
  west: number
  east: number
  south: number
  north: number
}

export const MIN_K = 2 ** 11
/** About one metre per pixel: closer than any meter needs. */
export const MAX_K = 2 ** 25

export const worldX = (lng: number) => (lng + 180) / 360
export function worldY(lat: number): number {
  const r = (Math.max(-85, Math.min(85, lat)) * Math.PI) / 180
  return (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2
}
export const lngOf = (x: number) => x * 360 - 180
export const latOf = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI

export const toScreen = (v: View, wx: number, wy: number): [number, number] => [(wx - v.x0) * v.k, (wy - v.y0) * v.k]

/** The view showing `b` whole and centred in a width × height box, with a margin in pixels, zoom capped at `maxK`. */
export function fitBounds(b: Bounds, width: number, height: number, margin = 24, maxK = MAX_K): View {
  const x1 = worldX(b.west)
  const x2 = worldX(b.east)
  const y1 = worldY(b.north)
  const y2 = worldY(b.south)
  const k = clampK(Math.min((width - 2 * margin) / Math.max(x2 - x1, 1e-9), (height - 2 * margin) / Math.max(y2 - y1, 1e-9), maxK))
  return { k, x0: (x1 + x2) / 2 - width / 2 / k, y0: (y1 + y2) / 2 - height / 2 / k }
}

export const clampK = (k: number) => Math.max(MIN_K, Math.min(MAX_K, k))

/** Zoom by `factor` keeping the world point under (sx, sy) in place. */
export function zoomAt(v: View, factor: number, sx: number, sy: number): View {
  const k = clampK(v.k * factor)
  const wx = v.x0 + sx / v.k
  const wy = v.y0 + sy / v.k
  return { k, x0: wx - sx / k, y0: wy - sy / k }
}

export const panBy = (v: View, dx: number, dy: number): View => ({ ...v, x0: v.x0 - dx / v.k, y0: v.y0 - dy / v.k })

/** The degrees box a view shows in a width × height box. */
export function viewBounds(v: View, width: number, height: number): Bounds {
  return { west: lngOf(v.x0), east: lngOf(v.x0 + width / v.k), north: latOf(v.y0), south: latOf(v.y0 + height / v.k) }
}

export interface Placed<P> {
  point: P
  wx: number
  wy: number
}

export interface Cluster<P> {
  /** Screen position (mean of its members). */
  x: number
  y: number
  members: P[]
}

/**
 * Points on screen grouped by a grid of `cell` pixels: one cluster per occupied cell inside the box (plus a margin so
 * clusters at the edge do not pop). A cell with one point is that point.
 */
export function clusterOnScreen<P>(placed: Placed<P>[], v: View, width: number, height: number, cell: number): Cluster<P>[] {
  const cells = new Map<number, { sx: number; sy: number; members: P[] }>()
  const cols = Math.ceil(width / cell) + 3
  for (const p of placed) {
    const x = (p.wx - v.x0) * v.k
    const y = (p.wy - v.y0) * v.k
    if (x < -cell || y < -cell || x > width + cell || y > height + cell) continue
    const key = (Math.floor(y / cell) + 1) * cols + Math.floor(x / cell) + 1
    const c = cells.get(key)
    if (c) {
      c.sx += x
      c.sy += y
      c.members.push(p.point)
    } else cells.set(key, { sx: x, sy: y, members: [p.point] })
  }
  return [...cells.values()].map((c) => ({ x: c.sx / c.members.length, y: c.sy / c.members.length, members: c.members }))
}

/** SVG path data of rings of [lng, lat] in world units (drawn under a scale transform). */
export function ringsPath(rings: number[][][]): string {
  return rings
    .map((ring) => ring.map(([lng, lat], i) => `${i === 0 ? 'M' : 'L'}${worldX(lng).toFixed(7)} ${worldY(lat).toFixed(7)}`).join('') + 'Z')
    .join('')
}
