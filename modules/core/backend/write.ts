/**
 * Serialised writes. One async mutex per backend plus SQLite's own write lock, taken first thing in
 * every transaction, so two processes on one file (CLI and server) never interleave audit chains.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { DataSource, EntityManager } from 'typeorm'
import { formatSeriesNumber } from '../domain/series-format'
import type { AuditEntryInput, WriteTx } from './types'
import { appendAuditEntries, type AuditActor, type PendingAuditEntry } from './audit'
import { notFound } from './errors'
import { readNumberingSite } from './settings'

interface ActiveWrite {
  manager: EntityManager
  pending: PendingAuditEntry[]
  afterCommit: (() => void)[]
}

export interface WriteScope {
  actor: AuditActor
  /** Default audit action: the method being served. */
  method: string
  now(): Date
}

export class WriteCoordinator {
  private tail: Promise<void> = Promise.resolve()
  private readonly active = new AsyncLocalStorage<ActiveWrite>()
  private commitHook: ((manager: EntityManager) => Promise<void>) | null = null

  constructor(private readonly dataSource: DataSource) {}

  /** True while running inside a write transaction (nested writes join it). */
  get inTransaction(): boolean {
    return this.active.getStore() !== undefined
  }

  /** Runs at the end of every write transaction, before its audit entries (sync capture); may throw to roll back. */
  setCommitHook(hook: ((manager: EntityManager) => Promise<void>) | null): void {
    this.commitHook = hook
  }

  /** Run after commit when inside a write (events must not announce rolled-back changes), else now. */
  afterCommit(fn: () => void): void {
    const current = this.active.getStore()
    if (current) current.afterCommit.push(fn)
    else fn()
  }

  async run<T>(scope: WriteScope, fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    const current = this.active.getStore()
    if (current) return fn(this.txFor(current, scope))
    const { result, afterCommit } = await this.exclusive(() =>
      this.dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE write_lock SET n = n + 1 WHERE id = 1`)
        const write: ActiveWrite = { manager, pending: [], afterCommit: [] }
        const value = await this.active.run(write, () => fn(this.txFor(write, scope)))
        if (this.commitHook) await this.commitHook(manager)
        await appendAuditEntries(manager, write.pending)
        return { result: value, afterCommit: write.afterCommit }
      }),
    )
    for (const callback of afterCommit) callback()
    return result
  }

  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail
    let release!: () => void
    this.tail = new Promise<void>((resolve) => (release = resolve))
    await previous
    try {
      return await fn()
    } finally {
      release()
    }
  }

  private txFor(write: ActiveWrite, scope: WriteScope): WriteTx {
    return {
      manager: write.manager,
      audit: (entry: AuditEntryInput) => {
        write.pending.push({ ...entry, action: entry.action ?? scope.method, actor: scope.actor, at: scope.now() })
      },
      nextNumber: (seriesKey: string, date?: Date) => nextNumber(write.manager, seriesKey, date ?? scope.now()),
    }
  }
}

interface SeriesDefinition {
  prefix: string
  padding: number
  yearly: number
}

/**
 * Gapless per (series, site part, year): the counter moves in the caller's transaction, so a rollback gives the
 * number back. The site part carries the workstation number from station 2 on (`CAS01-2`, see readNumberingSite).
 */
export async function nextNumber(manager: EntityManager, seriesKey: string, date: Date): Promise<string> {
  const [number] = await reserveNumbers(manager, seriesKey, 1, date)
  return number
}

/** `count` consecutive numbers of a series in one statement (bulk paths); same gapless rule as nextNumber. */
export async function reserveNumbers(manager: EntityManager, seriesKey: string, count: number, date: Date): Promise<string[]> {
  if (count <= 0) return []
  const series: SeriesDefinition[] = await manager.query(`SELECT prefix, padding, yearly FROM number_series WHERE key = ?`, [seriesKey])
  if (series.length === 0) throw notFound(`Number series ${seriesKey}`, { seriesKey })
  const { prefix, padding, yearly } = series[0]
  const siteCode = await readNumberingSite(manager)
  const year = yearly ? date.getFullYear() : 0
  const rows: { last_value: number }[] = await manager.query(
    `INSERT INTO number_counters (series_key, site_code, year, last_value) VALUES (?, ?, ?, ?)
     ON CONFLICT (series_key, site_code, year) DO UPDATE SET last_value = last_value + excluded.last_value
     RETURNING last_value`,
    [seriesKey, siteCode, year, count],
  )
  const first = rows[0].last_value - count + 1
  return Array.from({ length: count }, (_, i) => formatSeriesNumber({ prefix, siteCode, year: yearly ? year : null, value: first + i, padding }))
}
