/**
 * Content-addressed file store: `<dataDir>/blobs/<first 2 hex>/<sha256>`. Files are written once
 * (temp file + rename, so a crash never leaves a half blob under its final name) and verified on read.
 */
import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { AppError } from './errors'

const SHA256_RE = /^[0-9a-f]{64}$/

export interface BlobStore {
  /** Stores the bytes (no-op when already there); returns their sha256 (hex). */
  put(bytes: Uint8Array): Promise<string>
  /** The bytes, checked against their name; throws BLOB_CORRUPT when they no longer match, NOT_FOUND when absent. */
  read(sha256: string): Promise<Buffer>
  /** `length` bytes from `offset` (resumable uploads), not verified: callers verify the whole once. */
  readRange(sha256: string, offset: number, length: number): Promise<Buffer>
  has(sha256: string): Promise<boolean>
  /** Size in bytes, or null when absent. */
  size(sha256: string): Promise<number | null>
  /** Absolute path where the blob lives (whether or not it exists). */
  path(sha256: string): string
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function checkSha(sha256: string): string {
  if (!SHA256_RE.test(sha256)) throw new AppError('VALIDATION', `Not a sha256: ${sha256.slice(0, 80)}`)
  return sha256
}

export function createBlobStore(dataDir: string): BlobStore {
  const root = path.join(dataDir, 'blobs')
  const pathOf = (sha256: string) => path.join(root, checkSha(sha256).slice(0, 2), sha256)

  const size = async (sha256: string): Promise<number | null> => {
    try {
      return (await fs.stat(pathOf(sha256))).size
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
  }

  return {
    path: pathOf,
    size,
    has: async (sha256) => (await size(sha256)) !== null,
    async put(bytes) {
      const sha256 = sha256Hex(bytes)
      const target = pathOf(sha256)
      if ((await size(sha256)) === bytes.byteLength) return sha256
      await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 })
      const temp = `${target}.${randomUUID()}.tmp`
      await fs.writeFile(temp, bytes, { mode: 0o600 })
      await fs.rename(temp, target)
      return sha256
    },
    async read(sha256) {
      let bytes: Buffer
      try {
        bytes = await fs.readFile(pathOf(sha256))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('NOT_FOUND', `Blob ${sha256} not found`, { sha256 })
        throw error
      }
      if (sha256Hex(bytes) !== sha256) throw new AppError('BLOB_CORRUPT', `Blob ${sha256} does not match its content`, { sha256 })
      return bytes
    },
    async readRange(sha256, offset, length) {
      const handle = await fs.open(pathOf(sha256), 'r')
      try {
        const buffer = Buffer.alloc(length)
        const { bytesRead } = await handle.read(buffer, 0, length, offset)
        return buffer.subarray(0, bytesRead)
      } finally {
        await handle.close()
      }
    },
  }
}
