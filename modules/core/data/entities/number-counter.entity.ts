import { EntitySchema } from 'typeorm'

export interface NumberCounterRecord {
  seriesKey: string
  siteCode: string
  /** 0 for a series that does not restart every year. */
  year: number
  lastValue: number
}

export const NumberCounterEntity = new EntitySchema<NumberCounterRecord>({
  name: 'NumberCounter',
  tableName: 'number_counters',
  columns: {
    seriesKey: { type: 'text', primary: true, name: 'series_key' },
    siteCode: { type: 'text', primary: true, name: 'site_code' },
    year: { type: 'integer', primary: true },
    lastValue: { type: 'integer', name: 'last_value' },
  },
})
