/**
 * Hybrid logical clock (pure). Format `<ms, 15 digits>-<counter, 5 digits>-<node>` (protocol.ts `HLC`),
 * so comparing two clocks is comparing two strings. A remote clock more than `MAX_DRIFT_MS` ahead of the
 * local physical time is clamped to local + MAX_DRIFT_MS (one machine with a wrong date must not drag
 * every site's clock into the future) and the caller is told, to show a warning.
 */

export const MAX_DRIFT_MS = 5 * 60_000
const MAX_COUNTER = 99_999
const FORMAT = /^(\d{15})-(\d{5})-([A-Za-z0-9_.-]{1,64})$/

export interface HlcState {
  /** Physical part (ms since epoch) of the last clock sent or received. */
  ms: number
  counter: number
  node: string
}

export interface ParsedHlc {
  ms: number
  counter: number
  node: string
}

export function initialState(node: string): HlcState {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(node)) throw new Error(`Invalid HLC node "${node}"`)
  return { ms: 0, counter: 0, node }
}

export function format(ms: number, counter: number, node: string): string {
  return `${String(ms).padStart(15, '0')}-${String(counter).padStart(5, '0')}-${node}`
}

export function parse(hlc: string): ParsedHlc {
  const m = FORMAT.exec(hlc)
  if (!m) throw new Error(`Invalid HLC "${hlc}"`)
  return { ms: Number(m[1]), counter: Number(m[2]), node: m[3] }
}

export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Counter overflow moves the physical part on by 1 ms, so clocks stay strictly increasing. */
function normalise(ms: number, counter: number): { ms: number; counter: number } {
  return counter > MAX_COUNTER ? { ms: ms + 1, counter: 0 } : { ms, counter }
}

/** Clock of a local event (a write transaction): strictly after every clock sent or received before. */
export function send(state: HlcState, nowMs: number): { state: HlcState; hlc: string } {
  const now = Math.floor(nowMs)
  const next = now > state.ms ? { ms: now, counter: 0 } : normalise(state.ms, state.counter + 1)
  const out = { ...next, node: state.node }
  return { state: out, hlc: format(out.ms, out.counter, out.node) }
}

/** Merge a remote clock into the local state (after it, the next `send` is later than the remote). */
export function receive(state: HlcState, remoteHlc: string, nowMs: number): { state: HlcState; clamped: boolean } {
  const now = Math.floor(nowMs)
  const remote = parse(remoteHlc)
  const limit = now + MAX_DRIFT_MS
  const clamped = remote.ms > limit
  const rMs = clamped ? limit : remote.ms
  const rCounter = clamped ? 0 : remote.counter
  const ms = Math.max(state.ms, rMs, now)
  let counter: number
  if (ms === state.ms && ms === rMs) counter = Math.max(state.counter, rCounter) + 1
  else if (ms === state.ms) counter = state.counter + 1
  else if (ms === rMs) counter = rCounter + 1
  else counter = 0
  const next = normalise(ms, counter)
  return { state: { ...next, node: state.node }, clamped }
}

/** The state as one string (stored in settings) and back. */
export const serialise = (state: HlcState): string => format(state.ms, state.counter, state.node)
export const deserialise = (text: string): HlcState => parse(text)
