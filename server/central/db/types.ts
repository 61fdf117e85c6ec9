/**
 * The one storage abstraction of the central server: a handful of SQL calls that both dialects run.
 * SQL is written once with `$1, $2…` placeholders; the SQLite side rewrites them. Booleans are 0/1,
 * timestamps ISO-8601 text, seqs bigint (returned as strings on both sides).
 */
export type Dialect = 'postgres' | 'sqlite'
export type Param = string | number | bigint | Buffer | null

export interface Sql {
  readonly dialect: Dialect
  all<T = Record<string, unknown>>(sql: string, params?: Param[]): Promise<T[]>
  get<T = Record<string, unknown>>(sql: string, params?: Param[]): Promise<T | undefined>
  /** Returns the number of rows written. */
  run(sql: string, params?: Param[]): Promise<number>
}

export interface TxOptions {
  /**
   * Serialise with every other transaction that takes the same lock, across all server instances
   * (PostgreSQL: `pg_advisory_xact_lock(key)` as the first statement). SQLite transactions are
   * always serialised (`BEGIN IMMEDIATE`), so the key is ignored there.
   */
  lock?: bigint
}

export interface Db extends Sql {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  tx<T>(fn: (sql: Sql) => Promise<T>, opts?: TxOptions): Promise<T>
  close(): Promise<void>
  /** Where it points, without credentials (for logs). */
  readonly description: string
}

/** Advisory lock keys (any constant bigint; these spell "GCHT" + a number). */
export const LOCK_PUSH = 0x47434854_0001n
export const LOCK_MIGRATE = 0x47434854_0002n
export const LOCK_ENROLL = 0x47434854_0003n
/** The SMS poller over the change log (server/central/sms). */
export const LOCK_SMS = 0x47434854_0004n
