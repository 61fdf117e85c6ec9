import { uiModules } from '../../../modules/all.ui'
import { addModuleLocales } from '../i18n'
import { canSee, type UiModule, type UiRoute } from './ui-module'

for (const m of uiModules) for (const bundle of [m.locales].flat()) addModuleLocales(m.id, bundle)

export { uiModules }

export interface NavEntry {
  module: UiModule
  route: UiRoute
  to: string
}

/** Navbar entries the user may see, grouped by module (modules without visible entries are dropped). */
export function navFor(permissions: readonly string[]): { module: UiModule; entries: NavEntry[] }[] {
  return uiModules
    .map((module) => ({
      module,
      entries: module.routes
        .filter((r) => r.labelKey && canSee(permissions, r.permission))
        .map((route) => ({ module, route, to: `/${route.path}` })),
    }))
    .filter((g) => g.entries.length > 0)
}
