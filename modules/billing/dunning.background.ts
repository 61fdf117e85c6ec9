/**
 * The daily dunning pass, started by the billing manifest's `start` hook. Only in long-lived backends
 * (`env.background`; never in a CLI one-shot command): checks every hour (first check a few minutes after start, so
 * a freshly opened or demo database is not dunned behind the user's back) and runs at most once a calendar day,
 * when the policy in force says `auto`. The day it ran is kept in the settings.
 */
import { getSetting, setSetting } from '../core/backend/settings'
import type { BackgroundEnv, BackgroundService } from '../core/backend/types'
import { DUNNING_LAST_PASS_KEY, policyInForce, runDunning } from './dunning.service'

export interface DunningSchedule {
  firstDelayMs: number
  everyMs: number
}

const DEFAULT_SCHEDULE: DunningSchedule = { firstDelayMs: 5 * 60_000, everyMs: 60 * 60_000 }

/** One check: runs today's pass unless it ran today or the policy is manual. Returns whether it ran. */
export async function dailyDunningTick(env: Pick<BackgroundEnv, 'db' | 'writes' | 'now'>): Promise<boolean> {
  const today = env.now().toISOString().slice(0, 10)
  return env.writes.run({ actor: { userId: null, username: 'dunning' }, method: 'billing.dunning.daily', now: env.now }, async (tx) => {
    if ((await getSetting<string>(tx.manager, DUNNING_LAST_PASS_KEY)) === today) return false
    if (!(await policyInForce(tx.manager, today)).auto) return false
    await runDunning(tx, { today, dryRun: false, userId: null })
    await setSetting(tx.manager, DUNNING_LAST_PASS_KEY, today)
    return true
  })
}

export function startDunningService(env: BackgroundEnv, schedule: DunningSchedule = DEFAULT_SCHEDULE): BackgroundService {
  if (!env.background) return { stop: async () => {} }
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  let interval: ReturnType<typeof setInterval> | null = null
  const tick = () => {
    if (stopped) return
    running = dailyDunningTick(env).catch((error) => console.error('[guichet] billing: the daily dunning pass failed:', error))
  }
  const first = setTimeout(() => {
    tick()
    interval = setInterval(tick, schedule.everyMs)
    interval.unref?.()
  }, schedule.firstDelayMs)
  first.unref?.()
  return {
    stop: async () => {
      stopped = true
      clearTimeout(first)
      if (interval) clearInterval(interval)
      await running
    },
  }
}
