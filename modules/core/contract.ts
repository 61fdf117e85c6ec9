/** Core methods: session, preferences, export, record search. Types and zod only. */
import { z } from 'zod'
import { method, PUBLIC, SIGNED_IN, listQuerySchema, type ContractOf } from './rpc'

export const LANGUAGES = ['fr', 'ar', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

export const ROLES = [
  'admin',
  'branch_manager',
  'counter_clerk',
  'accountant',
  'warehouse_keeper',
  'buyer',
  'hr_officer',
  'archivist',
] as const
export type Role = (typeof ROLES)[number]

export interface SessionUser {
  id: string
  username: string
  fullName: string
  roles: Role[]
  permissions: string[]
  language: Language
  siteCode: string
  siteName: string
}

export interface LoginResult {
  token: string
  expiresAt: string
  user: SessionUser
}

export interface ExportFile {
  filename: string
  mime: string
  /** File bytes, base64: the same envelope travels over IPC and HTTP. */
  base64: string
  rows: number
}

/** How an exported column's integers are read: `money` in centimes (2 decimals), `quantity` in thousandths (up to 3). */
export const EXPORT_KINDS = ['money', 'quantity'] as const
export type ExportKind = (typeof EXPORT_KINDS)[number]

export interface RecordHit {
  module: string
  kind: string
  id: string
  label: string
  description?: string
  /** Renderer route that opens the record. */
  route: string
}

export const username = z.string().trim().min(2).max(64).regex(/^[a-z0-9._-]+$/, 'lowercase letters, digits, . _ -')
export const password = z.string().min(8).max(200)
export const siteCode = z.string().trim().regex(/^[A-Z0-9]{2,10}$/, 'upper-case letters and digits, 2 to 10')
export const siteName = z.string().trim().min(1).max(120)

export interface SetupStatus {
  /** True while the database has no user: the login screen offers to create the first administrator. */
  needsSetup: boolean
}

export const coreMethods = {
  'core.session.login': method<LoginResult>()({
    input: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) }),
    permission: PUBLIC,
  }),
  'core.setup.status': method<SetupStatus>()({ input: z.object({}).strict(), permission: PUBLIC }),
  /** First run of an installed app: names the site and creates its first administrator; refused once any user exists. */
  'core.setup.createAdmin': method<void>()({
    input: z
      .object({ siteCode, siteName, username, fullName: z.string().trim().min(1).max(120), password, language: z.enum(LANGUAGES).default('fr') })
      .strict(),
    permission: PUBLIC,
    write: true,
  }),
  'core.session.logout': method<void>()({ input: z.object({}).strict(), permission: SIGNED_IN }),
  'core.session.me': method<SessionUser>()({ input: z.object({}).strict(), permission: SIGNED_IN }),
  'core.password.change': method<void>()({
    input: z.object({ current: z.string().min(1).max(200), next: password }).strict(),
    permission: SIGNED_IN,
    write: true,
  }),
  /** Per-user preferences: `ui.language`, `ui.colorScheme`, `table.<tableId>` (columns, order, page size). */
  'core.preferences.get': method<Record<string, unknown>>()({ input: z.object({}).strict(), permission: SIGNED_IN }),
  'core.preferences.set': method<void>()({
    input: z
      .object({
        key: z.string().min(1).max(120).regex(/^(ui|table)\.[A-Za-z0-9._-]+$/),
        // Column layouts and a few switches: a cap keeps one user from filling the database.
        value: z.json().refine((v) => JSON.stringify(v).length <= 16_384, 'at most 16 KB'),
      })
      .strict(),
    permission: SIGNED_IN,
  }),
  /** Export the filtered set of any list method the caller may read. */
  'core.export.run': method<ExportFile>()({
    input: z
      .object({
        method: z.string().min(1).max(120),
        query: listQuerySchema,
        columns: z
          .array(z.object({ id: z.string().min(1).max(64), label: z.string().max(200), kind: z.enum(EXPORT_KINDS).optional() }).strict())
          .min(1)
          .max(100),
        format: z.enum(['csv', 'xlsx']),
        filename: z.string().regex(/^[\w .-]{1,80}$/).optional(),
      })
      .strict(),
    permission: SIGNED_IN,
  }),
  /** Command palette: records of every module the caller may read. */
  'core.search.records': method<RecordHit[]>()({
    input: z.object({ text: z.string().trim().min(1).max(100), limit: z.number().int().min(1).max(50).default(20) }).strict(),
    permission: SIGNED_IN,
  }),
}

export type CoreContract = ContractOf<typeof coreMethods>
