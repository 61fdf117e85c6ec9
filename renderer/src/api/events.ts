/** In-app fan-out of pushed events (one transport subscription per session). */
import { useEffect, useRef } from 'react'
import type { RpcPush } from '../../../modules/core/rpc'

type Listener = (push: RpcPush) => void
const listeners = new Set<Listener>()

export function dispatchPush(push: RpcPush): void {
  for (const l of listeners) {
    try {
      l(push)
    } catch (e) {
      console.error('push listener failed', e)
    }
  }
}

export function onPush(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Run `handler` for every push of `event` (or every push when `event` is '*'). */
export function usePushEvent<P = unknown>(event: string, handler: (payload: P, push: RpcPush) => void): void {
  const ref = useRef(handler)
  ref.current = handler
  useEffect(
    () =>
      onPush((push) => {
        if (event === '*' || push.event === event) ref.current(push.payload as P, push)
      }),
    [event],
  )
}
