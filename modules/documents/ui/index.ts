import { IconCategory, IconFiles, IconFileSearch, IconSettings, IconTrash } from '@tabler/icons-react'
import { DOCUMENT_PERMISSIONS as P } from '../contract'
import type { UiModule } from '../../../renderer/src/ui-kit'
import { DocumentsScreen } from './DocumentsScreen'
import { SearchScreen } from './SearchScreen'
import { DocumentPage } from './DocumentPage'
import { RetentionScreen } from './RetentionScreen'
import { TypesScreen } from './TypesScreen'
import { SettingsScreen } from './SettingsScreen'
import fr from './locales/fr.json'
import ar from './locales/ar.json'
import en from './locales/en.json'

export const documentsUi: UiModule = {
  id: 'documents',
  labelKey: 'documents:module',
  icon: IconFiles,
  routes: [
    { path: 'documents', permission: P.read, labelKey: 'documents:nav.list', descriptionKey: 'documents:nav.listHint', icon: IconFiles, element: DocumentsScreen },
    { path: 'documents/search', permission: P.read, labelKey: 'documents:nav.search', descriptionKey: 'documents:nav.searchHint', icon: IconFileSearch, element: SearchScreen },
    { path: 'documents/retention', permission: P.manage, labelKey: 'documents:nav.retention', descriptionKey: 'documents:nav.retentionHint', icon: IconTrash, element: RetentionScreen },
    { path: 'documents/types', permission: P.configure, labelKey: 'documents:nav.types', descriptionKey: 'documents:nav.typesHint', icon: IconCategory, element: TypesScreen },
    { path: 'documents/settings', permission: P.manage, labelKey: 'documents:nav.settings', descriptionKey: 'documents:nav.settingsHint', icon: IconSettings, element: SettingsScreen },
    { path: 'documents/:id', permission: P.read, element: DocumentPage },
  ],
  locales: { fr, ar, en },
}
