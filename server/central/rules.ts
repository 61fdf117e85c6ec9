/** Pure rules of the central server: which pushed change is accepted, which site sees which change. */
import type { Change, PushResponse } from '../../modules/sync/protocol'

export type RejectCode = PushResponse['rejected'][number]['code']
export type Verdict = { ok: true } | { ok: false; code: RejectCode; message: string }

export interface JudgeContext {
  deviceSite: string
  hqSite: string
  /** Owner remembered for (entity, id) at its first accepted change; undefined when never seen. */
  recordOwner: string | undefined
  /** Blobs of the change that are not complete on the server. */
  missingBlobs: string[]
}

export function judgeChange(change: Pick<Change, 'site' | 'owner' | 'entity' | 'id'>, ctx: JudgeContext): Verdict {
  if (change.site !== ctx.deviceSite) {
    return { ok: false, code: 'OUT_OF_SCOPE', message: `Change made at site ${change.site} pushed by a device of site ${ctx.deviceSite}` }
  }
  if (change.owner === ctx.hqSite && ctx.deviceSite !== ctx.hqSite) {
    return { ok: false, code: 'NOT_OWNER', message: `${change.entity} ${change.id} is HQ data: only devices of ${ctx.hqSite} may change it` }
  }
  if (change.owner !== ctx.deviceSite) {
    return { ok: false, code: 'NOT_OWNER', message: `Site ${ctx.deviceSite} cannot change ${change.entity} ${change.id} owned by ${change.owner}` }
  }
  if (ctx.recordOwner !== undefined && ctx.recordOwner !== change.owner) {
    return { ok: false, code: 'NOT_OWNER', message: `${change.entity} ${change.id} belongs to site ${ctx.recordOwner}` }
  }
  if (ctx.missingBlobs.length > 0) {
    return { ok: false, code: 'BLOB_MISSING', message: `Blob(s) not uploaded completely: ${ctx.missingBlobs.join(', ')}` }
  }
  return { ok: true }
}

/** Who receives a change (besides the device that pushed it): HQ, its owner, and its audience (`*` = everyone). */
export function visibleTo(change: Pick<Change, 'owner' | 'audience'>, site: string, hqSite: string): boolean {
  return site === hqSite || change.owner === site || change.audience.includes(site) || change.audience.includes('*')
}

/** Storage form of the audience: `,A,B,` so that `LIKE '%,A,%'` matches exactly one code on both dialects. */
export const audienceColumn = (audience: readonly string[]): string => `,${audience.join(',')},`
