import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { SIMILAR_NAME_THRESHOLD, nameSimilarity, normaliseCin, normaliseIce, normaliseMobile, normaliseName } from './identity'

describe('identifiers', () => {
  it('CIN: 1–2 letters and up to 6 digits, spaces and case folded', () => {
    expect(normaliseCin('be 123456')).toBe('BE123456')
    expect(normaliseCin('A98765')).toBe('A98765')
    for (const bad of ['123456', 'ABC12345', 'BE1234567', 'B-E', '']) expect(normaliseCin(bad)).toBeNull()
  })

  it('ICE: exactly 15 digits', () => {
    expect(normaliseIce('001 525 862 000 067')).toBe('001525862000067')
    for (const bad of ['00152586200006', '0015258620000678', '00152586200006A']) expect(normaliseIce(bad)).toBeNull()
  })

  it('mobiles: 06/07 or +2126/+2127 forms → E.164; fixed lines and foreign numbers refused', () => {
    expect(normaliseMobile('06 61 23 45 67')).toBe('+212661234567')
    expect(normaliseMobile('07.00.11.22.33')).toBe('+212700112233')
    expect(normaliseMobile('+212 6 61-23-45-67')).toBe('+212661234567')
    expect(normaliseMobile('00212 761234567')).toBe('+212761234567')
    expect(normaliseMobile('(+212) 661234567')).toBe('+212661234567')
    for (const bad of ['0522123456', '+212522123456', '+33612345678', '0661234', '06612345678', '']) expect(normaliseMobile(bad)).toBeNull()
  })

  it('every valid local form and its E.164 form agree', () => {
    fc.assert(
      fc.property(fc.constantFrom('6', '7'), fc.stringMatching(/^\d{8}$/), (p, rest) => {
        expect(normaliseMobile(`0${p}${rest}`)).toBe(`+212${p}${rest}`)
        expect(normaliseMobile(`+212${p}${rest}`)).toBe(`+212${p}${rest}`)
      }),
    )
  })
})

describe('names', () => {
  it('folds accents, case, word order and Arabic letter variants', () => {
    expect(normaliseName('  Élhaddad,  Fatima-Zahra ')).toBe('elhaddad fatima zahra')
    expect(normaliseName('فاطمة الزهراء')).toBe(normaliseName('فاطمه الزهراء'))
    expect(normaliseName('أحمد')).toBe(normaliseName('احمد'))
    expect(normaliseName('مُحَمَّد')).toBe('محمد')
  })

  it('similar names score above the threshold, different ones below', () => {
    expect(nameSimilarity('Mohamed El Amrani', 'EL AMRANI Mohamed')).toBe(1)
    expect(nameSimilarity('Mohamed El Amrani', 'Mohammed Elamrani')).toBeGreaterThanOrEqual(SIMILAR_NAME_THRESHOLD)
    expect(nameSimilarity('محمد العمراني', 'مُحمّد العمراني')).toBe(1)
    expect(nameSimilarity('Mohamed El Amrani', 'Khadija Bennani')).toBeLessThan(SIMILAR_NAME_THRESHOLD)
    expect(nameSimilarity('', '')).toBe(0)
  })

  it('similarity is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const s = nameSimilarity(a, b)
        expect(s).toBe(nameSimilarity(b, a))
        expect(s).toBeGreaterThanOrEqual(0)
        expect(s).toBeLessThanOrEqual(1)
      }),
    )
  })
})
