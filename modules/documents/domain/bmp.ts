/**
 * A small BMP decoder (sharp's libvips has no BMP loader): uncompressed 1/4/8-bit palette, 16-bit 5-5-5,
 * 24 and 32-bit, bottom-up or top-down. Compressed BMPs (RLE, embedded JPEG/PNG) are refused.
 */

export interface RawImage {
  width: number
  height: number
  /** RGB, 3 bytes per pixel, rows top to bottom. */
  data: Buffer
  /** Dots per inch from the header, or null when absent. */
  dpi: number | null
}

export class BmpError extends Error {}

export function decodeBmp(bytes: Uint8Array): RawImage {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (buf.length < 54 || buf.toString('latin1', 0, 2) !== 'BM') throw new BmpError('not a BMP file')
  const pixelOffset = buf.readUInt32LE(10)
  const headerSize = buf.readUInt32LE(14)
  if (headerSize < 40) throw new BmpError('old OS/2 BMP headers are not supported')
  const width = buf.readInt32LE(18)
  const rawHeight = buf.readInt32LE(22)
  const bpp = buf.readUInt16LE(28)
  const compression = buf.readUInt32LE(30)
  const ppm = buf.readInt32LE(38)
  const topDown = rawHeight < 0
  const height = Math.abs(rawHeight)
  if (width <= 0 || height === 0 || width * height > 100_000_000) throw new BmpError('bad dimensions')
  if (!(compression === 0 || (compression === 3 && (bpp === 32 || bpp === 16)))) throw new BmpError(`compression ${compression} is not supported`)
  if (![1, 4, 8, 16, 24, 32].includes(bpp)) throw new BmpError(`${bpp} bits per pixel is not supported`)

  let palette: number[][] = []
  if (bpp <= 8) {
    const colors = buf.readUInt32LE(46) || 1 << bpp
    const start = 14 + headerSize
    palette = Array.from({ length: colors }, (_, i) => {
      const o = start + i * 4
      if (o + 3 > buf.length) throw new BmpError('truncated palette')
      return [buf[o + 2], buf[o + 1], buf[o]]
    })
  }
  const rowBytes = Math.ceil((width * bpp) / 32) * 4
  if (pixelOffset + rowBytes * height > buf.length) throw new BmpError('truncated pixel data')
  const out = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + (topDown ? y : height - 1 - y) * rowBytes
    for (let x = 0; x < width; x++) {
      let rgb: number[]
      if (bpp === 24 || bpp === 32) {
        const o = row + x * (bpp / 8)
        rgb = [buf[o + 2], buf[o + 1], buf[o]]
      } else if (bpp === 16) {
        const v = buf.readUInt16LE(row + x * 2)
        rgb = [((v >> 10) & 31) * 255 / 31, ((v >> 5) & 31) * 255 / 31, (v & 31) * 255 / 31].map(Math.round)
      } else {
        const bit = x * bpp
        const index = (buf[row + (bit >> 3)] >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1)
        rgb = palette[index] ?? [0, 0, 0]
      }
      out.set(rgb, (y * width + x) * 3)
    }
  }
  return { width, height, data: out, dpi: ppm > 0 ? Math.round(ppm * 0.0254) : null }
}
