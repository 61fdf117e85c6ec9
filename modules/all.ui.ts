/** Every module's renderer manifest; the shell builds its navbar, routes and translations from this list. */
import type { UiModule } from '../renderer/src/shell/ui-module'
import { adminUi } from './admin/ui'
import { documentsUi } from './documents/ui'
import { stockUi } from './stock/ui'
import { syncUi } from './sync/ui'
import { billingUi } from './billing/ui'

export const uiModules: UiModule[] = [billingUi, stockUi, documentsUi, syncUi, adminUi]
