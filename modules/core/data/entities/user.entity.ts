import { EntitySchema } from 'typeorm'

export interface UserRecord {
  id: string
  username: string
  fullName: string
  passwordHash: string
  /** JSON array of role ids. */
  roles: string
  language: string
  active: boolean
  failedLogins: number
  lockedUntil: string | null
  lastLoginAt: string | null
  createdAt: string
  updatedAt: string
}

export const UserEntity = new EntitySchema<UserRecord>({
  name: 'User',
  tableName: 'users',
  columns: {
    id: { type: 'text', primary: true },
    username: { type: 'text', unique: true },
    fullName: { type: 'text', name: 'full_name' },
    passwordHash: { type: 'text', name: 'password_hash' },
    roles: { type: 'text' },
    language: { type: 'text' },
    active: { type: 'boolean' },
    failedLogins: { type: 'integer', name: 'failed_logins' },
    lockedUntil: { type: 'text', name: 'locked_until', nullable: true },
    lastLoginAt: { type: 'text', name: 'last_login_at', nullable: true },
    createdAt: { type: 'text', name: 'created_at' },
    updatedAt: { type: 'text', name: 'updated_at' },
  },
})
