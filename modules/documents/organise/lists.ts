/** Lists with metadata and the caller's type access: documents, jobs, the trash, retention proposals. */
import type { CallContext } from '../../core/backend/types'
import type { ListQuery, Page } from '../../core/rpc'
import { runList, type ListSpec } from '../../core/backend/list'
import type { DocumentListRow, JobRow, RetentionRow, TrashRow } from '../contract'
import { documentsList, jobsList } from '../queries'
import { readableWhere } from './access'

const TAGS_SQL = `(SELECT group_concat(tag, ', ') FROM (SELECT tg.tag FROM documents_tags tg WHERE tg.document_id = d.id ORDER BY tg.tag))`

export function listDocumentsWithMeta(ctx: CallContext, q: ListQuery): Promise<Page<DocumentListRow>> {
  const access = readableWhere(ctx, 'd')
  const spec: ListSpec<DocumentListRow> = {
    ...documentsList,
    map: undefined, // rows typed from the extended columns
    columns: {
      ...documentsList.columns,
      typeId: { sql: 'd.type_id', type: 'text' },
      tags: { sql: `COALESCE(${TAGS_SQL}, '')`, type: 'text' },
      correspondent: { sql: 'd.correspondent', type: 'text' },
      documentDate: { sql: 'd.document_date', type: 'date' },
      legalHold: { sql: 'd.legal_hold', type: 'boolean' },
      versionCount: { sql: '(SELECT COUNT(*) + 1 FROM documents v WHERE v.version_of = d.id)', type: 'number', filterable: false },
    },
    searchable: [...documentsList.searchable, 'correspondent', 'tags'],
    where: { sql: `d.version_of IS NULL AND d.trashed_at IS NULL AND ${access.sql}`, params: access.params },
  }
  return runList(ctx.db.manager, spec, q)
}

export function listJobsReadable(ctx: CallContext, q: ListQuery): Promise<Page<JobRow>> {
  const access = readableWhere(ctx, 'd')
  return runList(ctx.db.manager, { ...jobsList, where: access }, q)
}

export function listTrash(ctx: CallContext, q: ListQuery): Promise<Page<TrashRow>> {
  const access = readableWhere(ctx, 'd')
  return runList(ctx.db.manager, {
    from: 'documents d',
    columns: {
      id: { sql: 'd.id', type: 'text' },
      title: { sql: 'd.title', type: 'text' },
      typeId: { sql: 'd.type_id', type: 'text' },
      trashedAt: { sql: 'd.trashed_at', type: 'date' },
      trashedBy: { sql: '(SELECT u.username FROM users u WHERE u.id = d.trashed_by)', type: 'text' },
    },
    searchable: ['title'],
    defaultSort: [{ id: 'trashedAt', desc: true }],
    key: 'id',
    where: { sql: `d.version_of IS NULL AND d.trashed_at IS NOT NULL AND ${access.sql}`, params: access.params },
  }, q)
}

/** The last day a document must be kept: its date (else the day it was added) + the type's years. */
export const KEEP_UNTIL_SQL = `date(COALESCE(d.document_date, substr(d.created_at, 1, 10)), '+' || t.retention_years || ' years')`

export function listRetention(ctx: CallContext, q: ListQuery): Promise<Page<RetentionRow>> {
  const access = readableWhere(ctx, 'd')
  const today = ctx.now().toISOString().slice(0, 10)
  return runList(ctx.db.manager, {
    from: 'documents d JOIN documents_types t ON t.id = d.type_id',
    columns: {
      id: { sql: 'd.id', type: 'text' },
      title: { sql: 'd.title', type: 'text' },
      typeId: { sql: 'd.type_id', type: 'text' },
      documentDate: { sql: `COALESCE(d.document_date, substr(d.created_at, 1, 10))`, type: 'date' },
      keepUntil: { sql: KEEP_UNTIL_SQL, type: 'date' },
    },
    searchable: ['title'],
    defaultSort: [{ id: 'keepUntil', desc: false }],
    key: 'id',
    where: {
      sql: `d.version_of IS NULL AND d.trashed_at IS NULL AND d.legal_hold = 0 AND t.retention_years IS NOT NULL AND ${KEEP_UNTIL_SQL} < ? AND ${access.sql}`,
      params: [today, ...access.params],
    },
    map: (r) => ({ id: String(r.id), title: String(r.title), typeId: String(r.typeId), documentDate: String(r.documentDate), keepUntil: String(r.keepUntil) }),
  }, q)
}
