/** Admin contract → service. */
import type { Handlers } from '../core/backend/types'
import type { adminMethods } from './contract'
import { adminService as s } from './admin.service'

export const adminHandlers: Handlers<typeof adminMethods> = {
  'admin.users.list': (q, ctx) => s.listUsers(ctx, q),
  'admin.users.get': (input, ctx) => s.getUser(ctx, input.id),
  'admin.users.create': (input, ctx) => s.createUser(ctx, input),
  'admin.users.update': (input, ctx) => s.updateUser(ctx, input),
  'admin.users.setActive': (input, ctx) => s.setActive(ctx, input),
  'admin.users.resetPassword': (input, ctx) => s.resetPassword(ctx, input),
  'admin.settings.get': (_input, ctx) => s.getSettings(ctx),
  'admin.settings.update': (input, ctx) => s.updateSettings(ctx, input),
  'admin.series.list': (q, ctx) => s.listSeries(ctx, q),
  'admin.series.update': (input, ctx) => s.updateSeries(ctx, input),
  'admin.audit.list': (q, ctx) => s.listAudit(ctx, q),
  'admin.audit.verify': (_input, ctx) => s.verifyAudit(ctx),
}
