/** Every module of the app, in start-up order. Later modules append themselves here. */
import type { ModuleManifest } from './core/backend/types'
import { coreManifest } from './core'
import { adminManifest } from './admin'
import { stockManifest } from './stock'
import { syncManifest } from './sync'
import { documentsManifest } from './documents'
import { billingManifest } from './billing'

export const manifests: ModuleManifest[] = [coreManifest, adminManifest, syncManifest, stockManifest, documentsManifest, billingManifest]
