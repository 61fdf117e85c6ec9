/** The core module's manifest: session, preferences, export, record search, and the core tables. */
import { coreMethods } from './contract'
import { coreEntities } from './data/entities'
import { CoreSchema1764806400000 } from './data/migrations/1764806400000-CoreSchema'
import { coreHandlers } from './handlers'
import type { ModuleManifest } from './backend/types'
import { userSync } from './backend/users.sync'

export const coreManifest: ModuleManifest = {
  id: 'core',
  entities: coreEntities,
  migrations: [CoreSchema1764806400000],
  methods: coreMethods,
  handlers: coreHandlers,
  permissions: [],
  grants: {},
  sync: [userSync],
}
