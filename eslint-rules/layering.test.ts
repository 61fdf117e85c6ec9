import path from 'node:path'
import { RuleTester } from 'eslint'
import tseslint from 'typescript-eslint'
import { afterAll, describe, it } from 'vitest'
import plugin from './layering.js'

RuleTester.afterAll = afterAll
RuleTester.describe = describe
RuleTester.it = it
RuleTester.itOnly = it.only

const ruleTester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' },
})

const f = (rel: string) => path.join(process.cwd(), rel)
const ok = (file: string, code: string) => ({ filename: f(file), code })
const bad = (file: string, code: string) => ({ filename: f(file), code, errors: [{ messageId: 'badLayering' as const }] })

ruleTester.run('guichet/layering', plugin.rules.layering, {
  valid: [
    // domain: other domain code and pure packages
    ok('modules/stock/domain/valuation.ts', "import { x } from './units'"),
    ok('modules/stock/domain/valuation.ts', "import { money } from '../../core/domain/money'"),
    ok('modules/stock/domain/valuation.ts', "import { z } from 'zod'\nimport { v7 } from 'uuid'"),
    ok('modules/stock/domain/valuation.test.ts', "import { describe } from 'vitest'\nimport { tmpdir } from 'node:os'"),
    // ui: contracts, rpc, renderer, own ui, packages
    ok('modules/admin/ui/UsersScreen.tsx', "import type { UserRow } from '../contract'"),
    ok('modules/admin/ui/UsersScreen.tsx', "import { listQuerySchema } from '../../core/rpc'"),
    ok('modules/admin/ui/UsersScreen.tsx', "import type { AppContract } from '../../contract'"),
    ok('modules/admin/ui/UsersScreen.tsx', "import { DataTable } from '../../../renderer/src/widgets/DataTable'"),
    ok('modules/admin/ui/UsersScreen.tsx', "import { columns } from './columns'\nimport { Button } from '@mantine/core'\nimport { useState } from 'react'"),
    ok('modules/admin/ui/UsersScreen.tsx', "import { formatMoney } from '../../core/domain/money'"),
    ok('modules/admin/ui/UsersScreen.tsx', "import type { StockRow } from '../../stock/contract'"),
    // <name>.contract.ts in a module root is a contract file too
    ok('modules/stock/ui/CountsScreen.tsx', "import { COUNT_STATUSES, type CountRow } from '../counts.contract'"),
    ok('modules/stock/ui/CountsScreen.tsx', "import type { CountRow } from '../counts.contract.ts'"),
    ok('modules/admin/ui/UsersScreen.tsx', "import type { CountRow } from '../../stock/counts.contract'"),
    ok('renderer/src/api/hooks.ts', "import type { CountRow } from '../../../modules/stock/counts.contract'"),
    ok('modules/billing/billing.service.ts', "import { countMethods } from '../stock/counts.contract'"),
    ok('renderer/src/shell/App.tsx', "import { screens } from '../../../modules/all.ui'\nimport { x } from '../widgets/x'"),
    ok('renderer/src/api/client.ts', "import type { RpcReply } from '../../../modules/core/rpc'"),
    ok('renderer/src/shell/shell.tsx', "import classes from './shell.module.css'"),
    ok('modules/all.ui.ts', "import { adminUi } from './admin/ui/index'\nimport { stockUi } from './stock/ui'"),
    // module → module through contract, index, domain; core is the kernel
    ok('modules/billing/billing.service.ts', "import { stockMethods } from '../stock/contract'"),
    ok('modules/billing/billing.service.ts', "import stock from '../stock/index'"),
    ok('modules/billing/billing.service.ts', "import stock from '../stock'"),
    ok('modules/billing/billing.service.ts', "import { valuate } from '../stock/domain/valuation'"),
    ok('modules/billing/handlers.ts', "import type { Handlers } from '../core/backend/types'\nimport { AppError } from '../core/backend/errors'"),
    ok('modules/billing/data/entities/bill.entity.ts', "import { EntitySchema } from 'typeorm'"),
    ok('modules/all.ts', "import admin from './admin/index'\nimport stock from './stock/index'"),
    // own module internals are fine
    ok('modules/stock/stock.service.ts', "import { Item } from './data/entities/item.entity'\nimport { readFile } from 'node:fs/promises'"),
    // electron
    ok('electron/main/index.ts', "import { app } from 'electron'\nimport { join } from 'node:path'\nimport { resolveSafePath } from './safe-path'"),
    ok('electron/backend-process.ts', "import { createBackend } from '../modules/core/backend/backend'"),
    ok('electron/preload/index.ts', "import { contextBridge } from 'electron'"),
    ok('server/browser-mode/server.ts', "import type { Backend } from '../../modules/core/backend/types'\nimport Fastify from 'fastify'"),
    // non-literal dynamic imports are not guessed at
    ok('modules/stock/domain/x.ts', 'const m = await import(name)'),
  ],
  invalid: [
    // domain purity
    bad('modules/stock/domain/valuation.ts', "import { DataSource } from 'typeorm'"),
    bad('modules/stock/domain/valuation.ts', "import { createHash } from 'node:crypto'"),
    bad('modules/stock/domain/valuation.ts', "import fs from 'fs'"),
    bad('modules/stock/domain/valuation.ts', "import { useState } from 'react'"),
    bad('modules/stock/domain/valuation.ts', "import { Item } from '../data/entities/item.entity'"),
    bad('modules/stock/domain/valuation.ts', "import { StockService } from '../stock.service'"),
    bad('modules/stock/domain/valuation.ts', "import { stockMethods } from '../contract'"),
    bad('modules/stock/domain/valuation.ts', "const db = require('better-sqlite3')"),
    bad('modules/stock/domain/valuation.ts', "export * from '../data/queries'"),
    bad('modules/stock/domain/valuation.ts', "const m = await import('typeorm')"),
    // ui never reaches the backend
    bad('modules/admin/ui/UsersScreen.tsx', "import { DataSource } from 'typeorm'"),
    bad('modules/admin/ui/UsersScreen.tsx', "import Database from 'better-sqlite3'"),
    bad('modules/admin/ui/UsersScreen.tsx', "import { readFile } from 'node:fs/promises'"),
    bad('modules/admin/ui/UsersScreen.tsx', "import path from 'path'"),
    bad('modules/admin/ui/UsersScreen.tsx', "import { User } from '../data/entities/user.entity'"),
    bad('modules/admin/ui/UsersScreen.tsx', "import { AdminService } from '../admin.service'"),
    bad('modules/admin/ui/UsersScreen.tsx', "import { handlers } from '../handlers'"),
    bad('modules/admin/ui/UsersScreen.tsx', "import admin from '../index'"),
    bad('modules/admin/ui/UsersScreen.tsx', "import { ipcRenderer } from 'electron'"),
    bad('modules/admin/ui/UsersScreen.tsx', "import { StockScreen } from '../../stock/ui/StockScreen'"),
    bad('modules/admin/ui/UsersScreen.tsx', "import type { Backend } from '../../core/backend/types'"),
    // only a module root's <name>.contract.ts counts, not a look-alike or one deeper in the tree
    bad('modules/stock/ui/CountsScreen.tsx', "import { x } from '../data/counts.contract'"),
    bad('modules/stock/ui/CountsScreen.tsx', "import { x } from '../counts.contractor'"),
    bad('modules/stock/ui/CountsScreen.tsx', "import { x } from '../counts.handlers'"),
    bad('modules/billing/billing.service.ts', "import { x } from '../stock/backend/counts.contract'"),
    bad('modules/stock/domain/counts.ts', "import type { CountRow } from '../counts.contract'"),
    bad('renderer/src/api/client.ts', "import { createBackend } from '../../../modules/core/backend/backend'"),
    bad('renderer/src/api/client.ts', "import { User } from '../../../modules/admin/data/entities/user.entity'"),
    bad('renderer/src/api/client.ts', "import { startBrowserServer } from '../../../server/browser-mode/server'"),
    bad('renderer/src/api/client.ts', "import { createHash } from 'node:crypto'"),
    bad('modules/all.ui.ts', "import admin from './admin/index'"),
    // module → module internals
    bad('modules/billing/billing.service.ts', "import { StockService } from '../stock/stock.service'"),
    bad('modules/billing/billing.service.ts', "import { Item } from '../stock/data/entities/item.entity'"),
    bad('modules/billing/handlers.ts', "import { stockHandlers } from '../stock/handlers'"),
    bad('modules/billing/billing.service.ts', "import { StockScreen } from '../stock/ui/StockScreen'"),
    bad('modules/billing/billing.service.ts', "import { Screen } from './ui/Screen'"),
    bad('modules/core/backend/backend.ts', "import { BrowserWindow } from 'electron'"),
    // electron main / preload stay away from the database and the modules
    bad('electron/main/index.ts', "import Database from 'better-sqlite3'"),
    bad('electron/main/index.ts', "import { DataSource } from 'typeorm'"),
    bad('electron/main/index.ts', "import { createBackend } from '../../modules/core/backend/backend'"),
    bad('electron/main/index.ts', "import type { RpcReply } from '../../modules/core/rpc'"),
    bad('electron/main/ipc.ts', "import { startBrowserServer } from '../../server/browser-mode/server'"),
    bad('electron/preload/index.ts', "import { readFileSync } from 'node:fs'"),
    bad('electron/preload/index.ts', "import { coreMethods } from '../../modules/core/contract'"),
    bad('server/browser-mode/server.ts', "import { app } from 'electron'"),
  ],
})

// A root option lets the rule run on files outside the working directory (monorepo tools, editors).
new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' } }).run(
  'guichet/layering with root',
  plugin.rules.layering,
  {
    valid: [{ filename: f('elsewhere/modules/x/domain/a.ts'), options: [{ root: f('elsewhere') }], code: "import { b } from './b'" }],
    invalid: [
      {
        filename: f('elsewhere/modules/x/domain/a.ts'),
        options: [{ root: f('elsewhere') }],
        code: "import fs from 'node:fs'",
        errors: [{ messageId: 'badLayering' }],
      },
    ],
  },
)
