/** `documents.watch.get` / `.set`: the watched folder setting (per site, in the settings table). */
import { constants as fsConstants } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { z } from 'zod'
import { validation } from '../core/backend/errors'
import type { CallContext } from '../core/backend/types'
import { setSetting } from '../core/backend/settings'
import type { WatchFolder, watchFolderSchema } from './contract'
import { inboxDir } from './ingest'
import { runtimeOf } from './runtime'
import { WATCH_SETTING_KEY, readWatchSetting } from './watch-folder'

export async function watchStatus(ctx: CallContext): Promise<WatchFolder> {
  const runtime = runtimeOf(ctx.db)
  if (runtime.watcher) {
    await runtime.watcherReady
    return runtime.watcher.status
  }
  const setting = await readWatchSetting(ctx)
  return { ...setting, resolvedPath: setting.path ?? inboxDir(runtime.dataDir), running: false }
}

/** Why a folder cannot be watched: the UI shows the code in plain words under the path field. */
export type WatchFolderProblem = 'FOLDER_MISSING' | 'FOLDER_NOT_WRITABLE' | 'FOLDER_IN_BLOB_STORE'

async function realOrSelf(p: string): Promise<string> {
  return fs.realpath(p).catch(() => path.resolve(p))
}

/** null when `folder` can be watched: an existing folder, writable (files are moved out of it), outside the blob store. */
export async function watchFolderProblem(folder: string, dataDir: string): Promise<WatchFolderProblem | null> {
  const stat = await fs.stat(folder).catch(() => null)
  if (!stat?.isDirectory()) return 'FOLDER_MISSING'
  const real = await realOrSelf(folder)
  const blobs = await realOrSelf(path.join(dataDir, 'blobs'))
  const rel = path.relative(blobs, real)
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) return 'FOLDER_IN_BLOB_STORE'
  try {
    await fs.access(real, fsConstants.W_OK | fsConstants.R_OK)
  } catch {
    return 'FOLDER_NOT_WRITABLE'
  }
  return null
}

export async function setWatchFolder(ctx: CallContext, input: z.output<typeof watchFolderSchema>): Promise<WatchFolder> {
  if (input.path !== null) {
    const problem = await watchFolderProblem(input.path, runtimeOf(ctx.db).dataDir)
    if (problem) throw validation(`The folder cannot be watched: ${problem}`, [{ path: ['path'], code: problem, message: problem }])
  }
  await ctx.write(async (tx) => {
    const before = await readWatchSetting({ db: ctx.db })
    await setSetting(tx.manager, WATCH_SETTING_KEY, input)
    tx.audit({ entity: 'settings', entityId: WATCH_SETTING_KEY, before, after: input })
  })
  const runtime = runtimeOf(ctx.db)
  if (runtime.watcher) {
    await runtime.watcherReady
    runtime.watcherReady = runtime.watcher.reload()
  }
  return watchStatus(ctx)
}
