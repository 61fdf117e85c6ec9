/**
 * Per-field merge of master data (pure). Every field is a last-writer-wins register keyed by the HLC of the
 * edit that set it: the higher clock wins whatever the order of arrival, so every site converges.
 * `bases[f]` is the clock the edit of f was made on; two edits are concurrent when neither was made on the
 * other (then the values are kept in a conflict for a manager to confirm or overturn).
 * A deletion is the field `$deleted: true`, merged like any other.
 */

export const DELETED = '$deleted'

export interface RecordState {
  fields: Record<string, unknown>
  /** Per field: HLC of the edit that set the current value. */
  clocks: Record<string, string>
  /** Per field: HLC the current value's edit was based on ('' = nothing). */
  bases: Record<string, string>
}

export interface FieldEdit {
  fields: Record<string, unknown>
  clocks: Record<string, string>
  base: Record<string, string>
}

export interface FieldConflict {
  field: string
  localValue: unknown
  remoteValue: unknown
  localHlc: string
  remoteHlc: string
  winner: 'local' | 'remote'
}

export const EMPTY_RECORD: RecordState = { fields: {}, clocks: {}, bases: {} }

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined) return false
  return JSON.stringify(a) === JSON.stringify(b)
}

export const isDeleted = (state: RecordState): boolean => state.fields[DELETED] === true

/**
 * A local transaction left the record as `current` (null = the record is gone): the fields that differ
 * from the merged state get the transaction's clock. Null when nothing changed.
 */
export function localEdit(prev: RecordState, current: Record<string, unknown> | null, txHlc: string): { state: RecordState; edit: FieldEdit } | null {
  if (current === null && Object.keys(prev.fields).length === 0) return null // born and gone in one transaction
  const target: Record<string, unknown> = current === null ? { [DELETED]: true } : { ...current }
  if (current !== null && isDeleted(prev)) target[DELETED] = false
  const edit: FieldEdit = { fields: {}, clocks: {}, base: {} }
  const state: RecordState = { fields: { ...prev.fields }, clocks: { ...prev.clocks }, bases: { ...prev.bases } }
  for (const [f, value] of Object.entries(target)) {
    if (f in prev.fields && sameValue(prev.fields[f], value)) continue
    edit.fields[f] = value
    edit.clocks[f] = txHlc
    edit.base[f] = prev.clocks[f] ?? ''
    state.fields[f] = value
    state.clocks[f] = txHlc
    state.bases[f] = edit.base[f]
  }
  return Object.keys(edit.fields).length === 0 ? null : { state, edit }
}

/** Merge a remote edit into the local state. `changed` lists the fields whose value or clock moved. */
export function mergeRemote(local: RecordState, remote: FieldEdit): { state: RecordState; changed: string[]; conflicts: FieldConflict[] } {
  const state: RecordState = { fields: { ...local.fields }, clocks: { ...local.clocks }, bases: { ...local.bases } }
  const changed: string[] = []
  const conflicts: FieldConflict[] = []
  for (const [f, remoteValue] of Object.entries(remote.fields)) {
    const rc = remote.clocks[f]
    if (!rc) continue
    const lc = local.clocks[f] ?? ''
    if (rc === lc) continue // the same edit, seen again
    const localValue = local.fields[f]
    const differ = !sameValue(localValue, remoteValue)
    if (rc > lc) {
      // The local value was set since the edit the remote one was made on: both were made blind to each other.
      if (lc !== '' && lc > (remote.base[f] ?? '') && differ) {
        conflicts.push({ field: f, localValue, remoteValue, localHlc: lc, remoteHlc: rc, winner: 'remote' })
      }
      state.fields[f] = remoteValue
      state.clocks[f] = rc
      state.bases[f] = remote.base[f] ?? ''
      changed.push(f)
    } else if ((local.bases[f] ?? '') < rc && differ) {
      conflicts.push({ field: f, localValue, remoteValue, localHlc: lc, remoteHlc: rc, winner: 'local' })
    }
  }
  return { state, changed, conflicts }
}
