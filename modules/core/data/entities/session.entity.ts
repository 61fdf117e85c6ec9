import { EntitySchema } from 'typeorm'

export interface SessionRecord {
  /** sha256 of the bearer token: the token itself is never stored. */
  tokenHash: string
  userId: string
  createdAt: string
  lastSeenAt: string
  expiresAt: string
}

export const SessionEntity = new EntitySchema<SessionRecord>({
  name: 'Session',
  tableName: 'sessions',
  columns: {
    tokenHash: { type: 'text', primary: true, name: 'token_hash' },
    userId: { type: 'text', name: 'user_id' },
    createdAt: { type: 'text', name: 'created_at' },
    lastSeenAt: { type: 'text', name: 'last_seen_at' },
    expiresAt: { type: 'text', name: 'expires_at' },
  },
})
