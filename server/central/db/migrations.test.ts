import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS, migrate } from './migrations'
import { openDb } from './open'

const tempUrl = () => `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-central-mig-')), 'c.db')}`

describe('central migrations', () => {
  it('apply once on an empty database, then nothing is pending', async () => {
    const db = openDb(tempUrl())
    try {
      expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.version))
      expect(await migrate(db)).toEqual([])
      for (const m of MIGRATIONS) expect(m.name.endsWith(String(m.version))).toBe(true)
      expect(String(MIGRATIONS[0].version)).toMatch(/^\d{13}$/)
    } finally {
      await db.close()
    }
  })

  it('number the devices enrolled before workstation numbers existed, per site in creation order', async () => {
    const db = openDb(tempUrl())
    try {
      await migrate(db, MIGRATIONS.slice(0, 1))
      await db.run(`INSERT INTO sites (code, name, created_at) VALUES ('CAS01', 'C', 'x'), ('RBT01', 'R', 'x')`)
      for (const [id, site, at] of [
        ['d-b', 'CAS01', '2026-01-02'],
        ['d-a', 'CAS01', '2026-01-01'],
        ['d-c', 'RBT01', '2026-01-03'],
        ['d-d', 'CAS01', '2026-01-02'],
      ]) {
        await db.run(`INSERT INTO devices (id, site, name, secret_hash, created_at) VALUES ($1, $2, $1, 'h', $3)`, [id, site, at])
      }
      await migrate(db)
      const rows = await db.all<{ id: string; station: number }>(`SELECT id, station FROM devices ORDER BY id`)
      expect(rows.map((r) => [r.id, Number(r.station)])).toEqual([
        ['d-a', 1],
        ['d-b', 2],
        ['d-c', 1],
        ['d-d', 3],
      ])
      await expect(db.run(`UPDATE devices SET station = 1 WHERE id = 'd-b'`)).rejects.toThrow()
    } finally {
      await db.close()
    }
  })

  it('refuse a database written by a newer server', async () => {
    const db = openDb(tempUrl())
    try {
      await migrate(db)
      await db.run(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999999999999, 'Future9999999999999', 'x')`)
      await expect(migrate(db)).rejects.toThrow(/schema version 9999999999999 is unknown/)
    } finally {
      await db.close()
    }
  })
})
