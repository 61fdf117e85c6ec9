import { IconAdjustments, IconListDetails, IconSettings, IconUsers } from '@tabler/icons-react'
import { ADMIN_PERMISSIONS } from '../contract'
import type { UiModule } from '../../../renderer/src/ui-kit'
import { AuditScreen } from './AuditScreen'
import { SettingsScreen } from './SettingsScreen'
import { UsersScreen } from './UsersScreen'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'

export const adminUi: UiModule = {
  id: 'admin',
  labelKey: 'admin:module',
  icon: IconSettings,
  routes: [
    { path: 'admin/users', permission: ADMIN_PERMISSIONS.usersRead, labelKey: 'admin:nav.users', descriptionKey: 'admin:nav.usersHint', icon: IconUsers, element: UsersScreen },
    // A user's edit form over the list (no nav entry): where the command palette's user hits lead.
    { path: 'admin/users/:id', permission: ADMIN_PERMISSIONS.usersRead, element: UsersScreen },
    { path: 'admin/settings', permission: ADMIN_PERMISSIONS.settingsManage, labelKey: 'admin:nav.settings', descriptionKey: 'admin:nav.settingsHint', icon: IconAdjustments, element: SettingsScreen },
    { path: 'admin/audit', permission: ADMIN_PERMISSIONS.auditRead, labelKey: 'admin:nav.audit', descriptionKey: 'admin:nav.auditHint', icon: IconListDetails, element: AuditScreen },
  ],
  locales: { fr, ar, en },
}
