import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MESSAGE_KINDS, TemplateError, formatAmount, formatDate, formatVolume, renderMessage } from './message-templates'
import { smsInfo } from './sms'

const bill = { ref: 'FA-CAS01-2026-000123', amount: 123456, dueDate: '2026-02-15' }

describe('message templates', () => {
  it.each([
    [0, '0,00 DH'],
    [5, '0,05 DH'],
    [123456, '1 234,56 DH'],
    [100000000, '1 000 000,00 DH'],
    [-2550, '-25,50 DH'],
  ])('amount %i → %s', (c, text) => expect(formatAmount(c, 'fr')).toBe(text))

  it('amounts keep every centime (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (c) => {
        const m = /^(-?)([\d ]+),(\d{2}) DH$/.exec(formatAmount(c, 'fr'))
        expect(m).not.toBeNull()
        const back = Number(m![2].replace(/ /g, '')) * 100 + Number(m![3])
        expect(m![1] === '-' ? -back : back).toBe(c)
      }),
    )
  })

  it('dates dd/mm/yyyy, volumes with the thousandths that matter', () => {
    expect(formatDate('2026-02-05')).toBe('05/02/2026')
    expect(() => formatDate('05/02/2026')).toThrow(TemplateError)
    expect(formatVolume(12_500, 'm3', 'fr')).toBe('12,5 m3')
    expect(formatVolume(250_000, 'kWh', 'fr')).toBe('250 kWh')
    expect(formatVolume(7_125, 'm3', 'ar')).toBe('7,125 م3')
  })

  it('bill in French: amount, due date and reference, one GSM-7 SMS', () => {
    const text = renderMessage('bill', 'fr', bill)
    expect(text).toContain('FA-CAS01-2026-000123')
    expect(text).toContain('1 234,56 DH')
    expect(text).toContain('15/02/2026')
    expect(smsInfo(text)).toMatchObject({ encoding: 'gsm7', segments: 1 })
  })

  it('bill in Arabic: UCS-2, amount in درهم, same reference and date', () => {
    const text = renderMessage('bill', 'ar', bill)
    expect(text).toContain('1 234,56 درهم')
    expect(text).toContain('15/02/2026')
    expect(text).toContain('FA-CAS01-2026-000123')
    expect(smsInfo(text).encoding).toBe('ucs2')
  })

  it('reminders: before the due date, after N days; cut-off notice', () => {
    expect(renderMessage('reminder', 'fr', { ...bill, stage: 'before' })).toMatch(/arrive à échéance le 15\/02\/2026/)
    expect(renderMessage('reminder', 'fr', { ...bill, stage: 'after', days: 10 })).toMatch(/depuis 10 jours/)
    expect(renderMessage('reminder', 'ar', { ...bill, stage: 'after', days: 10 })).toMatch(/منذ 10 يوما/)
    expect(() => renderMessage('reminder', 'fr', { ...bill, stage: 'after' })).toThrow(/MISSING_PARAM: days/)
    expect(renderMessage('cutoff', 'fr', { ...bill, cutoffDate: '2026-03-01' })).toMatch(/^Avis de coupure.*01\/03\/2026/)
    expect(renderMessage('cutoff', 'ar', { ...bill, cutoffDate: '2026-03-01' })).toMatch(/^إشعار بالقطع/)
  })

  it('over-consumption tells a tranche jump from a likely leak', () => {
    const base = { consumption: 48_000, usual: 12_000, unit: 'm3' }
    const tranche = renderMessage('overconsumption', 'fr', { ...base, cause: 'tranche', tranche: 3 })
    const leak = renderMessage('overconsumption', 'fr', { ...base, cause: 'leak' })
    expect(tranche).toMatch(/tranche 3/)
    expect(tranche).not.toMatch(/fuite/)
    expect(leak).toMatch(/fuite/)
    expect(leak).toContain('48 m3')
    expect(renderMessage('overconsumption', 'ar', { ...base, cause: 'leak' })).toMatch(/تسرب/)
    expect(renderMessage('overconsumption', 'ar', { ...base, cause: 'tranche', tranche: 3 })).toMatch(/الشطر 3/)
    expect(() => renderMessage('overconsumption', 'fr', { ...base, cause: 'fire' })).toThrow(/BAD_PARAM: cause/)
  })

  it('every kind renders in both languages; a missing parameter is named', () => {
    const all = { ...bill, stage: 'after', days: 3, cutoffDate: '2026-03-01', cause: 'leak', consumption: 1, usual: 1, unit: 'kWh', text: 'Test' }
    for (const kind of MESSAGE_KINDS) for (const lang of ['fr', 'ar'] as const) expect(renderMessage(kind, lang, all).length).toBeGreaterThan(3)
    expect(() => renderMessage('bill', 'fr', { ref: 'X', amount: 1 })).toThrow(/MISSING_PARAM: dueDate/)
    expect(() => renderMessage('bill', 'fr', { ...bill, amount: '12.5' })).toThrow(/BAD_PARAM: amount/)
  })
})
