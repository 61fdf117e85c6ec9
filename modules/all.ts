/** Every module of the app, in start-up order. Later modules append themselves here. */
import type { ModuleManifest } from './core/backend/types'
import { coreManifest } from './core'
import { adminManifest } from './admin'
import { stockManifest } from './stock'

export const manifests: ModuleManifest[] = [coreManifest, adminManifest, stockManifest]
