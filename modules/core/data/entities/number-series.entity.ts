import { EntitySchema } from 'typeorm'

export interface NumberSeriesRecord {
  key: string
  label: string
  prefix: string
  padding: number
  yearly: boolean
}

export const NumberSeriesEntity = new EntitySchema<NumberSeriesRecord>({
  name: 'NumberSeries',
  tableName: 'number_series',
  columns: {
    key: { type: 'text', primary: true },
    label: { type: 'text' },
    prefix: { type: 'text' },
    padding: { type: 'integer' },
    yearly: { type: 'boolean' },
  },
})
