#!/usr/bin/env node
// npm postinstall: fetch Electron's binary when the machine can (desktop app), otherwise say once that
// Guichet will run in browser mode. Never fails the install.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const electronDir = join(root, 'node_modules', 'electron')
const installer = join(electronDir, 'install.js')

function binaryPresent() {
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return false
  return existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()))
}

if (!existsSync(installer) || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') {
  console.log('Electron binary unavailable: Guichet will run in browser mode')
  process.exit(0)
}
if (binaryPresent()) process.exit(0)

const r = spawnSync(process.execPath, [installer], { cwd: electronDir, stdio: 'pipe', timeout: 180_000, encoding: 'utf8' })
if (r.status === 0 && binaryPresent()) {
  console.log('Electron binary installed: `npm start` opens the desktop app')
} else {
  console.log('Electron binary unavailable: Guichet will run in browser mode')
}
process.exit(0)
