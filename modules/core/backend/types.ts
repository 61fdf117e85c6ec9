/**
 * What a module gives the backend (its manifest) and what the backend gives a handler (its context).
 * Every door (IPC, HTTP/WebSocket, CLI, tests) goes through `Backend.dispatch`.
 */
import type { DataSource, EntityManager, EntitySchema, MigrationInterface } from 'typeorm'
import type { Command } from 'commander'
import type { z } from 'zod'
import type { MethodDef, MethodMap, RpcPush, RpcReply, RpcRequest } from '../rpc'
import type { Language, RecordHit, Role, SessionUser } from '../contract'
import type { AuthService } from './auth'
import type { PermissionTable } from './permissions'
import type { SyncEngine } from '../../sync'
import type { WriteCoordinator } from './write'

export interface Session {
  token: string
  user: SessionUser
  expiresAt: Date
}

export interface AuditEntryInput {
  /** Defaults to the method name being served (e.g. `admin.users.create`). */
  action?: string
  entity: string
  entityId: string | null
  before?: unknown
  after?: unknown
}

/** The one way to write: a transaction that also appends its audit entries (and later sync outbox rows). */
export interface WriteTx {
  manager: EntityManager
  audit(entry: AuditEntryInput): void
  /** Next gapless number of a series for this site and the year of `date` (e.g. `CAS01-2026-000123`). */
  nextNumber(seriesKey: string, date?: Date): Promise<string>
}

export interface CallContext {
  /** Null only while serving a PUBLIC method. */
  session: Session | null
  method: string
  db: DataSource
  now(): Date
  /** Push an event to the caller's user (default) or to everyone. */
  emit(event: string, payload: unknown, to?: { userId?: string; broadcast?: boolean }): void
  /** Run a write transaction (serialised with every other write of this backend). */
  write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T>
  /** Call another method as the same session (permission and validation apply). */
  call(name: string, args: unknown): Promise<unknown>
  /** Backend services core and admin handlers use (auth, registry). Added to the original API. */
  services: BackendServices
}

/** What the backend shares with handlers beyond the basic context. */
export interface BackendServices {
  auth: AuthService
  modules: readonly ModuleManifest[]
  methodInfo(name: string): MethodInfo | undefined
  /** Permissions the user holds, `admin` included (it holds all). */
  permissions: PermissionTable
  /** Branch side of sync: outbox, pull apply, conflicts (modules/sync/engine.ts). */
  sync: SyncEngine
}

export type Handler<D extends MethodDef> = (
  input: z.output<D['input']>,
  ctx: CallContext,
) => Promise<D extends MethodDef<z.ZodType, infer O> ? O : never>

export type Handlers<M extends MethodMap> = { [K in keyof M]: Handler<M[K]> }

export interface PermissionDecl {
  id: string
  /** i18n key of a human label, e.g. `admin:permissions.usersManage`. */
  labelKey?: string
}

export interface SeedContext {
  ctx: CallContext
  /** Larger demo volumes (bench, e2e). */
  scale: 'demo' | 'large'
}

/** A record as a module's sync snapshot sees it. */
export interface SyncRecord {
  /** The document (fact) or the mutable fields (master), JSON-safe. */
  fields?: Record<string, unknown>
  /** A fact's document as JSON text instead of `fields` (bulk paths: written to the outbox as is). */
  json?: string
  /** owner 'site' entities: the owner site code (null → the local site). Ignored for owner 'hq'. */
  owner: string | null
}

/** What a module's `apply` receives: a pulled fact, or the merged state of a master record. */
export interface AppliedChange {
  entity: string
  id: string
  kind: 'fact' | 'master'
  owner: string
  /** Master: the record no longer exists (merged `$deleted`). */
  deleted: boolean
  /** Fact: the document as captured. Master: every merged field (not only the ones the change carried). */
  fields: Record<string, unknown>
  /** The change's transaction clock. */
  hlc: string
}

/** A module's declaration of one synced entity (see modules/sync/README.md). */
export interface ApplyRunWriter {
  apply(change: AppliedChange): Promise<void>
  done(): Promise<void>
}

export interface SyncEntityDecl {
  /** `<module>.<noun>`, e.g. `stock.item`. */
  entity: string
  kind: 'fact' | 'master'
  owner: 'hq' | 'site'
  /**
   * Tables whose rows belong to the records (the first one is the root). `rootId`: column(s) of the row
   * giving the record id (several are joined with ':'). Facts are captured on INSERT only (append-only);
   * masters on INSERT, DELETE and UPDATE of the columns not listed in `derived` (kept by other code,
   * e.g. a serial's status is rebuilt from the moves: not synced, not a change). `local`: columns whose
   * value is the site's own (e.g. an item's last purchase cost here): neither synced nor in the digest.
   */
  tables: { table: string; rootId: string | string[]; derived?: string[]; local?: string[] }[]
  /**
   * Current state of the records (missing id = deleted). Masters: runs in the capturing transaction.
   * Facts: runs when the outbox is read for a push (facts are immutable: the commit writes light rows only).
   */
  snapshot(manager: EntityManager, ids: string[]): Promise<Map<string, SyncRecord>>
  /**
   * owner 'site' facts: SQL expression giving the owner site of a root row (alias `r`; NULL = the local
   * site), so the commit checks ownership without building documents. Without it the commit snapshots.
   */
  ownerSql?: string
  /** Write a pulled fact (and rebuild its derived data) or a merged master record. Capture is off. */
  apply(manager: EntityManager, change: AppliedChange): Promise<void>
  /**
   * Optional batching of `apply` over a run of consecutive changes of this entity in one pulled page (e.g. one
   * posting engine for many moves): the writer's `apply` replaces `apply` for the run, `done()` runs when the run
   * ends (before another entity's change is applied and before the page commits). A writer that throws leaves
   * the page to roll back, except for a refused fact (UNIQUE) it must detect before writing anything.
   */
  applyRun?(manager: EntityManager): ApplyRunWriter
  /** Other sites that must receive the record (besides its owner and HQ). */
  audience?(fields: Record<string, unknown>): string[]
  /**
   * sha256 of the blob-store files the record points to (a document's original…), from its full state: listed in
   * the change's `blobs`, uploaded before the push and downloaded by the receiver before it applies the page.
   */
  blobs?(fields: Record<string, unknown>): string[]
  /** Derived tables to include in `SyncEngine.digest()` (rows in `orderBy` order, without `exclude`). */
  digest?: { table: string; orderBy: string; exclude?: string[] }[]
}

export interface ModuleManifest {
  id: string
  entities: EntitySchema[]
  /** Migration classes; names end with a 13-digit timestamp (TypeORM convention). */
  migrations: (new () => MigrationInterface)[]
  methods: MethodMap
  handlers: Record<string, (input: never, ctx: CallContext) => Promise<unknown>>
  permissions: PermissionDecl[]
  /** Which roles hold which of this module's permissions. `admin` holds every permission implicitly. */
  grants: Partial<Record<Role, string[]>>
  /** Demo data, run once on first start of a demo database, as the admin user. */
  seed?: (s: SeedContext) => Promise<void>
  /** Command palette hits among this module's records (results already filtered by permission). */
  searchRecords?: (text: string, limit: number, ctx: CallContext) => Promise<RecordHit[]>
  /** Entities this module syncs with the other sites (captured by triggers, see modules/sync). */
  sync?: SyncEntityDecl[]
  /** Module sub-commands of `bin/guichet`. */
  cli?: (program: Command, open: (dataDir: string) => Promise<Backend>) => void
  /** A long-lived service (e.g. the sync loop), started after migrations and seed, stopped by `close`. */
  start?: (env: BackgroundEnv) => BackgroundService
}

/** What a module's background service receives from `createBackend`. */
export interface BackgroundEnv {
  db: DataSource
  dataDir: string
  writes: WriteCoordinator
  services: BackendServices
  now(): Date
  emit(event: string, payload: unknown, to: EventTarget): void
  /** False in one-shot processes (CLI): serve on-demand calls only, no timers. */
  background: boolean
}

export interface BackgroundService {
  stop(): Promise<void>
}

export interface MethodInfo {
  name: string
  module: string
  permission: string
  write: boolean
  list: boolean
  inputSchema: unknown
}

export interface EventTarget {
  userId?: string
  broadcast?: boolean
}

export interface Backend {
  /** The single entry point: exists → authenticated → permitted → valid → handler. Never throws. */
  dispatch(request: RpcRequest, token: string | null): Promise<RpcReply>
  /** Resolve a session token (null when unknown or expired); transports use it to bind event sockets. */
  session(token: string): Promise<Session | null>
  /** Subscribe to pushed events; returns an unsubscribe function. */
  onEvent(listener: (push: RpcPush, target: EventTarget) => void): () => void
  methods(): MethodInfo[]
  dataSource: DataSource
  dataDir: string
  close(): Promise<void>
}

/** What `createBackend` returns: a Backend plus in-process extras for the CLI and tests. */
export interface LocalBackend extends Backend {
  /**
   * Run a method as the internal system user (CLI, seeds): full permissions, validation applies,
   * audited as username `cli` unless `username` is given. Throws AppError on failure.
   */
  systemCall(name: string, args: unknown, username?: string): Promise<unknown>
  /** The sync engine (also `ctx.services.sync`). */
  sync: SyncEngine
}

export interface BackendOptions {
  dataDir: string
  /** Seed demo data when the database is new. */
  demo?: boolean | 'large'
  /** Clock for tests. */
  now?: () => Date
  modules?: ModuleManifest[]
  /** Run module background loops (default true); false for one-shot processes. See BackgroundEnv. */
  background?: boolean
}

export type { Language }
