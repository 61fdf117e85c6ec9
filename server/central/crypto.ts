import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex')

/** 32 random bytes, URL-safe: enrollment tokens and device secrets. */
export const randomSecret = (): string => randomBytes(32).toString('base64url')

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y)
}
