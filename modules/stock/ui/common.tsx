/** Shared pieces of the stock screens: labels, badges, pickers and error messages. */
import { useMemo, useState, type ReactNode } from 'react'
import { Badge, Group, Select, Text, type SelectProps } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import i18n from 'i18next'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import {
  STOCK_CATEGORIES,
  type BinRow,
  type DepotRow,
  type ItemRow,
  type MoveKind,
  type NegativeStockDetails,
  type SerialStatus,
  type StockUom,
  type WholeUnitsDetails,
} from '../contract'
import { currentLanguage, errorMessage, formatMoney, formatQty, isRpcFailure, useRpcQuery } from '../../../renderer/src/ui-kit'

export const NS = 'stock'

/** The item's name in the UI language (Arabic when there is one). */
export function itemName(item: { nameFr?: string; nameAr?: string; itemName?: string; itemNameAr?: string }): string {
  const fr = item.nameFr ?? item.itemName ?? ''
  const ar = item.nameAr ?? item.itemNameAr ?? ''
  return currentLanguage() === 'ar' && ar ? ar : fr
}

export const uomLabel = (t: TFunction, uom: StockUom | string): string => t(`stock:uom.${uom}`, { defaultValue: uom })

/** A quantity of thousandths with the item's translated unit. */
export const qtyText = (t: TFunction, thousandths: number, uom?: StockUom | string): string =>
  formatQty(thousandths, uom ? uomLabel(t, uom) : undefined)

export const categoryLabel = (t: TFunction, category: string): string =>
  (STOCK_CATEGORIES as readonly string[]).includes(category) ? t(`stock:categories.${category}`) : category

export const categoryOptions = STOCK_CATEGORIES.map((c) => ({ value: c, labelKey: `stock:categories.${c}` }))

const KIND_COLORS: Record<MoveKind, string> = {
  receipt: 'teal',
  issue: 'orange',
  transfer: 'blue',
  adjustment: 'grape',
  count_variance: 'yellow',
  reversal: 'red',
}
export function KindBadge({ kind }: { kind: MoveKind }) {
  const { t } = useTranslation(NS)
  return (
    <Badge size="sm" variant="light" radius="sm" color={KIND_COLORS[kind]} data-testid="move-kind" data-kind={kind}>
      {t(`kinds.${kind}`)}
    </Badge>
  )
}

const STATUS_COLORS: Record<SerialStatus, string> = { in_stock: 'teal', installed: 'blue', removed: 'orange', scrapped: 'gray' }
export function SerialStatusBadge({ status }: { status: SerialStatus }) {
  const { t } = useTranslation(NS)
  return (
    <Badge size="sm" variant="light" radius="sm" color={STATUS_COLORS[status]} data-testid="serial-status" data-status={status}>
      {t(`serialStatus.${status}`)}
    </Badge>
  )
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation(NS)
  return (
    <Badge size="sm" variant="light" radius="sm" color={active ? 'teal' : 'gray'} data-testid="active-badge" data-active={active}>
      {active ? t('common.active') : t('common.inactive')}
    </Badge>
  )
}

export const activeOptions = [
  { value: true, labelKey: 'stock:common.active' },
  { value: false, labelKey: 'stock:common.inactive' },
]

/** Code in monospace, LTR even in Arabic. */
export function Mono({ children, fw }: { children: ReactNode; fw?: number }) {
  return (
    <Text span fz="sm" fw={fw} className="mono-ltr">
      {children}
    </Text>
  )
}

/** A label/value pair of a detail panel. */
export function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Text fz="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text fz="sm" component="div">
        {children || '—'}
      </Text>
    </div>
  )
}

/**
 * A translated message for a stock error: module codes (NEGATIVE_STOCK with the available quantity,
 * SERIAL_STATE, ALREADY_REVERSED, VALIDATION of a whole-unit item with decimals) from the `stock:errors`
 * namespace, the generic ones from the shell.
 */
export function stockErrorMessage(e: unknown, t: TFunction, resolve?: { binCode?: (id: string) => string | undefined }): string {
  if (isRpcFailure(e)) {
    const d = (e.details ?? {}) as Record<string, unknown>
    if (e.code === 'NEGATIVE_STOCK') {
      const n = d as unknown as Partial<NegativeStockDetails>
      const bin = n.binId ? (resolve?.binCode?.(n.binId) ?? '') : ''
      const args = {
        item: n.itemCode ?? '',
        bin,
        site: n.siteCode ?? '',
        available: formatQty(n.available ?? 0),
        requested: formatQty(n.requested ?? 0),
        date: n.date ?? '',
      }
      return bin ? t('stock:errors.NEGATIVE_STOCK', args) : t('stock:errors.NEGATIVE_STOCK_SITE', args)
    }
    if (e.code === 'APPROVAL_REQUIRED') {
      return t('stock:errors.APPROVAL_REQUIRED', { value: formatMoney(Number(d.totalAbsValue ?? 0)), threshold: formatMoney(Number(d.threshold ?? 0)) })
    }
    if (e.code === 'VALIDATION' && d.reason === 'WHOLE_UNITS') {
      const w = d as unknown as Partial<WholeUnitsDetails>
      const args = { item: w.itemCode ?? '', uom: uomLabel(t, w.uom ?? ''), line: w.line ?? '', move: w.move ?? '', qty: formatQty(w.qty ?? 0) }
      return t(w.move ? 'stock:errors.WHOLE_UNITS_BULK' : 'stock:errors.WHOLE_UNITS', args)
    }
    if (e.code === 'SERIAL_STATE') {
      const status = typeof d.status === 'string' ? t(`stock:serialStatus.${d.status}`, { defaultValue: d.status }) : '—'
      return t('stock:errors.SERIAL_STATE', { serial: String(d.serialNo ?? ''), status })
    }
    if (e.code === 'CONFLICT' && d.reason === 'TRANSFER_LEG') return t('stock:transfers.errors.TRANSFER_LEG')
    if (i18n.exists(`stock:errors.${e.code}`)) return t(`stock:errors.${e.code}`)
  }
  return errorMessage(e, t)
}

// ---------------------------------------------------------------------------------------------
// Reference data: depots and bins are few; load them whole (first 1000) and cache.

const ALL = { page: 0, pageSize: 1000, sort: [{ id: 'code', desc: false }] }

export function useDepots() {
  const q = useRpcQuery('stock.depots.list', ALL, { staleTime: 60_000 })
  return { depots: (q.data?.rows ?? []) as DepotRow[], isLoading: q.isLoading }
}

export function useBins() {
  const q = useRpcQuery(
    'stock.bins.list',
    { page: 0, pageSize: 1000, sort: [{ id: 'depotCode', desc: false }, { id: 'code', desc: false }] },
    { staleTime: 60_000 },
  )
  const bins = useMemo(() => (q.data?.rows ?? []) as BinRow[], [q.data])
  const byId = useMemo(() => new Map(bins.map((b) => [b.id, b])), [bins])
  return { bins, byId, isLoading: q.isLoading }
}

export const binLabel = (b: Pick<BinRow, 'depotCode' | 'code'>) => `${b.depotCode} / ${b.code}`

/** Bins grouped by depot for a Select (active ones, plus the current value). */
export function BinSelect({ value, onChange, ...rest }: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value: string | null; onChange: (v: string | null) => void }) {
  const { bins } = useBins()
  const data = useMemo(() => {
    const groups = new Map<string, { value: string; label: string }[]>()
    for (const b of bins) {
      if (!b.active && b.id !== value) continue
      const g = groups.get(b.depotCode) ?? []
      g.push({ value: b.id, label: binLabel(b) })
      groups.set(b.depotCode, g)
    }
    return [...groups.entries()].map(([group, items]) => ({ group, items }))
  }, [bins, value])
  return <Select searchable data={data} value={value} onChange={(v) => onChange(v)} comboboxProps={{ withinPortal: true }} {...rest} />
}

export function DepotSelect({ value, onChange, ...rest }: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value: string | null; onChange: (v: string | null) => void }) {
  const { depots } = useDepots()
  const data = useMemo(() => depots.map((d) => ({ value: d.id, label: `${d.code} — ${d.name}` })), [depots])
  return <Select searchable clearable data={data} value={value} onChange={(v) => onChange(v)} comboboxProps={{ withinPortal: true }} {...rest} />
}

/** Searchable item picker over stock.items.list (server-side search by code or name). */
export function ItemSelect({
  value,
  onChange,
  activeOnly = true,
  ...rest
}: Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  value: string | null
  onChange: (id: string | null, item: ItemRow | null) => void
  activeOnly?: boolean
}) {
  const { t } = useTranslation(NS)
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search.trim(), 250)
  const [picked, setPicked] = useState<ItemRow | null>(null)
  const q = useRpcQuery(
    'stock.items.list',
    {
      page: 0,
      pageSize: 30,
      sort: [{ id: 'code', desc: false }],
      filters: activeOnly ? [{ id: 'active', op: 'equals', value: true }] : [],
      ...(debounced && debounced !== picked?.code ? { search: debounced } : {}),
    },
    { staleTime: 30_000 },
  )
  const rows = useMemo(() => (q.data?.rows ?? []) as ItemRow[], [q.data])
  const data = useMemo(() => {
    const list = picked && !rows.some((r) => r.id === picked.id) ? [picked, ...rows] : rows
    return list.map((r) => ({ value: r.id, label: `${r.code} — ${itemName(r)}` }))
  }, [rows, picked])
  return (
    <Select
      searchable
      clearable
      data={data}
      value={value}
      filter={({ options }) => options}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={q.isFetching ? t('common.searching') : t('common.nothingFound')}
      onChange={(v) => {
        const row = [...rows, ...(picked ? [picked] : [])].find((r) => r.id === v) ?? null
        setPicked(row)
        onChange(v, row)
      }}
      comboboxProps={{ withinPortal: true }}
      {...rest}
    />
  )
}

/** A toolbar filter chip row: label + control, compact. */
export function ToolbarField({ children }: { children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap">
      {children}
    </Group>
  )
}

export const todayIso = (): string => {
  const d = new Date()
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}
