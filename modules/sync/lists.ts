/** Column specs of the sync lists over the engine's tables (sync_outbox, sync_conflicts). */
import type { ListSpec } from '../core/backend/list'
import type { ChangeRow, ConflictRow } from './contract'

type Raw = Record<string, unknown>
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v))

function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return v ?? null
  try {
    return JSON.parse(v)
  } catch {
    return v
  }
}

/** `conflict` wins over the row's own status while its record has an open conflict. */
const CHANGE_STATUS_SQL = `CASE WHEN EXISTS (SELECT 1 FROM sync_conflicts c WHERE c.entity = o.entity AND c.record_id = o.record_id AND c.status = 'open')
  THEN 'conflict' ELSE o.status END`

export const changesList: ListSpec<ChangeRow> = {
  from: 'sync_outbox o',
  columns: {
    seq: { sql: 'o.seq', type: 'number' },
    changeId: { sql: 'o.change_id', type: 'text' },
    txId: { sql: 'o.tx_id', type: 'text' },
    entity: { sql: 'o.entity', type: 'text' },
    recordId: { sql: 'o.record_id', type: 'text' },
    op: { sql: `COALESCE(json_extract(o.payload, '$.op'), '')`, type: 'text' },
    kind: { sql: `COALESCE(json_extract(o.payload, '$.kind'), '')`, type: 'text' },
    status: { sql: CHANGE_STATUS_SQL, type: 'text' },
    serverSeq: { sql: 'o.server_seq', type: 'text' },
    error: { sql: 'o.error', type: 'text' },
    createdAt: { sql: 'o.created_at', type: 'date' },
    sentAt: { sql: 'o.sent_at', type: 'date' },
  },
  searchable: ['entity', 'recordId', 'changeId'],
  defaultSort: [{ id: 'seq', desc: true }],
  key: 'seq',
}

export const conflictsList: ListSpec<ConflictRow> = {
  from: 'sync_conflicts k',
  columns: {
    id: { sql: 'k.id', type: 'text' },
    entity: { sql: 'k.entity', type: 'text' },
    recordId: { sql: 'k.record_id', type: 'text' },
    field: { sql: 'k.field', type: 'text' },
    localValue: { sql: 'k.local_value', type: 'text', filterable: false, sortable: false },
    remoteValue: { sql: 'k.remote_value', type: 'text', filterable: false, sortable: false },
    localHlc: { sql: 'k.local_hlc', type: 'text' },
    remoteHlc: { sql: 'k.remote_hlc', type: 'text' },
    winner: { sql: 'k.winner', type: 'text' },
    status: { sql: 'k.status', type: 'text' },
    resolution: { sql: 'k.resolution', type: 'text' },
    resolvedBy: { sql: 'k.resolved_by', type: 'text' },
    resolvedAt: { sql: 'k.resolved_at', type: 'date' },
    createdAt: { sql: 'k.created_at', type: 'date' },
  },
  searchable: ['entity', 'recordId', 'field'],
  defaultSort: [{ id: 'createdAt', desc: true }],
  key: 'id',
  map: (r: Raw) => ({
    id: String(r.id),
    entity: String(r.entity),
    recordId: String(r.recordId),
    field: String(r.field),
    localValue: parseJson(r.localValue),
    remoteValue: parseJson(r.remoteValue),
    localHlc: String(r.localHlc ?? ''),
    remoteHlc: String(r.remoteHlc ?? ''),
    winner: r.winner === 'local' ? 'local' : 'remote',
    status: r.status === 'resolved' ? 'resolved' : 'open',
    resolution: r.resolution === 'keep' || r.resolution === 'local' || r.resolution === 'remote' ? r.resolution : null,
    resolvedBy: strOrNull(r.resolvedBy),
    resolvedAt: strOrNull(r.resolvedAt),
    createdAt: String(r.createdAt),
  }),
}
