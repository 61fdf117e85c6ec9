import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalBackend, WriteTx } from '../core/backend/types'
import { login, ok, openTestBackend } from '../../test/helpers'
import { alertOnAcceptedReading } from './alerts.overconsumption'
import type { SavedReading } from './readings.contract'

// The readings demo is laid out around this day: meters fitted on 01/08, rounds on 01/09, 01/10 and 01/11 (a spike in review).
const NOW = new Date('2026-12-04T09:00:00Z')
let b: LocalBackend
let manager: string

beforeEach(async () => {
  b = await openTestBackend({ demo: true, now: () => NOW, background: false })
  manager = await login(b, 'manager')
})
afterEach(async () => b?.close())

const alerts = () =>
  b.dataSource.query(`SELECT m.ref, m.language, m.body, s.name_latin AS name FROM billing_messages m JOIN billing_subscribers s ON s.id = m.subscriber_id WHERE m.kind = 'overconsumption' ORDER BY m.ref`) as Promise<
    { ref: string; language: string; body: string; name: string }[]
  >

describe('over-consumption alert', () => {
  it('a read held for review alerts nobody; accepting it sends the leak message in the subscriber’s language, once', async () => {
    const [spike] = (await b.dataSource.query(
      `SELECT r.id, r.date, c.number FROM billing_readings r JOIN billing_contracts c ON c.id = r.contract_id WHERE r.status = 'review'`,
    )) as { id: string; date: string; number: string }[]
    expect(spike).toBeDefined()
    expect((await alerts()).filter((a) => a.ref === `${spike.number}/${spike.date}`)).toEqual([])
    await ok(b, 'billing.readings.review', { readingId: spike.id, decision: 'accepted' }, manager)
    const [alert] = (await alerts()).filter((a) => a.ref === `${spike.number}/${spike.date}`)
    expect(alert).toMatchObject({ language: 'ar', name: 'Mohamed El Amrani' })
    expect(alert.body).toContain('تسرب') // "a leak is possible"
    // Called again (another path accepting the same read): deduped per read.
    const again = await b.dataSource.transaction((manager) => alertOnAcceptedReading({ manager, audit: () => {}, nextNumber: async () => 'X' } as WriteTx, spike.id))
    expect(again).toMatchObject({ cause: 'leak', message: { queued: false, reason: 'DUPLICATE' } })
  })

  it('an accepted read that climbs into a higher tranche gets the tranche message; a usual read none', async () => {
    const contracts = (await b.dataSource.query(
      `SELECT c.id, c.number, s.name_latin AS name, (SELECT MAX(r.index_value) FROM billing_readings r WHERE r.contract_id = c.id) AS lastIndex
       FROM billing_contracts c JOIN billing_subscribers s ON s.id = c.subscriber_id WHERE c.commodity = 'water' ORDER BY s.number`,
    )) as { id: string; number: string; name: string; lastIndex: number }[]
    const [, fr, third] = contracts
    // 33 days after the 01/11 round: about 15 m³ is usual (band 3 of the bands prorated to 6,6 / 13,2 / 22 m³).
    // 25 m³ stays under the plausibility ceiling and under 2 × usual (no leak) but reaches band 4; 15 m³ is usual.
    const saved = await ok<SavedReading[]>(b, 'billing.readings.saveBatch', { date: '2026-12-04', rows: [{ contractId: fr.id, index: Number(fr.lastIndex) + 25_000 }, { contractId: third.id, index: Number(third.lastIndex) + 15_000 }] }, manager)
    expect(saved.map((s) => s.status)).toEqual(['ok', 'ok'])
    const mine = (await alerts()).filter((a) => a.ref.endsWith('/2026-12-04'))
    expect(mine.map((a) => [a.ref, a.language])).toEqual([[`${fr.number}/2026-12-04`, 'fr']])
    expect(mine[0].body).toContain('tranche 4')
    expect(mine[0].body).toContain('25 m3')
  })
})
