/**
 * The wire contract shared by every door into the backend (IPC, HTTP/WebSocket, CLI, tests).
 * Types and zod only: the renderer imports this file.
 */
import { z } from 'zod'

/** Stable error codes; the UI translates them (renderer i18n key `errors.<CODE>`). */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNKNOWN_METHOD',
  'AUTH_FAILED',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'SESSION_EXPIRED',
  'DB_NEWER',
  'EXPORT_TOO_LARGE',
  'INTERNAL',
] as const
/** Modules may add their own codes (e.g. `PDF_PASSWORD`), hence the open string. */
export type ErrorCode = (typeof ERROR_CODES)[number] | (string & {})

export interface RpcError {
  code: ErrorCode
  message: string
  details?: unknown
}

export interface RpcRequest {
  id: string | number
  name: string
  args: unknown
}

export type RpcReply<T = unknown> =
  | { id: string | number; ok: true; result: T }
  | { id: string | number; ok: false; error: RpcError }

export interface RpcPush<P = unknown> {
  event: string
  payload: P
}

/** The permission every signed-in user has (own session, own preferences). */
export const SIGNED_IN = 'signed-in'
/** The "permission" of the few methods callable without a session (login). */
export const PUBLIC = 'public'

export interface MethodDef<S extends z.ZodType = z.ZodType, Out = unknown> {
  input: S
  /** A permission id (see module manifests), or SIGNED_IN / PUBLIC. */
  permission: string
  /** Writes are serialised and run in one transaction with their audit rows. */
  write?: boolean
  /** A list method answers `ListQuery` with `Page`; the DataTable export may call it. */
  list?: boolean
  /** Phantom field carrying the result type; never set at run time. */
  readonly __out?: Out
}

/**
 * Declare a module's methods with their result types:
 * `export const stockMethods = { 'stock.items.list': method<Page<ItemRow>>()({ input, permission, list: true }) }`
 */
export function method<Out>() {
  return <S extends z.ZodType>(def: Omit<MethodDef<S, Out>, '__out'>): MethodDef<S, Out> => def
}

export type MethodMap = Record<string, MethodDef>

/** Contract type of a method map: name -> { in, out }. */
export type ContractOf<M extends MethodMap> = {
  [K in keyof M]: {
    in: z.input<M[K]['input']>
    out: M[K] extends MethodDef<z.ZodType, infer O> ? O : never
  }
}

export type AnyContract = Record<string, { in: unknown; out: unknown }>

// ---------------------------------------------------------------------------------------------
// Lists: every list screen sends a ListQuery and receives a Page.

export const FILTER_OPS = ['contains', 'equals', 'in', 'gte', 'lte', 'between', 'prefix'] as const
export type FilterOp = (typeof FILTER_OPS)[number]

const filterValue = z.union([z.string().max(500), z.number(), z.boolean(), z.null()])

export const columnFilterSchema = z.object({
  id: z.string().min(1).max(64),
  op: z.enum(FILTER_OPS).default('contains'),
  value: z.union([filterValue, z.array(filterValue).max(200)]),
})
export type ColumnFilter = z.input<typeof columnFilterSchema>

export const sortSchema = z.object({ id: z.string().min(1).max(64), desc: z.boolean().default(false) })

export const MAX_PAGE_SIZE = 1000

export const listQuerySchema = z.object({
  page: z.number().int().min(0).default(0),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  sort: z.array(sortSchema).max(5).default([]),
  filters: z.array(columnFilterSchema).max(30).default([]),
  search: z.string().max(200).optional(),
})
export type ListQuery = z.input<typeof listQuerySchema>
export type ParsedListQuery = z.output<typeof listQuerySchema>

export interface Page<Row> {
  rows: Row[]
  total: number
  page: number
  pageSize: number
}
