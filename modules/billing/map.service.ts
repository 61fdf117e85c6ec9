/** The offline map's reads: connection points inside a bounding box, compact. */
import type { z } from 'zod'
import type { CallContext } from '../core/backend/types'
import type { MapFacets, MapPoint, MapPointsResult, MapPointStatus, mapPointsSchema } from './map.contract'

const micro = (deg: number) => Math.round(deg * 1_000_000)
const today = (ctx: CallContext) => ctx.now().toISOString().slice(0, 10)

/** The status of a point on `date` (SQL, over `p`): a running contract makes it connected. */
const STATUS_SQL = `CASE WHEN p.active = 0 THEN 'inactive'
  WHEN EXISTS (SELECT 1 FROM billing_contracts c WHERE c.point_id = p.id AND c.start_date <= ? AND (c.end_date IS NULL OR c.end_date > ?)) THEN 'connected'
  ELSE 'vacant' END`

interface Raw {
  id: string
  code: string
  lat: number
  lng: number
  water: number
  electricity: number
  sanitation: number
  status: MapPointStatus
}

export const mapService = {
  async points(ctx: CallContext, input: z.output<typeof mapPointsSchema>): Promise<MapPointsResult> {
    const date = input.date ?? today(ctx)
    const where = ['p.lat_micro IS NOT NULL', 'p.lat_micro BETWEEN ? AND ?', 'p.lng_micro BETWEEN ? AND ?']
    const params: unknown[] = [micro(input.bbox.south), micro(input.bbox.north), micro(input.bbox.west), micro(input.bbox.east)]
    if (input.sector) {
      where.push('p.sector = ?')
      params.push(input.sector)
    }
    if (input.district) {
      where.push('p.district = ?')
      params.push(input.district)
    }
    // Column names are whitelisted by the schema's enum.
    if (input.commodity) where.push(`p.${input.commodity} = 1`)
    const inner = `SELECT p.id, p.code, p.lat_micro / 1e6 AS lat, p.lng_micro / 1e6 AS lng, p.water, p.electricity, p.sanitation, ${STATUS_SQL} AS status
      FROM billing_connection_points p WHERE ${where.join(' AND ')}`
    const sql = `SELECT * FROM (${inner}) ${input.status ? 'WHERE status = ?' : ''} ORDER BY code`
    const all = [date, date, ...params, ...(input.status ? [input.status] : [])]
    const [{ n }]: { n: number }[] = await ctx.db.manager.query(`SELECT COUNT(*) AS n FROM (${sql})`, all)
    const rows: Raw[] = await ctx.db.manager.query(`${sql} LIMIT ?`, [...all, input.limit])
    const points: MapPoint[] = rows.map((r) => ({
      id: r.id,
      code: r.code,
      lat: Number(r.lat),
      lng: Number(r.lng),
      water: Boolean(r.water),
      electricity: Boolean(r.electricity),
      sanitation: Boolean(r.sanitation),
      status: r.status,
    }))
    return { points, total: Number(n), truncated: Number(n) > points.length }
  },

  async facets(ctx: CallContext): Promise<MapFacets> {
    const distinct = async (column: 'sector' | 'district') =>
      ((await ctx.db.manager.query(`SELECT DISTINCT ${column} AS v FROM billing_connection_points WHERE ${column} <> '' ORDER BY 1`)) as { v: string }[]).map((r) => r.v)
    return { sectors: await distinct('sector'), districts: await distinct('district') }
  },
}
