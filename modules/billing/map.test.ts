import { describe, expect, it } from 'vitest'
import { backendEachTest, call, errorCode, login, ok } from '../../test/helpers'
import type { ConnectionPointRow } from './contract'
import type { MapFacets, MapPointsResult } from './map.contract'

const env = backendEachTest({ demo: true }, ['clerk'])

const points = (args: Record<string, unknown> = {}) => ok<MapPointsResult>(env.b, 'billing.map.points', args, env.clerk)
const codes = (r: MapPointsResult) => r.points.map((p) => p.code).sort()

describe('billing: map of connection points', () => {
  it('lists points with a position inside the box, compact, with their status', async () => {
    const all = await points()
    expect(all.total).toBe(3)
    expect(all.truncated).toBe(false)
    const anfa = all.points.find((p) => p.lat === 33.5951)!
    expect(anfa).toMatchObject({ lng: -7.6328, water: true, electricity: true, sanitation: true, status: 'connected' })
    // A point without a position is not on the map; a closed one shows as inactive; one without contract as vacant.
    await ok(env.b, 'billing.points.create', { address: 'Sans GPS', water: true }, env.clerk)
    const vacant = await ok<ConnectionPointRow>(env.b, 'billing.points.create', { address: 'Hay Hassani', district: 'Hay Hassani', sector: 'S09', lat: 33.56, lng: -7.67, electricity: true }, env.clerk)
    const closed = await ok<ConnectionPointRow>(env.b, 'billing.points.create', { address: 'Fermé', sector: 'S09', lat: 34.02, lng: -6.84, water: true }, env.clerk)
    await ok(env.b, 'billing.points.update', { id: closed.id, active: false }, env.clerk)
    const after = await points()
    expect(after.total).toBe(5)
    expect(after.points.find((p) => p.id === vacant.id)?.status).toBe('vacant')
    expect(after.points.find((p) => p.id === closed.id)?.status).toBe('inactive')
    // The box: Rabat only.
    expect(codes(await points({ bbox: { south: 33.9, west: -7, north: 34.1, east: -6.7 } }))).toEqual([closed.code])
  })

  it('filters by sector, district, commodity and status; limits and says so', async () => {
    const s01 = await points({ sector: 'S01' })
    expect(s01.points).toHaveLength(1)
    expect((await points({ district: 'Al Fida' })).points.map((p) => p.electricity)).toEqual([false])
    expect((await points({ commodity: 'electricity' })).total).toBe(2)
    expect((await points({ status: 'vacant' })).total).toBe(0)
    // Contracts start on 2025-03-01: before that the points are vacant.
    expect((await points({ status: 'vacant', date: '2025-01-01' })).total).toBe(3)
    const limited = await points({ limit: 2 })
    expect(limited).toMatchObject({ total: 3, truncated: true })
    expect(limited.points).toHaveLength(2)
    const facets = await ok<MapFacets>(env.b, 'billing.map.facets', {}, env.clerk)
    expect(facets.sectors).toEqual(expect.arrayContaining(['S01', 'S02', 'S03']))
    expect(facets.districts).toEqual(expect.arrayContaining(['Al Fida', 'Anfa', 'Maârif']))
    // Distinct, sorted, no empty value.
    for (const list of [facets.sectors, facets.districts]) expect(list).toEqual([...new Set(list)].sort().filter((v) => v !== ''))
  })

  it('checks permission and input', async () => {
    const warehouse = await login(env.b, 'warehouse')
    expect(errorCode(await call(env.b, 'billing.map.points', {}, warehouse))).toBe('FORBIDDEN')
    expect(errorCode(await call(env.b, 'billing.map.points', { bbox: { south: 35, west: -7, north: 34, east: -6 } }, env.clerk))).toBe('VALIDATION')
    expect(errorCode(await call(env.b, 'billing.map.points', { commodity: 'gas' }, env.clerk))).toBe('VALIDATION')
    expect(errorCode(await call(env.b, 'billing.map.points', { limit: 100_000 }, env.clerk))).toBe('VALIDATION')
    expect(errorCode(await call(env.b, 'billing.map.facets', { x: 1 }, env.clerk))).toBe('VALIDATION')
  })

  it('serves 10,000 points in one call', async () => {
    await env.b.dataSource.query(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
       INSERT INTO billing_connection_points (id, code, address, sector, lat_micro, lng_micro, water, site_code, created_at, updated_at)
       SELECT 'bench-' || i, 'PX' || printf('%06d', i), 'x', 'S' || (i % 20), 30000000 + (i * 397) % 5000000, -9000000 + (i * 733) % 4000000, 1, 'CAS01', '', '' FROM n`,
    )
    const t = performance.now()
    const r = await points()
    const ms = performance.now() - t
    expect(r.total).toBe(10_003)
    expect(r.points).toHaveLength(10_003)
    expect(ms).toBeLessThan(2000)
  })
})
