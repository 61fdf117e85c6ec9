import { EntitySchema } from 'typeorm'

export interface SettingRecord {
  key: string
  /** JSON text. */
  value: string
}

export const SettingEntity = new EntitySchema<SettingRecord>({
  name: 'Setting',
  tableName: 'settings',
  columns: {
    key: { type: 'text', primary: true },
    value: { type: 'text' },
  },
})
