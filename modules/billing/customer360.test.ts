import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { backendEachTest, call, errorCode, login, ok } from '../../test/helpers'
import type { ContractRow, SubscriberRow } from './contract'
import type { CustomerHit, CustomerSummary } from './customer360.contract'
import { ftsExpression, nameSearchWords, rankNameKey } from './customer360.search'

const env = backendEachTest({ demo: true }, ['clerk'])

const search = (text: string, limit = 20) => ok<CustomerHit[]>(env.b, 'billing.customers.search', { text, limit }, env.clerk)
const names = (hits: CustomerHit[]) => hits.map((h) => h.subscriber.nameLatin)

describe('billing: customer search', () => {
  it('finds by mobile in any written form, CIN, ICE, subscriber and contract number', async () => {
    for (const phone of ['0661234567', '06 61 23 45 67', '+212 661-234-567', '00212661234567', '212.661.23.45.67']) {
      const hits = await search(phone)
      expect(hits[0], phone).toMatchObject({ matchedBy: 'phone', subscriber: { nameLatin: 'Mohamed El Amrani' } })
    }
    expect((await search('bk 654321'))[0]).toMatchObject({ matchedBy: 'cin', subscriber: { nameLatin: 'Fatima Zahra Bennani' } })
    expect((await search('001 525 862 000 067'))[0]).toMatchObject({ matchedBy: 'ice', subscriber: { nameLatin: 'Boulangerie Al Baraka SARL' } })
    const youssef = (await search('Youssef'))[0].subscriber
    expect((await search(youssef.number.toLowerCase()))[0]).toMatchObject({ matchedBy: 'number', subscriber: { id: youssef.id } })
    const contract = (await ok<{ rows: ContractRow[] }>(env.b, 'billing.contracts.list', { filters: [{ id: 'subscriberId', op: 'equals', value: youssef.id }] }, env.clerk)).rows[0]
    expect((await search(` ${contract.number} `))[0]).toMatchObject({ matchedBy: 'contract', subscriber: { id: youssef.id } })
    // Not found: no scan fallback on other columns.
    expect(await search('0699999999')).toEqual([])
    expect(await search('ZZ999999')).toEqual([])
  })

  it('finds names in either script, in part, folded (accents, case, Arabic letter variants, word order)', async () => {
    expect(names(await search('amrani'))).toEqual(['Mohamed El Amrani'])
    expect(names(await search('AMRANI mohamed'))).toEqual(['Mohamed El Amrani'])
    expect(names(await search('benna zahr'))).toEqual(['Fatima Zahra Bennani'])
    expect(names(await search('Fâtima'))).toEqual(['Fatima Zahra Bennani'])
    // Arabic: hamza on alef (أيت → ايت), tā' marbūṭa (ة → ه), diacritics ignored.
    expect(names(await search('ايت لحسن'))).toEqual(['Youssef Ait Lahcen'])
    expect(names(await search('فاطمه'))).toEqual(['Fatima Zahra Bennani'])
    expect(names(await search('مُحَمَّد'))).toEqual(['Mohamed El Amrani'])
    expect(names(await search('بركه'))).toEqual(['Boulangerie Al Baraka SARL'])
    expect(await search('xyzzy')).toEqual([])
    // Words shorter than 3 letters cannot be looked up alone.
    expect(await search('el')).toEqual([])
  })

  it('keeps the index in step with name changes, and ranks whole words first', async () => {
    const s = await ok<SubscriberRow>(env.b, 'billing.subscribers.create', { kind: 'person', nameLatin: 'Samira Amranie', nameAr: 'سميرة', cin: 'ZT 1', confirmDuplicates: true }, env.clerk)
    expect(names(await search('amrani'))).toEqual(['Mohamed El Amrani', 'Samira Amranie'])
    await ok(env.b, 'billing.subscribers.update', { id: s.id, nameLatin: 'Samira Tazi', nameAr: 'سميرة التازي' }, env.clerk)
    expect(names(await search('amrani'))).toEqual(['Mohamed El Amrani'])
    expect(names(await search('التازي'))).toEqual(['Samira Tazi'])
    // Direct writes (as sync apply does) go through the triggers too.
    await env.b.dataSource.manager.query(`UPDATE billing_subscribers SET name_key = 'kettani samira | ' WHERE id = ?`, [s.id])
    expect(names(await search('kettani'))).toEqual(['Samira Tazi'])
    expect(await search('tazi')).toEqual([])
  })

  it('the subscribers list’s search finds the same subscribers as the palette (keys and names, no LIKE scan)', async () => {
    await ok(env.b, 'billing.subscribers.create', { kind: 'person', nameLatin: 'Samira Amranie', nameAr: 'سميرة', cin: 'ZT 1', confirmDuplicates: true }, env.clerk)
    const listed = async (text: string, extra: Record<string, unknown> = {}) =>
      (await ok<{ rows: SubscriberRow[]; total: number }>(env.b, 'billing.subscribers.list', { search: text, pageSize: 100, ...extra }, env.clerk)).rows.map((r) => r.id)
    const contract = (await ok<{ rows: ContractRow[] }>(env.b, 'billing.contracts.list', { pageSize: 1 }, env.clerk)).rows[0]
    const texts = ['06 61 23 45 67', '+212 661-234-567', 'bk 654321', '001 525 862 000 067', contract.number.toLowerCase(), 'amrani', 'AMRANI mohamed', 'Fâtima', 'ايت لحسن', 'بركه', 'el', 'x', 'xyzzy', '0699999999']
    for (const text of texts) {
      const palette = (await search(text, 50)).map((h) => h.subscriber.id)
      expect(new Set(await listed(text)), text).toEqual(new Set(palette))
    }
    expect((await listed('amrani')).length).toBe(2)
    // With a filter and a sort, like any list.
    const sorted = await ok<{ rows: SubscriberRow[]; total: number }>(env.b, 'billing.subscribers.list', { search: 'amrani', sort: [{ id: 'nameLatin', desc: true }] }, env.clerk)
    expect(sorted.rows.map((r) => r.nameLatin)).toEqual(['Samira Amranie', 'Mohamed El Amrani'])
    expect(sorted.total).toBe(2)
    expect(await listed('amrani', { filters: [{ id: 'cin', op: 'equals', value: 'BE123456' }] })).toHaveLength(1)
  })

  it('the palette lists customers and opens their 360° page; permission and input are checked', async () => {
    type Hit = { module: string; route: string; label: string }
    const hits = (await ok<Hit[]>(env.b, 'core.search.records', { text: 'بناني', limit: 10 }, env.clerk)).filter((h) => h.module === 'billing')
    expect(hits[0]).toMatchObject({ label: expect.stringContaining('Fatima Zahra Bennani'), route: expect.stringMatching(/^billing\/customers\/[0-9a-f-]{36}$/) })
    const warehouse = await login(env.b, 'warehouse')
    expect(errorCode(await call(env.b, 'billing.customers.search', { text: 'amrani' }, warehouse))).toBe('FORBIDDEN')
    expect(errorCode(await call(env.b, 'billing.customers.search', { text: '' }, env.clerk))).toBe('VALIDATION')
    expect(errorCode(await call(env.b, 'billing.customers.search', { text: 'amrani', limit: 500 }, env.clerk))).toBe('VALIDATION')
  })

  it('the 360° summary gathers the contracts and their points', async () => {
    const id = (await search('amrani'))[0].subscriber.id
    const summary = await ok<CustomerSummary>(env.b, 'billing.customers.get', { id }, env.clerk)
    expect(summary.subscriber.cin).toBe('BE123456')
    expect(summary.contracts.map((c) => c.commodity).sort()).toEqual(['electricity', 'water'])
    expect(summary.points.map((p) => p.id)).toEqual([summary.contracts[0].pointId])
    expect(errorCode(await call(env.b, 'billing.customers.get', { id: '018f0000-0000-7000-8000-000000000000' }, env.clerk))).toBe('NOT_FOUND')
    expect(errorCode(await call(env.b, 'billing.customers.get', { id: 'x' }, env.clerk))).toBe('VALIDATION')
  })
})

describe('customer search: query words', () => {
  it('keeps folded words of 3 letters or more, each quoted for FTS5', () => {
    expect(nameSearchWords('El AMRANI Mohamed')).toEqual(['amrani', 'mohamed'])
    expect(nameSearchWords('أيت لحسن')).toEqual(['ايت', 'لحسن'])
    expect(ftsExpression(['say "hi"'])).toBe('"say ""hi"""')
  })

  it('any text makes a well-formed MATCH expression (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const words = nameSearchWords(text)
        for (const w of words) expect([...w].length).toBeGreaterThanOrEqual(3)
        const expr = ftsExpression(words)
        // Balanced quotes: every word is one quoted string.
        expect((expr.match(/"/g) ?? []).length % 2).toBe(0)
      }),
    )
  })

  it('ranks a whole word above a word prefix above a substring', () => {
    const words = ['amrani']
    const whole = rankNameKey('amrani el mohamed', words)
    const prefix = rankNameKey('amranie samira', words)
    const inner = rankNameKey('elamrani samir', words)
    expect(whole).toBeGreaterThan(prefix)
    expect(prefix).toBeGreaterThan(inner)
  })
})
