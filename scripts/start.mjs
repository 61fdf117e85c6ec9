#!/usr/bin/env node
// `npm start`: build, then open Guichet on its embedded SQLite database with demo data.
//  - Electron binary present → the desktop window (data in Electron's userData, or GUICHET_DATA_DIR).
//  - otherwise → browser mode: `bin/guichet serve` on http://127.0.0.1:5180 (data in the per-user data folder
//    of bin/guichet, e.g. ~/.local/share/guichet, or GUICHET_DATA_DIR).
// Options (environment): GUICHET_DATA_DIR, GUICHET_PORT (default 5180), GUICHET_HOST (default 127.0.0.1),
// GUICHET_BROWSER_MODE=1 forces browser mode even with Electron present.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))
const node = process.execPath

function run(args, what) {
  const r = spawnSync(node, args, { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) {
    console.error(`\n${what} failed (exit ${r.status ?? r.signal}).`)
    process.exit(r.status || 1)
  }
}

function electronBinary() {
  if (process.env.GUICHET_BROWSER_MODE === '1') return null
  try {
    const p = require('electron')
    return typeof p === 'string' && existsSync(p) ? p : null
  } catch {
    return null
  }
}

function forward(child) {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
}

console.log('Building Guichet (electron-vite build)…')
run([join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], 'Build')

const electron = electronBinary()
if (electron) {
  console.log('Starting the desktop app (Electron).')
  forward(spawn(electron, [root], { cwd: root, stdio: 'inherit', env: { ...process.env, GUICHET_DEMO: '1' } }))
} else {
  // No --data-dir: the CLI picks the per-user data folder (or GUICHET_DATA_DIR) and prints it.
  const port = process.env.GUICHET_PORT ?? '5180'
  const host = process.env.GUICHET_HOST ?? '127.0.0.1'
  const cli = join(root, 'bin', 'guichet')
  // Idempotent: migrates, and seeds demo data only into a database that has no users yet.
  run([cli, 'init', '--demo'], 'Database initialisation')
  console.log(
    [
      '',
      'Electron binary not available: Guichet runs in browser mode.',
      `  Open  http://${host}:${port}/  in Chromium, Chrome, Edge or Firefox`,
      '  Demo logins (password guichet2026 for all):',
      '    admin (administrator), manager (branch manager), clerk (counter clerk), accountant,',
      '    warehouse (warehouse keeper), buyer, hr (HR officer), archivist',
      '  Stop with Ctrl+C.',
      '',
    ].join('\n'),
  )
  forward(spawn(node, [cli, 'serve', '--port', port, '--host', host], { cwd: root, stdio: 'inherit' }))
}
