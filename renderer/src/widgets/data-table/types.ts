import type { ReactNode } from 'react'
import type { ColumnDef, RowData, SortingState } from '@tanstack/react-table'
import type { ColumnFilter, FilterOp } from '../../../../modules/core/rpc'
import type { ExportKind } from '../../../../modules/core/contract'
import type { ListMethod, RowOf } from '../../api/hooks'

export type FilterKind = 'text' | 'select' | 'date' | 'number'
export type OptionValue = string | number | boolean

export interface FilterOption {
  value: OptionValue
  /** i18n key (with namespace, e.g. `admin:roles.admin`) */
  labelKey?: string
  label?: string
}

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** i18n key of the header (with namespace, e.g. `admin:audit.col.seq`). */
    labelKey?: string
    filter?: FilterKind
    /** Operator sent for text filters (default `contains`). */
    filterOp?: FilterOp
    options?: FilterOption[]
    align?: 'start' | 'center' | 'end'
    /** Initial width in px (overridden by the user's remembered size). */
    width?: number
    /** Left out of exports when false. */
    exportable?: boolean
    /**
     * The raw value is integer money (centimes) or a quantity (thousandths): exports write it as a
     * decimal ("450.00", "46") instead of the wire integer. Set it on every formatMoney/formatQty column.
     */
    exportAs?: ExportKind
    /** Monospace, left-to-right content (codes, hashes, ids) — stays LTR in Arabic. */
    mono?: boolean
  }
}

export interface DataTableProps<M extends ListMethod> {
  /** Stable id: remembered preferences live under `table.<tableId>`. */
  tableId: string
  /** A list method (answers `ListQuery` with `Page<Row>`). */
  method: M
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<RowOf<M>, any>[]
  /** Filters always sent (not shown, not reset). */
  filters?: ColumnFilter[]
  /** Row identity (selection, keys); defaults to `row.id` then the row index. */
  getRowId?: (row: RowOf<M>) => string
  onRowOpen?: (row: RowOf<M>) => void
  /** Content of a trailing actions cell (buttons, menu). */
  rowActions?: (row: RowOf<M>) => ReactNode
  /** Extra controls in the toolbar (e.g. a "New" button). */
  toolbar?: ReactNode
  /** Checkbox column; default true. */
  selectable?: boolean
  /** Shown in the toolbar while rows are selected. */
  selectionActions?: (ids: string[], clear: () => void) => ReactNode
  defaultSort?: SortingState
  defaultPageSize?: PageSize
  /** Export menu; default true. */
  exportable?: boolean
  /** Base file name of exports (default: tableId). */
  exportName?: string
  /** Hidden columns when the user has no remembered preference. */
  defaultHidden?: string[]
  /** Row height in px (default 38). */
  rowHeight?: number
  /** Fixed height instead of filling the parent (which must then be a flex column). */
  height?: number | string
}

export const PAGE_SIZES = [25, 50, 100, 200] as const
export type PageSize = number

export interface TablePrefs {
  visibility?: Record<string, boolean>
  order?: string[]
  pageSize?: number
  sizes?: Record<string, number>
}
