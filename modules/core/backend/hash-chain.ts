/** Tamper-evident chain: every entry's hash covers the previous hash and the entry's own fields. */
import { createHash } from 'node:crypto'
import { canonicalJson } from '../domain/canonical-json'

export const GENESIS_HASH = '0'.repeat(64)

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

export function chainHash(prevHash: string, fields: Record<string, unknown>): string {
  return sha256Hex(prevHash + canonicalJson(fields))
}
