/** The admin module's manifest: works on core's tables, owns no tables itself. */
import type { ModuleManifest } from '../core/backend/types'
import { ADMIN_PERMISSIONS, adminMethods } from './contract'
import { adminHandlers } from './handlers'
import { adminService } from './admin.service'

export const adminManifest: ModuleManifest = {
  id: 'admin',
  entities: [],
  migrations: [],
  methods: adminMethods,
  handlers: adminHandlers,
  permissions: Object.entries(ADMIN_PERMISSIONS).map(([key, id]) => ({ id, labelKey: `admin:permissions.${key}` })),
  grants: {
    branch_manager: [ADMIN_PERMISSIONS.usersRead, ADMIN_PERMISSIONS.auditRead],
  },
  searchRecords: async (text, limit, ctx) =>
    ctx.session?.user.permissions.includes(ADMIN_PERMISSIONS.usersRead) ? adminService.searchUsers(ctx, text, limit) : [],
}
