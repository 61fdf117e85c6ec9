import { EntitySchema } from 'typeorm'

export interface AuditEntryRecord {
  seq: number
  id: string
  at: string
  userId: string | null
  username: string | null
  action: string
  entity: string
  entityId: string | null
  /** Canonical JSON text (hashed as stored). */
  before: string | null
  after: string | null
  prevHash: string
  hash: string
}

export const AuditEntryEntity = new EntitySchema<AuditEntryRecord>({
  name: 'AuditEntry',
  tableName: 'audit_log',
  columns: {
    seq: { type: 'integer', primary: true, generated: 'increment' },
    id: { type: 'text' },
    at: { type: 'text' },
    userId: { type: 'text', name: 'user_id', nullable: true },
    username: { type: 'text', nullable: true },
    action: { type: 'text' },
    entity: { type: 'text' },
    entityId: { type: 'text', name: 'entity_id', nullable: true },
    before: { type: 'text', nullable: true },
    after: { type: 'text', nullable: true },
    prevHash: { type: 'text', name: 'prev_hash' },
    hash: { type: 'text' },
  },
})
