/** Every module's renderer manifest; the shell builds its navbar, routes and translations from this list. */
import type { UiModule } from '../renderer/src/shell/ui-module'
import { adminUi } from './admin/ui'
import { stockUi } from './stock/ui'

export const uiModules: UiModule[] = [stockUi, adminUi]
