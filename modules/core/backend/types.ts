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
  /** Module sub-commands of `bin/guichet`. */
  cli?: (program: Command, open: (dataDir: string) => Promise<Backend>) => void
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
}

export interface BackendOptions {
  dataDir: string
  /** Seed demo data when the database is new. */
  demo?: boolean | 'large'
  /** Clock for tests. */
  now?: () => Date
  modules?: ModuleManifest[]
}

export type { Language }
