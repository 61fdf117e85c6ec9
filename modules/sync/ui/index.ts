import { IconCloudDataConnection } from '@tabler/icons-react'
import type { UiModule } from '../../../renderer/src/ui-kit'
import { SYNC_PERMISSIONS } from '../contract'
import { SyncBadge } from './SyncBadge'
import { SyncScreen } from './SyncScreen'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'

export const syncUi: UiModule = {
  id: 'sync',
  labelKey: 'sync:module',
  icon: IconCloudDataConnection,
  routes: [
    { path: 'sync', permission: SYNC_PERMISSIONS.read, labelKey: 'sync:nav.sync', descriptionKey: 'sync:nav.syncHint', icon: IconCloudDataConnection, element: SyncScreen },
  ],
  header: SyncBadge,
  locales: { fr, ar, en },
}
