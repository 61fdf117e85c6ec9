import { afterEach, describe, expect, it } from 'vitest'
import type { BinRow, DepotRow, ItemDetail } from '../stock/contract'
import type { Page } from '../core/rpc'
import { exchange, openSite, pageOf, sys, type TestSite } from '../../test/sync-sites'
import type { Change } from './protocol'
import { changeSchema } from './protocol'

const U = 1000
const open: TestSite[] = []
afterEach(async () => {
  for (const s of open.splice(0)) await s.b.close()
})

async function site(code: string, opts: Parameters<typeof openSite>[1] = {}): Promise<TestSite> {
  const s = await openSite(code, opts)
  open.push(s)
  return s
}

const outbox = async (s: TestSite): Promise<{ entity: string; payload: Change; status: string; tx: string }[]> =>
  (await s.b.dataSource.query(`SELECT entity, payload, status, tx_id AS tx FROM sync_outbox ORDER BY seq`)).map((r: { entity: string; payload: string; status: string; tx: string }) => ({
    ...r,
    payload: JSON.parse(r.payload),
  }))

const createItem = (s: TestSite, code: string, extra: Record<string, unknown> = {}) =>
  sys<ItemDetail>(s, 'stock.items.create', { code, nameFr: `Article ${code}`, category: 'pipe', uom: 'm', standardCost: 1000, ...extra })

describe('capture', () => {
  it('writes outbox rows in the write transaction; a rolled-back write leaves none', async () => {
    const a = await site('HQ01')
    const pipe = await createItem(a, 'P-1', { barcodes: ['111'] })
    const rows = await outbox(a)
    expect(rows.map((r) => r.entity)).toEqual(['stock.item'])
    const change = rows[0].payload
    expect(changeSchema.safeParse(change).success).toBe(true)
    expect(change).toMatchObject({ entity: 'stock.item', id: pipe.id, kind: 'master', op: 'upsert', site: 'HQ01', owner: 'HQ01', audience: ['*'] })
    expect(change.fields).toMatchObject({ code: 'P-1', name_fr: 'Article P-1', barcodes: ['111'] })
    expect(change.fields).not.toHaveProperty('last_cost')
    // Barcode taken: the item insert happened, then the transaction rolled back, outbox rows with it.
    await expect(createItem(a, 'P-2', { barcodes: ['111'] })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await outbox(a)).toHaveLength(1)
    expect(await a.b.dataSource.query(`SELECT * FROM sync_dirty`)).toEqual([])
  })

  it('a master edit carries only the fields it changed, with their clocks and bases', async () => {
    const a = await site('HQ01')
    const pipe = await createItem(a, 'P-1')
    a.clock.ms += 60_000
    await sys(a, 'stock.items.update', { id: pipe.id, nameFr: 'Tube PE' })
    const [created, edited] = (await outbox(a)).map((r) => r.payload)
    expect(Object.keys(edited.fields).sort()).toEqual(['name_fr', 'updated_at'])
    expect(edited.fields.name_fr).toBe('Tube PE')
    expect(edited.clocks!.name_fr).toBe(edited.hlc)
    expect(edited.base!.name_fr).toBe(created.hlc)
    expect(edited.hlc > created.hlc).toBe(true)
    // Saving the same values again is no change.
    await sys(a, 'stock.items.update', { id: pipe.id, nameFr: 'Tube PE' })
    const after = await outbox(a)
    expect(after.length === 2 || Object.keys(after[2].payload.fields).every((f) => f === 'updated_at')).toBe(true)
  })
})

describe('ownership', () => {
  it('refuses a write to a record this site does not own once enrolled (FORBIDDEN NOT_OWNER), rolled back', async () => {
    const hq = await site('HQ01', { hq: 'HQ01' })
    const cas = await site('CAS01', { hq: 'HQ01' })
    const pipe = await createItem(hq, 'P-1')
    const hqDepot = await sys<DepotRow>(hq, 'stock.depots.create', { code: 'HQD', name: 'HQ depot' })
    await exchange(hq, cas)
    expect((await sys<ItemDetail>(cas, 'stock.items.get', { id: pipe.id })).code).toBe('P-1')

    const before = await outbox(cas)
    await expect(sys(cas, 'stock.items.update', { id: pipe.id, nameFr: 'Local rename' })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'NOT_OWNER' } })
    await expect(createItem(cas, 'LOCAL-1')).rejects.toMatchObject({ code: 'FORBIDDEN', details: { reason: 'NOT_OWNER' } })
    const hqBin = (await sys<Page<BinRow>>(cas, 'stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: hqDepot.id }] })).rows[0].id
    await expect(sys(cas, 'stock.moves.post', { kind: 'receipt', date: '2026-01-10', lines: [{ itemId: pipe.id, toBinId: hqBin, qty: U, unitCost: 10 }] })).rejects.toMatchObject({
      details: { reason: 'NOT_OWNER' },
    })
    expect((await sys<ItemDetail>(cas, 'stock.items.get', { id: pipe.id })).nameFr).toBe('Article P-1')
    expect(await outbox(cas)).toEqual(before)
    // Its own depot and moves there are fine.
    const casDepot = await sys<DepotRow>(cas, 'stock.depots.create', { code: 'CASD', name: 'Casablanca' })
    const casBin = (await sys<Page<BinRow>>(cas, 'stock.bins.list', { filters: [{ id: 'depotId', op: 'equals', value: casDepot.id }] })).rows[0].id
    await sys(cas, 'stock.moves.post', { kind: 'receipt', date: '2026-01-10', lines: [{ itemId: pipe.id, toBinId: casBin, qty: U, unitCost: 10 }] })
    expect((await outbox(cas)).map((r) => [r.entity, r.payload.owner])).toEqual([
      ['stock.depot', 'CAS01'],
      ['stock.bin', 'CAS01'],
      ['stock.move', 'CAS01'],
    ])
  })
})

describe('apply', () => {
  it('applying a page twice changes nothing; the cursor moves with the page', async () => {
    const hq = await site('HQ01', { hq: 'HQ01' })
    const cas = await site('CAS01', { hq: 'HQ01' })
    await createItem(hq, 'P-1', { barcodes: ['4242'] })
    expect(await cas.b.sync.pullCursor()).toBe('0')
    const page = await exchange(hq, cas)
    expect(await cas.b.sync.pullCursor()).toBe(page.next)
    const digest = await cas.b.sync.digest()
    expect(await cas.b.sync.applyPage(page)).toEqual({ applied: 0, skipped: page.changes.length, conflicts: 0 })
    expect(await cas.b.sync.digest()).toEqual(digest)
    expect(await cas.b.sync.digest()).toEqual(await hq.b.sync.digest())
    // Nothing applied went to the receiver's own outbox.
    expect(await outbox(cas)).toEqual([])
  })

  it('a concurrent edit on two devices of a site converges and leaves a conflict to review', async () => {
    const d1 = await site('HQ01', { hq: 'HQ01', deviceId: 'dev-1' })
    const d2 = await site('HQ01', { hq: 'HQ01', deviceId: 'dev-2' })
    const pipe = await createItem(d1, 'P-1')
    await exchange(d1, d2)
    d1.clock.ms += 60_000
    d2.clock.ms += 120_000 // the later edit
    await sys(d1, 'stock.items.update', { id: pipe.id, nameFr: 'Nom du poste 1', standardCost: 1500 })
    await sys(d2, 'stock.items.update', { id: pipe.id, nameFr: 'Nom du poste 2' })
    await exchange(d1, d2)
    await exchange(d2, d1)
    const name = async (s: TestSite) => (await sys<ItemDetail>(s, 'stock.items.get', { id: pipe.id })).nameFr
    expect(await name(d1)).toBe('Nom du poste 2')
    expect(await name(d2)).toBe('Nom du poste 2')
    // The field only one side changed keeps that change everywhere.
    expect((await sys<ItemDetail>(d2, 'stock.items.get', { id: pipe.id })).standardCost).toBe(1500)
    expect(await d1.b.sync.digest()).toEqual(await d2.b.sync.digest())

    const lost = (await d1.b.sync.listConflicts()).find((c) => c.field === 'name_fr')!
    expect(lost).toMatchObject({ entity: 'stock.item', recordId: pipe.id, localValue: 'Nom du poste 1', remoteValue: 'Nom du poste 2', winner: 'remote', status: 'open' })
    expect((await d2.b.sync.listConflicts()).find((c) => c.field === 'name_fr')).toMatchObject({ winner: 'local', localValue: 'Nom du poste 2' })
    expect((await d1.b.sync.status()).conflictsOpen).toBeGreaterThan(0)

    // The manager overturns it on d1: a new local edit, which then wins everywhere.
    d1.clock.ms += 60_000
    const resolved = await d1.b.sync.resolveConflict(lost.id, 'local', { userId: null, username: 'manager' })
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'local', resolvedBy: 'manager' })
    await expect(d1.b.sync.resolveConflict(lost.id, 'keep')).rejects.toMatchObject({ code: 'CONFLICT' })
    await exchange(d1, d2)
    expect(await name(d1)).toBe('Nom du poste 1')
    expect(await name(d2)).toBe('Nom du poste 1')
    expect(await d1.b.sync.digest()).toEqual(await d2.b.sync.digest())
  })

  it('a remote clock far ahead is clamped and flagged; the server time gives the skew', async () => {
    const a = await site('HQ01', { hq: 'HQ01', deviceId: 'dev-1' })
    const b = await site('HQ01', { hq: 'HQ01', deviceId: 'dev-2' })
    b.clock.ms += 3 * 86_400_000 // a machine with its date three days ahead
    await createItem(b, 'FUTURE')
    await exchange(b, a)
    const warning = (await a.b.dataSource.query(`SELECT value FROM settings WHERE key = 'sync.clockWarning'`))[0]
    expect(JSON.parse(warning.value)).toHaveProperty('remoteHlc')
    const hlc = JSON.parse((await a.b.dataSource.query(`SELECT value FROM settings WHERE key = 'sync.hlc'`))[0].value) as string
    expect(Number(hlc.slice(0, 15))).toBeLessThanOrEqual(a.clock.ms + 5 * 60_000)
    expect(await a.b.sync.observeServerTime(new Date(a.clock.ms + 10 * 60_000).toISOString())).toBe(10 * 60_000)
    expect(await a.b.sync.observeServerTime(new Date(a.clock.ms - 2000).toISOString())).toBe(-2000)
  })

  it('pendingBatch keeps transactions whole', async () => {
    const a = await site('HQ01')
    for (let i = 0; i < 3; i++) await createItem(a, `P-${i}`, { barcodes: [`BAR${i}`] }) // one change per transaction
    const d = await sys<DepotRow>(a, 'stock.depots.create', { code: 'D1', name: 'D' }) // depot + bin: two changes, one tx
    expect(d.code).toBe('D1')
    const batch = await a.b.sync.pendingBatch(4)
    expect(batch.map((c) => c.entity)).toEqual(['stock.item', 'stock.item', 'stock.item'])
    expect(pageOf(batch, a.clock.ms).changes).toHaveLength(3)
  })
})
