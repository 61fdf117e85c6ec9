import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { detectFormat } from './formats'
import { decodeBmp, BmpError } from './bmp'
import { ftsQuery } from './fts-query'

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../../test/fixtures/documents', name))

describe('detectFormat', () => {
  it('recognises files by content', async () => {
    expect(detectFormat(fixture('text.pdf'))).toBe('pdf')
    expect(detectFormat(fixture('fr.png'))).toBe('png')
    expect(detectFormat(fixture('two-pages.tiff'))).toBe('tiff')
    expect(detectFormat(fixture('small-8bit.bmp'))).toBe('bmp')
    const png = fixture('fr.png')
    expect(detectFormat(await sharp(png).jpeg().toBuffer())).toBe('jpeg')
    expect(detectFormat(await sharp(png).gif().toBuffer())).toBe('gif')
    expect(detectFormat(await sharp(png).webp().toBuffer())).toBe('webp')
  })

  it('refuses the rest', () => {
    expect(detectFormat(fixture('unknown.bin'))).toBeNull()
    expect(detectFormat(new Uint8Array())).toBeNull()
    expect(detectFormat(Buffer.from('hello'))).toBeNull()
  })
})

describe('decodeBmp', () => {
  it('decodes a 24-bit BMP to the same pixels as its source', async () => {
    const decoded = decodeBmp(fixture('small-24bit.bmp'))
    const expected = await sharp(fixture('fr.png')).extract({ left: 40, top: 40, width: 160, height: 60 }).removeAlpha().raw().toBuffer()
    expect([decoded.width, decoded.height]).toEqual([160, 60])
    expect(decoded.data.equals(expected)).toBe(true)
  })

  it('decodes a palette BMP', () => {
    const decoded = decodeBmp(fixture('small-8bit.bmp'))
    expect([decoded.width, decoded.height]).toEqual([300, 120])
    const dark = [...Array(decoded.width * decoded.height).keys()].filter((i) => decoded.data[i * 3] < 100).length
    expect(dark).toBeGreaterThan(500) // the text is there
  })

  it('refuses a truncated file', () => {
    const bytes = fixture('small-24bit.bmp')
    expect(() => decodeBmp(bytes.subarray(0, bytes.length / 2))).toThrow(BmpError)
  })
})

describe('ftsQuery', () => {
  it('quotes every word, prefix-matches the last, folds Arabic', () => {
    expect(ftsQuery('Référence client')).toBe('"Référence" "client"*')
    expect(ftsQuery('مدينة', { prefixLast: false })).toBe('"مدينه"')
    expect(ftsQuery('a AND "b" OR c*')).toBe('"a" "AND" "b" "OR" "c"*')
    expect(ftsQuery('  ** -- ')).toBeNull()
  })
})
