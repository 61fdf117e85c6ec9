import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** Per-user data folder: GUICHET_DATA_DIR, else the platform's usual place. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.GUICHET_DATA_DIR) return path.resolve(env.GUICHET_DATA_DIR)
  const home = os.homedir()
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Guichet')
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Guichet')
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'guichet')
}

export function ensureDataDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  return dir
}
