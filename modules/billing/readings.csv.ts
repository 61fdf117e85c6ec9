/**
 * Handheld CSV files (pure parsing): a header row naming the columns, `;` or `,` separated, quotes allowed.
 * Columns (case-insensitive, FR/EN names): meter|compteur|serial, contract|contrat, date, index, code, note.
 * Index in m³ / kWh with an optional decimal part (`,` or `.`), returned in thousandths. Dates YYYY-MM-DD or DD/MM/YYYY.
 */
export interface CsvReadingRow {
  /** Line number in the file (header = 1). */
  line: number
  meter: string
  contract: string
  date: string
  index: string
  code: string
  note: string
}

const ALIASES: Record<keyof Omit<CsvReadingRow, 'line'>, string[]> = {
  meter: ['meter', 'compteur', 'serial', 'serie', 'serialno', 'meter_serial'],
  contract: ['contract', 'contrat', 'contract_number', 'numero_contrat'],
  date: ['date', 'date_releve', 'reading_date'],
  index: ['index', 'releve', 'reading'],
  code: ['code', 'anomalie', 'status'],
  note: ['note', 'remarque', 'comment'],
}

/** Codes meaning the reader could not reach the meter (an estimate is made). */
export const NOT_REACHED_CODES = ['NR', 'NOT_REACHED', 'NA', 'ABS', 'ABSENT', 'INACCESSIBLE']

function splitLine(line: string, sep: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"'
        i++
      } else if (ch === '"') quoted = false
      else cur += ch
    } else if (ch === '"') quoted = true
    else if (ch === sep) {
      out.push(cur)
      cur = ''
    } else cur += ch
  }
  out.push(cur)
  return out.map((c) => c.trim())
}

export function parseReadingsCsv(text: string): { rows: CsvReadingRow[]; missingColumns: string[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const header = lines[0] ?? ''
  const sep = (header.match(/;/g)?.length ?? 0) >= (header.match(/,/g)?.length ?? 0) ? ';' : ','
  const names = splitLine(header, sep).map((h) => h.toLowerCase().replace(/\s+/g, '_'))
  const col = {} as Record<keyof typeof ALIASES, number>
  for (const key of Object.keys(ALIASES) as (keyof typeof ALIASES)[]) col[key] = names.findIndex((n) => ALIASES[key].includes(n))
  const missingColumns = [...(col.meter < 0 && col.contract < 0 ? ['meter|contract'] : []), ...(col.date < 0 ? ['date'] : []), ...(col.index < 0 ? ['index'] : [])]
  const rows: CsvReadingRow[] = []
  lines.slice(1).forEach((raw, i) => {
    if (raw.trim() === '') return
    const cells = splitLine(raw, sep)
    const get = (k: keyof typeof ALIASES) => (col[k] >= 0 ? (cells[col[k]] ?? '') : '')
    rows.push({ line: i + 2, meter: get('meter'), contract: get('contract'), date: get('date'), index: get('index'), code: get('code').toUpperCase(), note: get('note') })
  })
  return { rows, missingColumns }
}

/** `2026-11-30` or `30/11/2026` → `2026-11-30`; null when not a real date. */
export function parseCsvDate(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text)
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : fr ? [fr[3], fr[2].padStart(2, '0'), fr[1].padStart(2, '0')] : []
  if (!y) return null
  const date = `${y}-${m}-${d}`
  const parsed = new Date(`${date}T00:00:00Z`)
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date ? null : date
}

/** `1234`, `1 234,5`, `1234.567` (m³ / kWh) → thousandths; null when not a non-negative number with ≤ 3 decimals. */
export function parseCsvIndex(text: string): number | null {
  const clean = text.replace(/[\s\u00a0]/g, '').replace(',', '.')
  const m = /^(\d{1,12})(?:\.(\d{1,3}))?$/.exec(clean)
  if (!m) return null
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0') || '0')
}
