/** Marker colours of the offline map (Mantine palette names), by commodity or by status. */
import type { MapPoint, MapPointStatus } from '../../map.contract'

export type ColourBy = 'commodity' | 'status'
export type CommodityGroup = 'water' | 'electricity' | 'both'

export const commodityGroup = (p: Pick<MapPoint, 'water' | 'electricity'>): CommodityGroup => (p.water && p.electricity ? 'both' : p.electricity ? 'electricity' : 'water')

export const COMMODITY_COLOURS: Record<CommodityGroup, string> = { water: 'var(--mantine-color-blue-6)', electricity: 'var(--mantine-color-orange-6)', both: 'var(--mantine-color-grape-6)' }
export const STATUS_COLOURS: Record<MapPointStatus, string> = { connected: 'var(--mantine-color-teal-6)', vacant: 'var(--mantine-color-yellow-6)', inactive: 'var(--mantine-color-red-6)' }

export const colourOf = (p: MapPoint, by: ColourBy) => (by === 'status' ? STATUS_COLOURS[p.status] : COMMODITY_COLOURS[commodityGroup(p)])

/** A cluster takes the colour most of its members have. */
export function dominantColour(members: MapPoint[], by: ColourBy): string {
  const counts = new Map<string, number>()
  for (const m of members) {
    const c = colourOf(m, by)
    counts.set(c, (counts.get(c) ?? 0) + 1)
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0]
}
