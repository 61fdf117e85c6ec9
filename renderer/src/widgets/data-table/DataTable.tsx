import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import {
  ActionIcon,
  Alert,
  Box,
  Button,
  Checkbox,
  CloseButton,
  Group,
  Menu,
  Skeleton,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Tooltip,
  useDirection,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import {
  IconAlertTriangle,
  IconArrowDown,
  IconArrowUp,
  IconArrowsSort,
  IconDownload,
  IconFileSpreadsheet,
  IconFileTypeCsv,
  IconFilterOff,
  IconSearch,
  IconX,
} from '@tabler/icons-react'
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type ColumnSizingState,
  type RowSelectionState,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useTranslation } from 'react-i18next'
import type { ColumnFilter, ListQuery } from '../../../../modules/core/rpc'
import { invoke } from '../../api/client'
import { useListQuery, type ListMethod, type RowOf } from '../../api/hooks'
import { errorMessage } from '../../i18n/format'
import { ColumnsMenu } from './ColumnsMenu'
import { downloadFile } from './download'
import { FilterCell, type FilterDraft } from './FilterCell'
import { Pager } from './Pager'
import { useInitialPrefs, useSavePrefs } from './prefs'
import type { DataTableProps } from './types'
import classes from './DataTable.module.css'

const SELECT_COL = '_select'
const ACTIONS_COL = '_actions'
const isUtility = (id: string) => id === SELECT_COL || id === ACTIONS_COL

function draftToFilter(
  id: string,
  kind: string | undefined,
  draft: FilterDraft,
  meta: { filterOp?: ColumnFilter['op']; options?: { value: string | number | boolean }[] } | undefined,
): ColumnFilter[] {
  if (draft == null) return []
  if (Array.isArray(draft)) {
    const [from, to] = draft
    // Date-only bounds: the list helper makes an upper bound include the whole day.
    const end = to ? to.slice(0, 10) : null
    const start = from ? from.slice(0, 10) : null
    if (start && end) return [{ id, op: 'between', value: [start, end] }]
    if (start) return [{ id, op: 'gte', value: start }]
    if (end) return [{ id, op: 'lte', value: end }]
    return []
  }
  const v = draft.trim()
  if (!v) return []
  if (kind === 'select') {
    const opt = meta?.options?.find((o) => String(o.value) === v)
    return [{ id, op: meta?.filterOp ?? 'equals', value: opt ? opt.value : v }]
  }
  if (kind === 'number') {
    const n = Number(v.replace(/\s/g, '').replace(',', '.'))
    return Number.isFinite(n) ? [{ id, op: 'equals', value: n }] : []
  }
  return [{ id, op: meta?.filterOp ?? 'contains', value: v }]
}

export function DataTable<M extends ListMethod>(props: DataTableProps<M>) {
  type Row = RowOf<M>
  const {
    tableId,
    method,
    columns,
    filters: fixedFilters,
    onRowOpen,
    rowActions,
    toolbar,
    selectable = true,
    selectionActions,
    defaultSort = [],
    defaultPageSize = 50,
    exportable = true,
    exportName,
    defaultHidden = [],
    rowHeight = 38,
    height,
  } = props
  const { t } = useTranslation()
  const { dir } = useDirection()
  const prefs = useInitialPrefs(tableId)

  const dataColumnIds = useMemo(
    () => columns.map((c) => c.id ?? (c as { accessorKey?: string }).accessorKey ?? '').filter(Boolean),
    [columns],
  )
  const defaultVisibility = useMemo(() => Object.fromEntries(defaultHidden.map((id) => [id, false])), [defaultHidden])

  const [sorting, setSorting] = useState<SortingState>(defaultSort)
  const [pageIndex, setPageIndex] = useState(0)
  const [pageSize, setPageSize] = useState<number>(prefs.pageSize ?? defaultPageSize)
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>(prefs.visibility ?? defaultVisibility)
  const [order, setOrder] = useState<string[]>(() => {
    const saved = (prefs.order ?? []).filter((id) => dataColumnIds.includes(id))
    return [...saved, ...dataColumnIds.filter((id) => !saved.includes(id))]
  })
  const [columnSizing, setColumnSizing] = useState<ColumnSizingState>(prefs.sizes ?? {})
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({})
  const [filterDraft, setFilterDraft] = useState<Record<string, FilterDraft>>({})
  const [searchDraft, setSearchDraft] = useState('')
  const [active, setActive] = useState(0)

  useSavePrefs(tableId, { visibility: columnVisibility, order, pageSize, sizes: columnSizing })

  const [debFilters] = useDebouncedValue(filterDraft, 350)
  const [debSearch] = useDebouncedValue(searchDraft.trim(), 350)

  const colFilters = useMemo(() => {
    const out: ColumnFilter[] = []
    for (const c of columns) {
      const id = c.id ?? (c as { accessorKey?: string }).accessorKey
      if (!id || !(id in debFilters)) continue
      out.push(...draftToFilter(id, c.meta?.filter, debFilters[id] ?? null, c.meta))
    }
    return out
  }, [columns, debFilters])

  const query = useMemo<ListQuery>(
    () => ({
      page: pageIndex,
      pageSize,
      sort: sorting.map((s) => ({ id: s.id, desc: s.desc })),
      filters: [...(fixedFilters ?? []), ...colFilters],
      ...(debSearch ? { search: debSearch } : {}),
    }),
    [pageIndex, pageSize, sorting, fixedFilters, colFilters, debSearch],
  )

  // A new filter, search or sort starts again from the first page.
  const criteriaKey = JSON.stringify([fixedFilters, colFilters, debSearch, sorting])
  const lastCriteria = useRef(criteriaKey)
  useEffect(() => {
    if (lastCriteria.current !== criteriaKey) {
      lastCriteria.current = criteriaKey
      setPageIndex(0)
    }
  }, [criteriaKey])

  const effectiveQuery = lastCriteria.current === criteriaKey ? query : { ...query, page: 0 }
  const result = useListQuery(method, effectiveQuery)
  const rows = useMemo(() => (result.data?.rows ?? []) as Row[], [result.data])
  const total = result.data?.total ?? 0
  const pages = Math.max(1, Math.ceil(total / pageSize))

  // Keep the page inside the range when the total shrinks.
  useEffect(() => {
    if (result.data && !result.isPlaceholderData && pageIndex > 0 && pageIndex >= pages) setPageIndex(pages - 1)
  }, [result.data, result.isPlaceholderData, pageIndex, pages])

  const allColumns = useMemo<ColumnDef<Row, unknown>[]>(() => {
    const cols: ColumnDef<Row, unknown>[] = []
    if (selectable)
      cols.push({
        id: SELECT_COL,
        size: 44,
        minSize: 44,
        maxSize: 44,
        enableSorting: false,
        enableHiding: false,
        enableResizing: false,
        header: ({ table }) => (
          <Checkbox
            size="xs"
            aria-label={t('table.selectPage')}
            data-testid="dt-select-page"
            checked={table.getIsAllPageRowsSelected()}
            indeterminate={table.getIsSomePageRowsSelected()}
            onChange={(e) => table.toggleAllPageRowsSelected(e.currentTarget.checked)}
          />
        ),
        cell: ({ row }) => (
          <Checkbox
            size="xs"
            aria-label={t('table.selectRow')}
            data-testid="dt-row-select"
            checked={row.getIsSelected()}
            onChange={(e) => row.toggleSelected(e.currentTarget.checked)}
            onClick={(e) => e.stopPropagation()}
            tabIndex={-1}
          />
        ),
      })
    for (const c of columns) {
      const size = c.size ?? c.meta?.width
      cols.push({ sortDescFirst: false, ...c, ...(size ? { size } : {}) } as ColumnDef<Row, unknown>)
    }
    if (rowActions)
      cols.push({
        id: ACTIONS_COL,
        size: 64,
        enableSorting: false,
        enableHiding: false,
        enableResizing: false,
        header: () => <VisuallyHiddenText>{t('common.actions')}</VisuallyHiddenText>,
        cell: ({ row }) => (
          <Group gap={2} justify="flex-end" wrap="nowrap" onClick={(e) => e.stopPropagation()}>
            {rowActions(row.original)}
          </Group>
        ),
      })
    return cols
  }, [columns, selectable, rowActions, t])

  const getRowId = useCallback(
    (row: Row, index: number) => {
      if (props.getRowId) return props.getRowId(row)
      const r = row as { id?: unknown; key?: unknown; seq?: unknown }
      const id = r.id ?? r.key ?? r.seq
      return id != null ? String(id) : `${pageIndex}:${index}`
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.getRowId, pageIndex],
  )

  const columnOrder = useMemo(() => [SELECT_COL, ...order, ACTIONS_COL], [order])
  const table = useReactTable<Row>({
    data: rows,
    columns: allColumns,
    getCoreRowModel: getCoreRowModel(),
    getRowId,
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    rowCount: total,
    enableMultiSort: true,
    enableSortingRemoval: false,
    maxMultiSortColCount: 5,
    isMultiSortEvent: (e) => !!(e as MouseEvent).shiftKey,
    enableRowSelection: selectable,
    columnResizeMode: 'onChange',
    columnResizeDirection: dir,
    defaultColumn: { size: 160, minSize: 60, maxSize: 900 },
    state: {
      sorting,
      pagination: { pageIndex, pageSize },
      columnVisibility,
      columnOrder,
      columnSizing,
      rowSelection,
    },
    onSortingChange: setSorting,
    onPaginationChange: (u) => {
      const next = typeof u === 'function' ? u({ pageIndex, pageSize }) : u
      setPageIndex(next.pageIndex)
      setPageSize(next.pageSize)
    },
    onColumnVisibilityChange: setColumnVisibility,
    onColumnSizingChange: setColumnSizing,
    onRowSelectionChange: setRowSelection,
  })

  // ------------------------------------------------------------------ virtual rows
  const scrollerRef = useRef<HTMLDivElement>(null)
  const headRef = useRef<HTMLTableSectionElement>(null)
  const tableRows = table.getRowModel().rows
  const virtualizer = useVirtualizer({
    count: tableRows.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  })
  const vItems = virtualizer.getVirtualItems()
  const padTop = vItems.length ? vItems[0]!.start : 0
  const padBottom = vItems.length ? virtualizer.getTotalSize() - vItems[vItems.length - 1]!.end : 0

  // New page: back to the top, first row active.
  const pageKey = `${result.data?.page ?? -1}:${JSON.stringify(effectiveQuery)}`
  useEffect(() => {
    setActive(0)
    scrollerRef.current?.scrollTo({ top: 0 })
  }, [pageKey])

  const ensureVisible = useCallback(
    (index: number) => {
      const el = scrollerRef.current
      if (!el) return
      const head = headRef.current?.offsetHeight ?? 0
      const top = index * rowHeight
      if (top < el.scrollTop) el.scrollTop = top
      else if (top + rowHeight + head > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight + head - el.clientHeight
    },
    [rowHeight],
  )

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement
    if (target !== e.currentTarget && target.closest('input, textarea, select, button, [role="combobox"], [contenteditable]')) return
    const n = tableRows.length
    let next: number
    switch (e.key) {
      case 'ArrowDown':
        next = Math.min(n - 1, active + 1)
        break
      case 'ArrowUp':
        next = Math.max(0, active - 1)
        break
      case 'Home':
        next = 0
        break
      case 'End':
        next = n - 1
        break
      case 'PageDown':
        if (pageIndex < pages - 1) setPageIndex(pageIndex + 1)
        e.preventDefault()
        return
      case 'PageUp':
        if (pageIndex > 0) setPageIndex(pageIndex - 1)
        e.preventDefault()
        return
      case 'Enter': {
        const row = tableRows[active]
        if (row && onRowOpen) onRowOpen(row.original)
        e.preventDefault()
        return
      }
      case ' ': {
        const row = tableRows[active]
        if (row && selectable) row.toggleSelected()
        e.preventDefault()
        return
      }
      default:
        return
    }
    e.preventDefault()
    if (n === 0) return
    setActive(next)
    ensureVisible(next)
  }

  // ------------------------------------------------------------------ actions
  const hasCriteria = searchDraft.trim() !== '' || Object.values(filterDraft).some((v) => v != null && v !== '')
  const resetFilters = () => {
    setFilterDraft({})
    setSearchDraft('')
  }
  const resetColumns = () => {
    setColumnVisibility(defaultVisibility)
    setOrder(dataColumnIds)
    setColumnSizing({})
  }
  const selectedIds = Object.keys(rowSelection).filter((k) => rowSelection[k])

  const [exporting, setExporting] = useState(false)
  const runExport = async (format: 'csv' | 'xlsx') => {
    const cols = table
      .getVisibleLeafColumns()
      .filter((c) => !isUtility(c.id) && c.columnDef.meta?.exportable !== false)
      .map((c) => {
        const meta = c.columnDef.meta
        return { id: c.id, label: meta?.labelKey ? t(meta.labelKey) : c.id, ...(meta?.exportAs ? { kind: meta.exportAs } : {}) }
      })
    const id = notifications.show({ loading: true, message: t('table.exporting'), autoClose: false, withCloseButton: false })
    setExporting(true)
    try {
      const file = await invoke('core.export.run', {
        method,
        query: { ...effectiveQuery, page: 0 },
        columns: cols,
        format,
        filename: (exportName ?? tableId).replace(/[^\w .-]/g, '_').slice(0, 80),
      })
      downloadFile(file)
      notifications.update({ id, loading: false, color: 'teal', message: t('table.exported', { count: file.rows }), autoClose: 3000, withCloseButton: true })
    } catch (e) {
      notifications.update({ id, loading: false, color: 'red', message: errorMessage(e, t), autoClose: 6000, withCloseButton: true })
    } finally {
      setExporting(false)
    }
  }

  // ------------------------------------------------------------------ render
  const visibleCols = table.getVisibleLeafColumns()
  const state = result.isError && !result.data ? 'error' : !result.data ? 'loading' : rows.length === 0 ? 'empty' : 'ready'
  const refreshing = result.isFetching && !!result.data

  let body: ReactNode
  if (state === 'loading') {
    body = Array.from({ length: 10 }, (_, i) => (
      <tr key={i} style={{ height: rowHeight }}>
        {visibleCols.map((c) => (
          <td key={c.id} className={classes.td}>
            <Skeleton height={10} radius="sm" width={`${50 + ((i * 17 + c.id.length * 7) % 45)}%`} />
          </td>
        ))}
      </tr>
    ))
  } else if (state === 'error' || state === 'empty') {
    body = (
      <tr>
        <td colSpan={visibleCols.length} className={classes.stateCell}>
          {state === 'error' ? (
            <Stack align="center" gap="sm" py={48} data-testid="dt-error">
              <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('table.error')} maw={520}>
                {errorMessage(result.error, t)}
              </Alert>
              <Button variant="light" size="xs" onClick={() => void result.refetch()}>
                {t('common.retry')}
              </Button>
            </Stack>
          ) : (
            <Stack align="center" gap={6} py={56} data-testid="dt-empty">
              <ThemeIcon size={48} radius="xl" variant="light" color="gray">
                <IconSearch size={24} />
              </ThemeIcon>
              <Text fw={600}>{t('table.empty')}</Text>
              <Text fz="sm" c="dimmed">
                {t('table.emptyHint')}
              </Text>
              {hasCriteria && (
                <Button mt={6} variant="light" size="xs" leftSection={<IconFilterOff size={14} />} onClick={resetFilters} data-testid="dt-reset-filters">
                  {t('table.resetFilters')}
                </Button>
              )}
            </Stack>
          )}
        </td>
      </tr>
    )
  } else {
    body = (
      <>
        {padTop > 0 && <tr style={{ height: padTop }} aria-hidden />}
        {vItems.map((vi) => {
          const row = tableRows[vi.index]!
          const isActive = vi.index === active
          return (
            <tr
              key={row.id}
              data-testid="dt-row"
              data-row-id={row.id}
              data-index={vi.index}
              data-active={isActive || undefined}
              aria-selected={row.getIsSelected()}
              aria-rowindex={pageIndex * pageSize + vi.index + 1}
              className={classes.tr}
              style={{ height: rowHeight }}
              onClick={() => {
                setActive(vi.index)
                onRowOpen?.(row.original)
              }}
            >
              {row.getVisibleCells().map((cell) => {
                const meta = cell.column.columnDef.meta
                const raw = cell.getValue()
                return (
                  <td
                    key={cell.id}
                    className={classes.td}
                    data-col={cell.column.id}
                    data-align={meta?.align}
                    data-mono={meta?.mono || undefined}
                    title={typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined}
                  >
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                )
              })}
            </tr>
          )
        })}
        {padBottom > 0 && <tr style={{ height: padBottom }} aria-hidden />}
      </>
    )
  }

  const anyFilter = visibleCols.some((c) => c.columnDef.meta?.filter)
  const sortCount = sorting.length

  return (
    <Box
      className={classes.root}
      data-testid="data-table"
      data-table-id={tableId}
      data-state={state}
      data-fetching={result.isFetching || undefined}
      aria-busy={result.isFetching}
      style={height != null ? { height } : { flex: 1, minHeight: 0 }}
    >
      <Group className={classes.toolbar} gap="xs" wrap="nowrap">
        <TextInput
          size="xs"
          w={260}
          data-testid="dt-search"
          aria-label={t('table.search')}
          placeholder={t('table.search')}
          leftSection={<IconSearch size={14} />}
          rightSection={searchDraft ? <CloseButton size="xs" onClick={() => setSearchDraft('')} aria-label={t('common.close')} /> : null}
          value={searchDraft}
          onChange={(e) => setSearchDraft(e.currentTarget.value)}
        />
        {hasCriteria && (
          <Tooltip label={t('table.resetFilters')}>
            <ActionIcon variant="subtle" color="gray" onClick={resetFilters} aria-label={t('table.resetFilters')} data-testid="dt-clear-filters">
              <IconFilterOff size={16} />
            </ActionIcon>
          </Tooltip>
        )}
        {toolbar}
        <Box style={{ flex: 1 }} />
        {selectedIds.length > 0 && (
          <Group gap={6} wrap="nowrap" data-testid="dt-selection">
            <Text fz="sm" fw={500}>
              {t('table.selected', { count: selectedIds.length })}
            </Text>
            {selectionActions?.(selectedIds, () => setRowSelection({}))}
            <Tooltip label={t('table.clearSelection')}>
              <ActionIcon variant="subtle" color="gray" size="sm" onClick={() => setRowSelection({})} aria-label={t('table.clearSelection')}>
                <IconX size={14} />
              </ActionIcon>
            </Tooltip>
          </Group>
        )}
        <ColumnsMenu table={table} order={order} setOrder={setOrder} onReset={resetColumns} />
        {exportable && (
          <Menu position="bottom-end" shadow="md" withinPortal>
            <Menu.Target>
              <Button variant="default" size="xs" leftSection={<IconDownload size={16} />} loading={exporting} data-testid="dt-export">
                {t('table.export')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconFileTypeCsv size={16} />} onClick={() => void runExport('csv')} data-testid="dt-export-csv">
                {t('table.exportCsv')}
              </Menu.Item>
              <Menu.Item leftSection={<IconFileSpreadsheet size={16} />} onClick={() => void runExport('xlsx')} data-testid="dt-export-xlsx">
                {t('table.exportXlsx')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>

      <div
        ref={scrollerRef}
        className={classes.scroller}
        tabIndex={0}
        role="grid"
        aria-rowcount={total}
        aria-colcount={visibleCols.length}
        aria-label={t('table.keyboardHint')}
        data-testid="dt-body"
        onKeyDown={onKeyDown}
      >
        {refreshing && <div className={classes.progress} data-testid="dt-loading" />}
        <table className={classes.table} style={{ minWidth: table.getTotalSize() }} data-refreshing={refreshing || undefined}>
          <colgroup>
            {visibleCols.map((c) => (
              <col key={c.id} style={{ width: c.getSize() }} />
            ))}
          </colgroup>
          <thead ref={headRef} className={classes.thead}>
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const meta = h.column.columnDef.meta
                  const sorted = h.column.getIsSorted()
                  const canSort = h.column.getCanSort()
                  const sortIdx = h.column.getSortIndex()
                  return (
                    <th
                      key={h.id}
                      className={classes.th}
                      data-col={h.column.id}
                      data-align={meta?.align}
                      data-testid={isUtility(h.column.id) ? undefined : `dt-header-${h.column.id}`}
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                      data-sorted={sorted || undefined}
                    >
                      {h.isPlaceholder ? null : canSort ? (
                        <button
                          type="button"
                          className={classes.sortButton}
                          onClick={h.column.getToggleSortingHandler()}
                          title={t('table.sortHint')}
                          data-testid={`dt-sort-${h.column.id}`}
                        >
                          <span className={classes.thLabel}>{meta?.labelKey ? t(meta.labelKey) : flexRender(h.column.columnDef.header, h.getContext())}</span>
                          <span className={classes.sortIcon} data-active={!!sorted || undefined}>
                            {sorted === 'asc' ? <IconArrowUp size={14} /> : sorted === 'desc' ? <IconArrowDown size={14} /> : <IconArrowsSort size={13} />}
                            {sorted && sortCount > 1 && <sup>{sortIdx + 1}</sup>}
                          </span>
                        </button>
                      ) : (
                        <span className={classes.thLabel}>{meta?.labelKey ? t(meta.labelKey) : flexRender(h.column.columnDef.header, h.getContext())}</span>
                      )}
                      {h.column.getCanResize() && (
                        <div
                          className={classes.resizer}
                          data-resizing={h.column.getIsResizing() || undefined}
                          onMouseDown={h.getResizeHandler()}
                          onTouchStart={h.getResizeHandler()}
                          onDoubleClick={() => h.column.resetSize()}
                          onClick={(e) => e.stopPropagation()}
                          role="separator"
                          aria-label={t('table.resize')}
                        />
                      )}
                    </th>
                  )
                })}
              </tr>
            ))}
            {anyFilter && (
              <tr className={classes.filterRow}>
                {visibleCols.map((c) => (
                  <th key={c.id} className={classes.filterTh}>
                    {c.columnDef.meta?.filter ? (
                      <FilterCell
                        column={c}
                        value={filterDraft[c.id] ?? null}
                        onChange={(v) => setFilterDraft((d) => ({ ...d, [c.id]: v }))}
                      />
                    ) : null}
                  </th>
                ))}
              </tr>
            )}
          </thead>
          <tbody>{body}</tbody>
        </table>
      </div>

      <div className={classes.footer}>
        <Pager
          page={pageIndex}
          pageSize={pageSize}
          total={total}
          onPage={(p) => setPageIndex(Math.max(0, Math.min(pages - 1, p)))}
          onPageSize={(s) => {
            setPageSize(s)
            setPageIndex(0)
          }}
        />
      </div>
    </Box>
  )
}

function VisuallyHiddenText({ children }: { children: ReactNode }) {
  return <span className={classes.srOnly}>{children}</span>
}
