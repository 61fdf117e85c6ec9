import type { ComponentType } from 'react'

/** A module's renderer manifest. Its strings live in the i18next namespace named after `id`. */
export interface UiRoute {
  /** Relative to the app root, e.g. `admin/users`. */
  path: string
  /** Permission id required to see and open the route (see `SessionUser.permissions`). */
  permission: string
  /** When set, the route is listed in the navbar (key in the module namespace, e.g. `admin:nav.users`). */
  labelKey?: string
  /** Optional description shown on the home quick links and in the command palette. */
  descriptionKey?: string
  icon?: ComponentType<{ size?: number | string; stroke?: number }>
  element: ComponentType
}

export interface UiModule {
  id: string
  labelKey: string
  icon: ComponentType<{ size?: number | string; stroke?: number }>
  routes: UiRoute[]
  /** A small widget the shell shows in its header (e.g. the sync badge); it checks its own permission. */
  header?: ComponentType
  /** The module's strings; a module split in areas passes one bundle per area (deep-merged under the module id). */
  locales: LocaleBundle | LocaleBundle[]
}

export interface LocaleBundle {
  fr: object
  ar: object
  en: object
}

export const canSee = (permissions: readonly string[], permission: string): boolean =>
  permission === 'signed-in' || permissions.includes(permission)
