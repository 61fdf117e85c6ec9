/**
 * Two server instances on one PostgreSQL database — one in this process, one started as a separate
 * process through `bin/guichet-server serve` — take concurrent pushes while a third device pulls through
 * both. Seqs must come out gapless and in commit order: the puller never skips a change.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPg, type TestPg } from '../pg'
import { change, enrollAt, pull, push, startHarness, type Harness, type TestDevice } from './central-helpers'

const repoRoot = path.resolve(__dirname, '../..')

/** Starts `bin/guichet-server serve` on a free port; resolves with its URL once it prints it. */
function spawnServer(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/guichet-server'), 'serve'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', GUICHET_LOG: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr?.on('data', (d) => (err += d))
    child.stdout?.on('data', (d) => {
      out += d
      const m = /listening (\S+)/.exec(out)
      if (m) resolve({ url: m[1], child })
    })
    child.on('exit', (code) => reject(new Error(`guichet-server exited with ${code}: ${err}`)))
  })
}

let pg: TestPg
let h: Harness
let other: { url: string; child: ChildProcess }

beforeAll(async () => {
  pg = await startPg()
  const url = await pg.createDatabase('central')
  h = await startHarness(url)
  other = await spawnServer(url)
})

afterAll(async () => {
  if (other?.child.exitCode === null) {
    const exited = new Promise((r) => other.child.once('exit', r))
    other.child.kill('SIGTERM')
    await exited
  }
  await h?.close()
  await pg?.stop()
})

describe('central server: two instances on one PostgreSQL', () => {
  it('concurrent pushes through both instances; a puller alternating between them never skips a seq', async () => {
    const urls = [h.server.url, other.url]
    expect((await fetch(`${other.url}/health`)).status).toBe(200)
    const pushers: [TestDevice, number][] = [
      [await enrollAt(h.server.url, h.db, 'CAS01'), 0],
      [await enrollAt(h.server.url, h.db, 'CAS02'), 1],
      [await enrollAt(h.server.url, h.db, 'CAS03'), -1], // alternates
    ]
    const reader = await enrollAt(h.server.url, h.db, 'HQ', 'reader')
    const BATCHES = 25
    const PER_BATCH = 8
    const accepted = new Map<string, string>()

    let pushing = true
    const pushAll = async ([device, instance]: [TestDevice, number]) => {
      for (let b = 0; b < BATCHES; b++) {
        const url = urls[instance === -1 ? b % 2 : instance]
        const batch = Array.from({ length: PER_BATCH }, () => change(device.site))
        const r = await push(url, device, batch)
        expect(r.status, JSON.stringify(r.body)).toBe(200)
        expect(r.body.accepted).toHaveLength(PER_BATCH)
        // Within a batch, seqs are consecutive: the batch was numbered under the lock in one go.
        const seqs = r.body.accepted.map((x) => Number(x.seq))
        expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i))
        for (const x of r.body.accepted) accepted.set(x.changeId, x.seq)
      }
    }

    const seen: { changeId: string; seq: string }[] = []
    let cursor = '0'
    let pulls = 0
    const pullOnce = async () => {
      const r = await pull(urls[pulls++ % 2], reader, cursor, 7)
      expect(r.status).toBe(200)
      for (const c of r.body.changes) seen.push({ changeId: c.changeId, seq: c.seq })
      cursor = r.body.next
      return r.body.more
    }
    const puller = async () => {
      while (pushing) await pullOnce()
      while (await pullOnce());
    }

    const pulling = puller()
    await Promise.all(pushers.map(pushAll)).finally(() => (pushing = false))
    await pulling

    const total = pushers.length * BATCHES * PER_BATCH
    expect(accepted.size).toBe(total)
    expect(pulls).toBeGreaterThan(10)
    // Gapless 1..N, strictly increasing across every page, and each change carries the seq its pusher got.
    expect(seen.map((s) => Number(s.seq))).toEqual(Array.from({ length: total }, (_, i) => i + 1))
    for (const s of seen) expect(accepted.get(s.changeId)).toBe(s.seq)
  })
})
