import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { audienceColumn, judgeChange, visibleTo } from './rules'

const site = fc.constantFrom('HQ', 'CAS01', 'CAS02', 'RAB01')

describe('judgeChange', () => {
  it('accepts exactly: made at the device site, owned by it, record not owned by another, blobs complete', () => {
    fc.assert(
      fc.property(site, site, site, fc.option(site, { nil: undefined }), fc.array(fc.constantFrom('a'.repeat(64), 'b'.repeat(64)), { maxLength: 2 }), (deviceSite, changeSite, owner, recordOwner, missingBlobs) => {
        const v = judgeChange({ site: changeSite, owner, entity: 'stock.item', id: 'r1' }, { deviceSite, hqSite: 'HQ', recordOwner, missingBlobs })
        const expected = changeSite === deviceSite && owner === deviceSite && (recordOwner === undefined || recordOwner === owner) && missingBlobs.length === 0
        expect(v.ok).toBe(expected)
      }),
    )
  })

  it('names the reason with a stable code', () => {
    const base = { entity: 'stock.item', id: 'r1' }
    const ctx = { deviceSite: 'CAS01', hqSite: 'HQ', recordOwner: undefined, missingBlobs: [] }
    expect(judgeChange({ ...base, site: 'CAS02', owner: 'CAS02' }, ctx)).toMatchObject({ ok: false, code: 'OUT_OF_SCOPE' })
    expect(judgeChange({ ...base, site: 'CAS01', owner: 'HQ' }, ctx)).toMatchObject({ ok: false, code: 'NOT_OWNER', message: expect.stringContaining('HQ data') })
    expect(judgeChange({ ...base, site: 'CAS01', owner: 'CAS01' }, { ...ctx, recordOwner: 'CAS02' })).toMatchObject({ ok: false, code: 'NOT_OWNER' })
    expect(judgeChange({ ...base, site: 'CAS01', owner: 'CAS01' }, { ...ctx, missingBlobs: ['f'.repeat(64)] })).toMatchObject({ ok: false, code: 'BLOB_MISSING' })
    expect(judgeChange({ ...base, site: 'HQ', owner: 'HQ' }, { ...ctx, deviceSite: 'HQ' })).toEqual({ ok: true })
  })
})

describe('visibleTo and the audience column', () => {
  it('HQ sees everything; a branch sees its own, its audience and "*"; LIKE on the column agrees', () => {
    fc.assert(
      fc.property(site, fc.subarray(['HQ', 'CAS01', 'CAS02', 'RAB01', '*']), site, (owner, audience, reader) => {
        const col = audienceColumn(audience)
        const like = col.includes(`,${reader},`) || col.includes(',*,')
        const expected = reader === 'HQ' || owner === reader || like
        expect(visibleTo({ owner, audience }, reader, 'HQ')).toBe(expected)
      }),
    )
    // A code that is a prefix of another never matches it.
    expect(audienceColumn(['CAS012']).includes(',CAS01,')).toBe(false)
  })
})
