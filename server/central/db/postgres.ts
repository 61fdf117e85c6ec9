import pg from 'pg'
import type { Db, Param, Sql, TxOptions } from './types'

// bigint (int8) columns come back as strings: exactly what the wire protocol wants for seqs.
type Queryable = Pick<pg.Pool, 'query'>

function sqlOn(q: Queryable): Sql {
  return {
    dialect: 'postgres',
    async all<T>(text: string, params: Param[] = []) {
      return (await q.query(text, params)).rows as T[]
    },
    async get<T>(text: string, params: Param[] = []) {
      return (await q.query(text, params)).rows[0] as T | undefined
    },
    async run(text: string, params: Param[] = []) {
      return (await q.query(text, params)).rowCount ?? 0
    },
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'postgres://…'
  }
}

export interface PostgresOptions {
  poolSize?: number
  /**
   * A transaction left idle this long is ended by PostgreSQL (idle_in_transaction_session_timeout).
   * It bounds how long a frozen instance (SIGSTOP, GC pause, lost network) can hold the push lock.
   */
  idleInTransactionMs?: number
  /** How long a statement waits for a lock (the push lock included) before failing; 0 = for ever. */
  lockTimeoutMs?: number
}

export function openPostgres(url: string, opts: PostgresOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    idleTimeoutMillis: 30_000,
    idle_in_transaction_session_timeout: opts.idleInTransactionMs ?? 60_000,
    lock_timeout: opts.lockTimeoutMs ?? 60_000,
  })
  // A connection dropped while idle in the pool must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  const base = sqlOn(pool)
  return {
    ...base,
    description: redact(url),
    async tx<T>(fn: (sql: Sql) => Promise<T>, txOpts: TxOptions = {}): Promise<T> {
      const client = await pool.connect()
      let broken = false
      // A checked-out client whose connection dies emits 'error'; unhandled, it would crash the process.
      // The failing query rejects anyway; here we only make sure the client is not reused.
      const onError = () => {
        broken = true
      }
      client.on('error', onError)
      try {
        await client.query('BEGIN')
        if (txOpts.lock !== undefined) await client.query('SELECT pg_advisory_xact_lock($1)', [txOpts.lock.toString()])
        const out = await fn(sqlOn(client))
        await client.query('COMMIT')
        return out
      } catch (err) {
        try {
          await client.query('ROLLBACK')
        } catch {
          broken = true
        }
        throw err
      } finally {
        // A connection that failed to roll back is destroyed rather than returned to the pool.
        client.off('error', onError)
        client.release(broken ? true : undefined)
      }
    },
    async close() {
      await pool.end()
    },
  }
}
