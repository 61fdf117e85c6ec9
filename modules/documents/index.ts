/** The documents (EDM) module's manifest. */
import type { ModuleManifest } from '../core/backend/types'
import { DOCUMENT_PERMISSIONS as P, documentMethods } from './contract'
import { DocumentsSchema1768435200000 } from './data/migrations/1768435200000-DocumentsSchema'
import { DocumentsWords1768447000000 } from './data/migrations/1768447000000-DocumentsWords'
import { DocumentsOrganise1768521600000 } from './data/migrations/1768521600000-DocumentsOrganise'
import { documentHandlers } from './handlers'
import { DocumentsRuntime } from './runtime'
import { documentsCli } from './cli'
import { documentsSync } from './sync'

const READ_ONLY_ROLES = ['counter_clerk', 'accountant', 'warehouse_keeper', 'buyer'] as const

export const documentsManifest: ModuleManifest = {
  id: 'documents',
  entities: [],
  migrations: [DocumentsSchema1768435200000, DocumentsWords1768447000000, DocumentsOrganise1768521600000],
  methods: documentMethods,
  handlers: documentHandlers,
  permissions: Object.entries(P).map(([key, id]) => ({ id, labelKey: `documents:permissions.${key}` })),
  grants: {
    archivist: [P.read, P.ingest, P.manage],
    // the archivist proposes (trash), the branch manager destroys (empties the trash); HR files its own
    branch_manager: [P.read, P.manage, P.purge],
    hr_officer: [P.read, P.ingest, P.manage],
    ...Object.fromEntries(READ_ONLY_ROLES.map((role) => [role, [P.read]])),
  },
  sync: documentsSync,
  cli: documentsCli,
  start: (env) => DocumentsRuntime.start(env),
}
