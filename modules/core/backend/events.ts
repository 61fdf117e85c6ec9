import type { RpcPush } from '../rpc'
import type { EventTarget } from './types'

type Listener = (push: RpcPush, target: EventTarget) => void

export class EventBus {
  private readonly listeners = new Set<Listener>()

  on(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(event: string, payload: unknown, target: EventTarget): void {
    for (const listener of this.listeners) {
      try {
        listener({ event, payload }, target)
      } catch (error) {
        console.error('event listener failed', error)
      }
    }
  }
}
