/**
 * The offline map of connection points: points with a position inside a bounding box, filtered by sector, district,
 * commodity and status, in a compact shape (10,000s of points per call). Types and zod only.
 */
import { z } from 'zod'
import { method, type ContractOf } from '../core/rpc'
import { BILLING_PERMISSIONS, COMMODITIES, MOROCCO_BOUNDS, type Commodity } from './contract'

/** connected: a contract runs today; vacant: active point without a running contract; inactive: point closed. */
export const MAP_POINT_STATUSES = ['connected', 'vacant', 'inactive'] as const
export type MapPointStatus = (typeof MAP_POINT_STATUSES)[number]

export interface MapPoint {
  id: string
  code: string
  lat: number
  lng: number
  water: boolean
  electricity: boolean
  sanitation: boolean
  status: MapPointStatus
}

export interface MapPointsResult {
  points: MapPoint[]
  /** Points matching the filters (may exceed `points.length` when truncated at `limit`). */
  total: number
  truncated: boolean
}

export interface MapFacets {
  sectors: string[]
  districts: string[]
}

const lat = z.number().min(-90).max(90)
const lng = z.number().min(-180).max(180)

export const mapPointsSchema = z
  .object({
    /** Degrees; default Morocco. */
    bbox: z
      .object({ south: lat, west: lng, north: lat, east: lng })
      .strict()
      .refine((b) => b.south <= b.north && b.west <= b.east, 'BBOX_ORDER')
      .default({ south: MOROCCO_BOUNDS.latMin, west: MOROCCO_BOUNDS.lngMin, north: MOROCCO_BOUNDS.latMax, east: MOROCCO_BOUNDS.lngMax }),
    sector: z.string().trim().max(40).optional(),
    district: z.string().trim().max(80).optional(),
    commodity: z.enum(COMMODITIES).optional(),
    status: z.enum(MAP_POINT_STATUSES).optional(),
    /** The date "running" is judged on; default today. */
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    limit: z.number().int().min(1).max(50_000).default(20_000),
  })
  .strict()

const P = BILLING_PERMISSIONS

export const mapMethods = {
  'billing.map.points': method<MapPointsResult>()({ input: mapPointsSchema, permission: P.read }),
  /** Distinct sectors and districts of the points (filter choices). */
  'billing.map.facets': method<MapFacets>()({ input: z.object({}).strict(), permission: P.read }),
}

export type { Commodity }

export type BillingMapContract = ContractOf<typeof mapMethods>
