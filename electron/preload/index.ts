/**
 * Sandboxed preload (CommonJS): exposes exactly `window.guichet.invoke` and `window.guichet.on`.
 * No Node, no ipcRenderer, no generic send: the main process checks the sender and the request shape.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'

interface InvokeRequest {
  name: string
  args?: unknown
  token?: string | null
}

interface Push {
  event: string
  payload: unknown
}

const api = {
  /** Resolves with the envelope `{id, ok, result}` / `{id, ok: false, error}`; never rejects on app errors. */
  invoke(request: InvokeRequest): Promise<unknown> {
    return ipcRenderer.invoke('guichet:invoke', {
      name: request?.name,
      args: request?.args,
      token: request?.token ?? null,
    })
  },
  /** Subscribe to pushed events; returns the unsubscribe function. */
  on(listener: (push: Push) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function')
    const wrapped = (_e: IpcRendererEvent, push: Push) => listener(push)
    ipcRenderer.on('guichet:event', wrapped)
    return () => {
      ipcRenderer.removeListener('guichet:event', wrapped)
    }
  },
}

contextBridge.exposeInMainWorld('guichet', api)

export type GuichetBridge = typeof api
