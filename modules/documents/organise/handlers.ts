/** Organising methods → services. */
import type { Handlers } from '../../core/backend/types'
import type { organiseMethods } from '../contract'
import { getMeta, linksForRecord, listTags, updateMeta } from './metadata'
import { listRetention, listTrash } from './lists'
import { emptyTrash, restoreDocuments, setHold, trashDocuments } from './retention'
import { deleteRule, listRules, saveRule, testRule } from './rules'
import { suggest } from './suggest'
import { listTypes, saveType } from './types'
import { uploadVersion } from './versions'

export const organiseHandlers: Handlers<typeof organiseMethods> = {
  'documents.types.list': (_input, ctx) => listTypes(ctx),
  'documents.types.save': (input, ctx) => saveType(ctx, input),
  'documents.meta.get': (input, ctx) => getMeta(ctx, input.id),
  'documents.items.update': (input, ctx) => updateMeta(ctx, input),
  'documents.tags.list': (_input, ctx) => listTags(ctx),
  'documents.links.forRecord': (input, ctx) => linksForRecord(ctx, input),
  'documents.suggest.get': (input, ctx) => suggest(ctx, input.id),
  'documents.rules.list': (_input, ctx) => listRules(ctx),
  'documents.rules.save': (input, ctx) => saveRule(ctx, input),
  'documents.rules.delete': (input, ctx) => deleteRule(ctx, input.id),
  'documents.rules.test': (input, ctx) => testRule(ctx, input),
  'documents.versions.upload': (input, ctx) => uploadVersion(ctx, input),
  'documents.items.hold': (input, ctx) => setHold(ctx, input.id, input.hold),
  'documents.items.trash': (input, ctx) => trashDocuments(ctx, input.ids),
  'documents.trash.restore': (input, ctx) => restoreDocuments(ctx, input.ids),
  'documents.trash.empty': (input, ctx) => emptyTrash(ctx, input.ids),
  'documents.trash.list': (q, ctx) => listTrash(ctx, q),
  'documents.retention.list': (q, ctx) => listRetention(ctx, q),
}
