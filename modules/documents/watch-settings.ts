/** `documents.watch.get` / `.set`: the watched folder setting (per site, in the settings table). */
import type { z } from 'zod'
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

export async function setWatchFolder(ctx: CallContext, input: z.output<typeof watchFolderSchema>): Promise<WatchFolder> {
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
