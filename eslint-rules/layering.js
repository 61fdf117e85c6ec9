/**
 * "Bad layering": the import rules of /work/shared/ARCHITECTURE.md as one ESLint rule.
 *
 *  - modules/<m>/domain/**   pure: other domain code (any module) and pure npm packages only.
 *  - modules/<m>/ui/**, renderer/**, modules/all.ui.ts
 *                            contracts (modules/<x>/contract.ts, modules/<x>/<name>.contract.ts,
 *                            modules/contract.ts, modules/core/rpc.ts),
 *                            modules/all.ui.ts, the same module's ui/**, renderer/**, pure domain code,
 *                            browser-safe npm packages. Never data/, services, handlers, index.ts,
 *                            modules/core/backend, node built-ins, typeorm, better-sqlite3, electron.
 *  - module A → module B     only through B's contract.ts (or <name>.contract.ts), index.ts or domain/** (pure). modules/core is the
 *                            shared kernel (dispatcher, errors, auth, audit…) and may be used by any module's
 *                            backend code. The aggregators modules/all.ts, modules/all.ui.ts and
 *                            modules/contract.ts sit above the modules.
 *  - electron/main/**, electron/preload/**
 *                            no better-sqlite3, no typeorm, nothing from modules/**, server/**, bin/**
 *                            (only electron/backend-process.ts opens the backend). The preload is
 *                            sandboxed: no Node built-ins either.
 *  - modules/**, server/**, bin/** never import `electron` (the backend is plain Node); UI code neither.
 *
 * Test files (`*.test.ts`, `*.spec.ts`) may additionally use Node built-ins (temp dirs, fixtures).
 */
import { builtinModules } from 'node:module'
import path from 'node:path'

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')))

/** Packages that touch the database, the OS, the network or the DOM: never in domain code. */
const IMPURE_FOR_DOMAIN = [
  'typeorm',
  'better-sqlite3',
  'pg',
  'electron',
  'fastify',
  '@fastify/*',
  'ws',
  'commander',
  'react',
  'react-dom',
  'react-router',
  'react-i18next',
  'i18next',
  '@mantine/*',
  '@tanstack/*',
  '@tabler/*',
  'tesseract.js',
  'pdfjs-dist',
  'exceljs',
]

/** Backend-only packages: never in the renderer. */
const BACKEND_ONLY = [
  'typeorm',
  'better-sqlite3',
  'pg',
  'electron',
  'fastify',
  '@fastify/*',
  'ws',
  'commander',
  'tesseract.js',
  'exceljs',
  'tsx',
]

const ELECTRON_MAIN_FORBIDDEN = ['better-sqlite3', 'typeorm', 'pg']

const CODE_EXT = /\.(?:[cm]?[jt]sx?)$/
const TEST_FILE = /\.(?:test|spec)\.[cm]?[jt]sx?$/

function matchesPackage(name, patterns) {
  return patterns.some((p) => (p.endsWith('/*') ? name.startsWith(p.slice(0, -1)) : name === p))
}

function packageName(source) {
  const parts = source.split('/')
  return source.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

function toPosix(p) {
  return p.split(path.sep).join('/')
}

/**
 * What an import specifier points at.
 * @returns {{kind:'builtin', name:string} | {kind:'package', name:string} | {kind:'file', rel:string} | {kind:'outside'}}
 */
function resolveTarget(source, fileRel) {
  const clean = source.replace(/[?#].*$/, '')
  if (clean.startsWith('node:')) return { kind: 'builtin', name: clean }
  if (clean.startsWith('.') || clean.startsWith('/')) {
    const joined = clean.startsWith('/') ? clean.slice(1) : path.posix.join(path.posix.dirname(fileRel), clean)
    const rel = path.posix.normalize(joined).replace(/\/$/, '')
    if (rel.startsWith('..')) return { kind: 'outside' }
    return { kind: 'file', rel: rel.replace(CODE_EXT, '') }
  }
  const name = packageName(clean)
  if (BUILTINS.has(name) || BUILTINS.has(clean)) return { kind: 'builtin', name: clean }
  return { kind: 'package', name }
}

/**
 * Where a project file sits. `rel` is relative to the project root, without code extension.
 * @returns {{ area: string, module?: string, part?: string }}
 */
function locate(rel) {
  const seg = rel.split('/')
  if (seg[0] === 'modules') {
    if (seg.length === 2) {
      // modules/all, modules/all.ui, modules/contract, or a directory import of a module (modules/admin)
      if (seg[1] === 'all' || seg[1] === 'all.ui' || seg[1] === 'contract') return { area: 'modules-root', part: seg[1] }
      return { area: 'module', module: seg[1], part: 'index' }
    }
    const module = seg[1]
    const rest = seg.slice(2)
    const first = rest[0]
    let part = 'other'
    if (rest.length === 1 && (first === 'contract' || first === 'index' || first === 'handlers' || first === 'rpc')) part = first
    // `<name>.contract.ts` in a module's root: a slice of the module's contract (types and zod only).
    else if (rest.length === 1 && /^[\w-]+(?:\.[\w-]+)*\.contract$/.test(first)) part = 'contract'
    else if (first === 'domain') part = 'domain'
    else if (first === 'ui') part = 'ui'
    else if (first === 'data') part = 'data'
    else if (first === 'backend') part = 'backend'
    else if (/\.service$/.test(rest[rest.length - 1])) part = 'service'
    else if (rest[rest.length - 1] === 'handlers') part = 'handlers'
    return { area: 'module', module, part }
  }
  if (seg[0] === 'renderer') return { area: 'renderer' }
  if (seg[0] === 'electron') {
    if (seg[1] === 'main') return { area: 'electron-main' }
    if (seg[1] === 'preload') return { area: 'electron-preload' }
    return { area: 'electron-other' }
  }
  return { area: seg[0] }
}

/** Contract-level files every layer may import (types and zod only). */
function isContract(t) {
  if (t.area === 'modules-root' && t.part === 'contract') return true
  if (t.area !== 'module') return false
  if (t.part === 'contract') return true
  return t.module === 'core' && t.part === 'rpc'
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layering of ARCHITECTURE.md (domain / ui / modules / electron)' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' } },
        additionalProperties: false,
      },
    ],
    messages: {
      badLayering: 'Bad layering: {{layer}} must not import "{{source}}" ({{reason}}).',
    },
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd ?? process.cwd()
    const filename = context.filename ?? context.getFilename()
    const fileRel = toPosix(path.relative(root, filename))
    if (fileRel.startsWith('..') || path.isAbsolute(fileRel)) return {}
    const isTest = TEST_FILE.test(fileRel)
    const self = locate(fileRel.replace(CODE_EXT, ''))

    const isDomain = self.area === 'module' && self.part === 'domain'
    const isModuleUi = self.area === 'module' && self.part === 'ui'
    const isUi = isModuleUi || self.area === 'renderer' || (self.area === 'modules-root' && self.part === 'all.ui')
    const isElectronMain = self.area === 'electron-main' || self.area === 'electron-preload'

    function check(node, source) {
      if (typeof source !== 'string') return
      const target = resolveTarget(source, fileRel)
      const report = (layer, reason) => context.report({ node, messageId: 'badLayering', data: { layer, source, reason } })

      // --- electron ----------------------------------------------------------------------------
      const isBackendArea = self.area === 'module' || self.area === 'modules-root' || self.area === 'server' || self.area === 'bin'
      if (target.kind === 'package' && target.name === 'electron' && isBackendArea && !isTest) {
        return report(self.area === 'module' ? 'backend code' : fileRel, 'only electron/** may import electron; the backend is plain Node')
      }
      if (isElectronMain) {
        const layer = self.area === 'electron-preload' ? 'the preload' : 'the Electron main process'
        if (target.kind === 'package' && matchesPackage(target.name, ELECTRON_MAIN_FORBIDDEN)) {
          return report(layer, 'the database lives in the backend utility process')
        }
        if (target.kind === 'file') {
          const t = locate(target.rel)
          if (t.area === 'module' || t.area === 'modules-root' || t.area === 'server' || t.area === 'bin') {
            return report(layer, 'only electron/backend-process.ts loads the backend')
          }
        }
        if (self.area === 'electron-preload' && target.kind === 'builtin') {
          return report(layer, 'a sandboxed preload has no Node built-ins')
        }
        return
      }

      // --- domain ------------------------------------------------------------------------------
      if (isDomain) {
        const layer = `domain code (modules/${self.module}/domain)`
        if (target.kind === 'builtin') {
          if (isTest) return
          return report(layer, 'domain code is pure: no Node built-ins')
        }
        if (target.kind === 'package') {
          if (matchesPackage(target.name, IMPURE_FOR_DOMAIN)) return report(layer, 'domain code is pure: no database, UI or I/O packages')
          return
        }
        if (target.kind === 'file') {
          const t = locate(target.rel)
          if (t.area === 'module' && t.part === 'domain') return
          return report(layer, `domain code imports only domain code, not ${target.rel}`)
        }
        return
      }

      // --- ui ----------------------------------------------------------------------------------
      if (isUi) {
        const layer = isModuleUi ? `UI code (modules/${self.module}/ui)` : self.area === 'renderer' ? 'renderer code' : 'modules/all.ui.ts'
        if (target.kind === 'builtin') {
          if (isTest) return
          return report(layer, 'UI code runs in the browser: no Node built-ins')
        }
        if (target.kind === 'package') {
          if (matchesPackage(target.name, BACKEND_ONLY)) return report(layer, 'backend-only package')
          return
        }
        if (target.kind === 'file') {
          const t = locate(target.rel)
          if (t.area === 'renderer') return
          if (isContract(t)) return
          if (t.area === 'modules-root' && t.part === 'all.ui') return
          if (t.area === 'module' && t.part === 'domain') return
          if (t.area === 'module' && t.part === 'ui') {
            if (isModuleUi && t.module === self.module) return
            if (self.area === 'modules-root') return // all.ui.ts aggregates every module's UI
            return report(layer, `another module's UI is reached through modules/all.ui.ts, not ${target.rel}`)
          }
          return report(layer, `UI code imports only contracts, renderer/** and its own ui/**; ${target.rel} is backend code`)
        }
        return
      }

      // --- module → module ---------------------------------------------------------------------
      if (self.area === 'module' && target.kind === 'file') {
        const t = locate(target.rel)
        if (t.area === 'module' && t.module !== self.module) {
          if (t.part === 'contract' || t.part === 'index' || t.part === 'domain') return
          if (t.module === 'core' && t.part !== 'ui') return // the shared kernel
          return report(`modules/${self.module}`, `module ${t.module} is reached only through its contract.ts, index.ts or domain/`)
        }
        if (t.area === 'renderer' || t.area === 'electron-main' || t.area === 'electron-preload' || t.area === 'server') {
          return report(`modules/${self.module}`, `modules do not depend on ${t.area}`)
        }
        if (t.area === 'module' && t.part === 'ui' && self.part !== 'ui') {
          return report(`modules/${self.module}`, 'backend code does not import UI code')
        }
      }
    }

    return {
      ImportDeclaration(node) {
        check(node.source, node.source.value)
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node.source, node.source.value)
      },
      ExportAllDeclaration(node) {
        check(node.source, node.source.value)
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node.source, node.source.value)
      },
      CallExpression(node) {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments.length === 1 &&
          node.arguments[0].type === 'Literal'
        ) {
          check(node.arguments[0], node.arguments[0].value)
        }
      },
    }
  },
}

export default {
  meta: { name: 'guichet', version: '1.0.0' },
  rules: { layering: rule },
}
export { rule as layeringRule, locate, resolveTarget }
