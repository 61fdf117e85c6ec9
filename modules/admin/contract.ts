/** Admin methods: users, site settings, numbering series, audit log. Types and zod only. */
import { z } from 'zod'
import { method, listQuerySchema, type ContractOf, type Page } from '../core/rpc'
import { ROLES, LANGUAGES, username, password, siteCode, siteName, type Role, type Language } from '../core/contract'

export const ADMIN_PERMISSIONS = {
  usersRead: 'admin.users.read',
  usersManage: 'admin.users.manage',
  settingsManage: 'admin.settings.manage',
  auditRead: 'admin.audit.read',
} as const

export interface UserRow {
  id: string
  username: string
  fullName: string
  roles: Role[]
  language: Language
  active: boolean
  lockedUntil: string | null
  lastLoginAt: string | null
  createdAt: string
}

export interface SiteSettings {
  siteCode: string
  siteName: string
  sessionIdleMinutes: number
  maxFailedLogins: number
  lockoutMinutes: number
}

export interface SeriesRow {
  key: string
  label: string
  prefix: string
  padding: number
  yearly: boolean
  /** The site part of this machine's numbers: the site code, `CAS01-2` for workstation 2 of the site (set at sync enrollment). */
  site: string
  /** Last number issued this year at this site (0 when none yet). */
  lastValue: number
  /** What the next number will look like. */
  preview: string
}

export interface AuditRow {
  seq: number
  at: string
  userId: string | null
  username: string | null
  action: string
  entity: string
  entityId: string | null
  before: unknown
  after: unknown
  hash: string
}

export interface AuditVerifyResult {
  ok: boolean
  checked: number
  /** First entry whose hash does not match, when not ok. */
  brokenAtSeq: number | null
}

const fullName = z.string().trim().min(1).max(120)
const roles = z.array(z.enum(ROLES)).min(1).max(ROLES.length)
const id = z.string().uuid()

export const siteSettingsSchema = z
  .object({
    siteCode,
    siteName,
    sessionIdleMinutes: z.number().int().min(5).max(24 * 60),
    maxFailedLogins: z.number().int().min(3).max(20),
    lockoutMinutes: z.number().int().min(1).max(24 * 60),
  })
  .strict()

export const adminMethods = {
  'admin.users.list': method<Page<UserRow>>()({ input: listQuerySchema, permission: ADMIN_PERMISSIONS.usersRead, list: true }),
  'admin.users.get': method<UserRow>()({ input: z.object({ id }).strict(), permission: ADMIN_PERMISSIONS.usersRead }),
  'admin.users.create': method<UserRow>()({
    input: z
      .object({ username, fullName, password, roles, language: z.enum(LANGUAGES).default('fr') })
      .strict(),
    permission: ADMIN_PERMISSIONS.usersManage,
    write: true,
  }),
  'admin.users.update': method<UserRow>()({
    input: z.object({ id, fullName: fullName.optional(), roles: roles.optional(), language: z.enum(LANGUAGES).optional() }).strict(),
    permission: ADMIN_PERMISSIONS.usersManage,
    write: true,
  }),
  'admin.users.setActive': method<UserRow>()({
    input: z.object({ id, active: z.boolean() }).strict(),
    permission: ADMIN_PERMISSIONS.usersManage,
    write: true,
  }),
  /** Sets a new password, clears the lock-out and ends the user's sessions. */
  'admin.users.resetPassword': method<void>()({
    input: z.object({ id, password }).strict(),
    permission: ADMIN_PERMISSIONS.usersManage,
    write: true,
  }),
  'admin.settings.get': method<SiteSettings>()({ input: z.object({}).strict(), permission: ADMIN_PERMISSIONS.settingsManage }),
  'admin.settings.update': method<SiteSettings>()({
    input: siteSettingsSchema,
    permission: ADMIN_PERMISSIONS.settingsManage,
    write: true,
  }),
  'admin.series.list': method<Page<SeriesRow>>()({ input: listQuerySchema, permission: ADMIN_PERMISSIONS.settingsManage, list: true }),
  'admin.series.update': method<SeriesRow>()({
    input: z
      .object({
        key: z.string().min(1).max(32),
        label: z.string().trim().min(1).max(120),
        prefix: z.string().trim().regex(/^[A-Z0-9]{0,10}$/),
        padding: z.number().int().min(3).max(10),
        yearly: z.boolean(),
      })
      .strict(),
    permission: ADMIN_PERMISSIONS.settingsManage,
    write: true,
  }),
  'admin.audit.list': method<Page<AuditRow>>()({ input: listQuerySchema, permission: ADMIN_PERMISSIONS.auditRead, list: true }),
  'admin.audit.verify': method<AuditVerifyResult>()({ input: z.object({}).strict(), permission: ADMIN_PERMISSIONS.auditRead }),
}

export type AdminContract = ContractOf<typeof adminMethods>
