/**
 * The upload queue of the documents screen: files are read and sent one at a time (one ingest call per
 * file, so each gets its own result and a big batch never blocks the window), then followed through the
 * `documents.job.progress` push — with a slow poll as a safety net when no push arrives.
 */
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { DOCUMENT_EVENTS, MAX_DOCUMENT_BYTES, type JobProgress, type JobStatus } from '../contract'
import { invoke, isRpcFailure, usePushEvent, useSession } from '../../../renderer/src/ui-kit'
import { fileToBase64 } from './common'

export type UploadPhase = 'waiting' | 'reading' | 'sending' | JobStatus | 'refused'

export interface UploadError {
  code: string
  message?: string
  details?: unknown
}

export interface UploadItem {
  key: string
  name: string
  size: number
  phase: UploadPhase
  documentId: string | null
  jobId: string | null
  pagesTotal: number
  pagesDone: number
  error: UploadError | null
  /** When the job last told us something (push or poll), ms. */
  seenAt: number
}

const ACTIVE: UploadPhase[] = ['queued', 'running']
const TERMINAL: UploadPhase[] = ['done', 'failed', 'cancelled', 'refused']
export const isActive = (i: UploadItem) => ACTIVE.includes(i.phase)
export const isFinished = (i: UploadItem) => TERMINAL.includes(i.phase)
const POLL_MS = 2500

let seq = 0

export interface UploadSummary {
  files: number
  done: number
  failed: number
  /** 0–100 over every page of every file (a file still being sent counts as one page not done). */
  percent: number
  busy: boolean
}

export function summarize(items: UploadItem[]): UploadSummary {
  let units = 0
  let done = 0
  for (const i of items) {
    if (i.phase === 'refused' || i.phase === 'cancelled') continue
    const total = Math.max(1, i.pagesTotal)
    units += total
    done += i.phase === 'done' || i.phase === 'failed' ? total : Math.min(i.pagesDone, total)
  }
  return {
    files: items.length,
    done: items.filter((i) => i.phase === 'done').length,
    failed: items.filter((i) => i.phase === 'failed' || i.phase === 'refused').length,
    percent: units ? Math.round((done / units) * 100) : 100,
    busy: items.some((i) => !isFinished(i)),
  }
}

/**
 * The queue lives outside React so that leaving the screen (to open a document) neither stops the sending
 * nor forgets the lines; it belongs to one signed-in user and is emptied when another one signs in.
 */
interface UploadStore {
  owner: string | null
  items: UploadItem[]
  files: Map<string, File>
  queue: { key: string; password?: string }[]
  sending: boolean
  listeners: Set<() => void>
}

const store: UploadStore = { owner: null, items: [], files: new Map(), queue: [], sending: false, listeners: new Set() }

function setItems(update: (list: UploadItem[]) => UploadItem[]): void {
  store.items = update(store.items)
  for (const l of store.listeners) l()
}

const patch = (match: (i: UploadItem) => boolean, p: Partial<UploadItem>) => setItems((list) => list.map((i) => (match(i) ? { ...i, ...p } : i)))

function subscribe(listener: () => void): () => void {
  store.listeners.add(listener)
  return () => store.listeners.delete(listener)
}

async function send(key: string, password: string | undefined, onIngested: () => void): Promise<void> {
  const file = store.files.get(key)
  const byKey = (i: UploadItem) => i.key === key
  if (!file) return
  if (file.size > MAX_DOCUMENT_BYTES) {
    patch(byKey, { phase: 'refused', error: { code: 'FILE_TOO_LARGE', details: { maxBytes: MAX_DOCUMENT_BYTES } } })
    return
  }
  try {
    patch(byKey, { phase: 'reading', error: null })
    const dataBase64 = await fileToBase64(file)
    patch(byKey, { phase: 'sending' })
    const { results } = await invoke('documents.files.ingest', { files: [{ name: file.name, dataBase64 }], ...(password ? { password } : {}) })
    const r = results[0]
    if (r?.ok) {
      patch(byKey, { phase: 'queued', documentId: r.documentId, jobId: r.jobId, pagesTotal: r.pages, pagesDone: 0, seenAt: Date.now() })
      onIngested()
    } else patch(byKey, { phase: 'refused', error: r ? r.error : { code: 'INTERNAL' } })
  } catch (e) {
    patch(byKey, { phase: 'refused', error: isRpcFailure(e) ? { code: e.code, message: e.message, details: e.details } : { code: 'NETWORK' } })
  }
}

async function pump(onIngested: () => void): Promise<void> {
  if (store.sending) return
  store.sending = true
  try {
    for (let next = store.queue.shift(); next; next = store.queue.shift()) await send(next.key, next.password, onIngested)
  } finally {
    store.sending = false
  }
}

export function useUploads() {
  const qc = useQueryClient()
  const { user } = useSession()
  const owner = user?.id ?? null
  if (store.owner !== owner) {
    // another user signed in in this window: the previous one's files are none of theirs
    store.owner = owner
    store.items = []
    store.files.clear()
    store.queue.length = 0
  }
  const items = useSyncExternalStore(subscribe, () => store.items)
  const refreshLists = useCallback(() => void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'documents.items.list' }), [qc])

  const add = useCallback(
    (list: File[]) => {
      const added = list.map((file) => {
        const key = `u${++seq}`
        store.files.set(key, file)
        store.queue.push({ key })
        return { key, name: file.name, size: file.size, phase: 'waiting' as const, documentId: null, jobId: null, pagesTotal: 0, pagesDone: 0, error: null, seenAt: Date.now() }
      })
      setItems((prev) => [...added, ...prev])
      void pump(refreshLists)
    },
    [refreshLists],
  )

  const retry = useCallback(
    (key: string, password?: string) => {
      patch((i) => i.key === key, { phase: 'waiting', error: null })
      store.queue.push({ key, password })
      void pump(refreshLists)
    },
    [refreshLists],
  )

  /** A job reached an end: its error (if any) comes from the job's detail. */
  const settle = useCallback(
    async (jobId: string) => {
      try {
        const job = await invoke('documents.jobs.get', { id: jobId })
        patch((i) => i.jobId === jobId, {
          phase: job.status,
          pagesTotal: job.pagesTotal,
          pagesDone: job.pagesDone,
          error: job.errorCode ? { code: job.errorCode, message: job.errorMessage ?? undefined } : null,
          seenAt: Date.now(),
        })
      } catch {
        /* the poll tries again */
      }
      refreshLists()
    },
    [refreshLists],
  )

  const apply = useCallback(
    (p: JobProgress) => {
      if (TERMINAL.includes(p.status)) void settle(p.id)
      else patch((i) => i.jobId === p.id && !isFinished(i), { phase: p.status, pagesTotal: p.pagesTotal, pagesDone: p.pagesDone, seenAt: Date.now() })
    },
    [settle],
  )

  usePushEvent<JobProgress>(DOCUMENT_EVENTS.jobProgress, apply)

  const hasActive = items.some(isActive)
  useEffect(() => {
    if (!hasActive) return
    const timer = setInterval(() => {
      for (const i of store.items) {
        if (!isActive(i) || !i.jobId || Date.now() - i.seenAt < POLL_MS) continue
        invoke('documents.jobs.get', { id: i.jobId })
          .then((job) => apply({ id: job.id, documentId: job.documentId, status: job.status, pagesTotal: job.pagesTotal, pagesDone: job.pagesDone }))
          .catch(() => undefined)
      }
    }, POLL_MS)
    return () => clearInterval(timer)
  }, [hasActive, apply])

  const cancel = useCallback(
    async (jobId: string) => {
      const job = await invoke('documents.jobs.cancel', { id: jobId })
      apply({ id: job.id, documentId: job.documentId, status: job.status, pagesTotal: job.pagesTotal, pagesDone: job.pagesDone })
    },
    [apply],
  )

  const clearFinished = useCallback(() => {
    for (const i of store.items) if (isFinished(i)) store.files.delete(i.key)
    setItems((list) => list.filter((i) => !isFinished(i)))
  }, [])

  const summary = useMemo(() => summarize(items), [items])
  return { items, summary, add, retry, cancel, clearFinished }
}
