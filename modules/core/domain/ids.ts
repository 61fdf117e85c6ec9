import { v7 as uuidv7 } from 'uuid'

// Random bytes drawn 4 KiB at a time: one getRandomValues call per id (~8 µs) dominated bulk posting.
const POOL_SIZE = 4096
const pool = new Uint8Array(POOL_SIZE)
let offset = POOL_SIZE
// Same monotonic (msecs, seq) rule as uuid's own v7 state, which it skips once `random` is given.
let lastMs = -Infinity
let seq = 0

function pooledRandom(): Uint8Array {
  if (offset + 16 > POOL_SIZE) {
    globalThis.crypto.getRandomValues(pool)
    offset = 0
  }
  offset += 16
  return pool.subarray(offset - 16, offset)
}

/** Time-ordered UUIDv7 (strictly increasing within this process), made where the record is born. */
export function newId(): string {
  const random = pooledRandom()
  const now = Date.now()
  if (now > lastMs) {
    lastMs = now
    seq = ((random[6] & 0x7f) << 24) | (random[7] << 16) | (random[8] << 8) | random[9]
  } else {
    seq = (seq + 1) | 0
    if (seq === 0) lastMs++
  }
  return uuidv7({ random, msecs: lastMs, seq })
}
