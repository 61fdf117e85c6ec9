/**
 * The "a remote clock was clamped" flag. apply.ts sets setting `sync.clockWarning` = {at, remoteHlc} when a
 * pulled change carried a clock more than 5 minutes ahead; it stays until a user acknowledges it (the skew
 * against the server, a separate matter, is `sync.clockSkewMs` and is re-measured on every exchange).
 */
import type { EntityManager } from 'typeorm'
import { getSetting, setSetting } from '../core/backend/settings'
import { SETTING } from './capture'
import type { ClockClamp } from './contract'

export async function readClockClamp(manager: EntityManager): Promise<ClockClamp | null> {
  const value = await getSetting<Partial<ClockClamp> | null>(manager, SETTING.clockWarning)
  // Older versions stored a skew warning ({at, skewMs}) under the same key: not a clamp.
  if (!value || typeof value.at !== 'string' || typeof value.remoteHlc !== 'string') return null
  return { at: value.at, remoteHlc: value.remoteHlc }
}

/** Returns the flag that was cleared (null when there was none). */
export async function acknowledgeClockClamp(manager: EntityManager): Promise<ClockClamp | null> {
  const before = await readClockClamp(manager)
  await setSetting(manager, SETTING.clockWarning, null)
  return before
}
