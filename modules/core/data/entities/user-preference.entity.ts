import { EntitySchema } from 'typeorm'

export interface UserPreferenceRecord {
  userId: string
  key: string
  /** JSON text. */
  value: string
}

export const UserPreferenceEntity = new EntitySchema<UserPreferenceRecord>({
  name: 'UserPreference',
  tableName: 'user_preferences',
  columns: {
    userId: { type: 'text', primary: true, name: 'user_id' },
    key: { type: 'text', primary: true },
    value: { type: 'text' },
  },
})
