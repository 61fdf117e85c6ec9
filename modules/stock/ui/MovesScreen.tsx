import { useMemo, useState } from 'react'
import { Button, Text } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { useNavigate, useSearchParams } from 'react-router'
import { MOVE_KINDS, STOCK_PERMISSIONS, type MoveLineRow } from '../contract'
import { DataTable, Page, formatDate, formatMoney, useSession } from '../../../renderer/src/ui-kit'
import { DepotSelect, ItemSelect, KindBadge, Mono, NS, binLabel, qtyText, useBins } from './common'
import { MoveDrawer } from './MoveDrawer'

const col = createColumnHelper<MoveLineRow>()

/** `DEPOT / BIN` of a move line side (the bins list is cached). */
function BinCell({ id, code }: { id: string | null; code: string | null }) {
  const { byId } = useBins()
  const b = id ? byId.get(id) : undefined
  return <Mono>{b ? binLabel(b) : (code ?? '—')}</Mono>
}

/** Columns of a move-lines DataTable (moves list, item history). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function moveLineColumns(t: TFunction, opts: { withItem: boolean }): ColumnDef<MoveLineRow, any>[] {
  return [
    col.accessor('date', { meta: { labelKey: 'stock:moves.col.date', filter: 'date', width: 150 }, cell: (c) => formatDate(`${c.getValue()}T12:00:00`, 'date') }),
    col.accessor('number', { meta: { labelKey: 'stock:moves.col.number', filter: 'text', width: 205, mono: true }, cell: (c) => <Mono fw={600}>{c.getValue()}</Mono> }),
    col.accessor('kind', {
      meta: { labelKey: 'stock:moves.col.kind', filter: 'select', options: MOVE_KINDS.map((k) => ({ value: k, labelKey: `stock:kinds.${k}` })), width: 140 },
      cell: (c) => <KindBadge kind={c.getValue()} />,
    }),
    ...(opts.withItem
      ? [
          col.accessor('itemCode', { meta: { labelKey: 'stock:moves.col.itemCode', filter: 'text', filterOp: 'prefix', width: 150, mono: true }, cell: (c) => <Mono>{c.getValue()}</Mono> }),
          col.accessor('itemName', { meta: { labelKey: 'stock:moves.col.item', width: 200 } }),
        ]
      : []),
    col.accessor('fromBinCode', { meta: { labelKey: 'stock:moves.col.from', width: 130, mono: true }, cell: (c) => <BinCell id={c.row.original.fromBinId} code={c.getValue()} /> }),
    col.accessor('toBinCode', { meta: { labelKey: 'stock:moves.col.to', width: 130, mono: true }, cell: (c) => <BinCell id={c.row.original.toBinId} code={c.getValue()} /> }),
    col.accessor('serialNo', { meta: { labelKey: 'stock:moves.col.serial', filter: 'text', width: 150, mono: true }, cell: (c) => <Mono>{c.getValue() ?? c.row.original.lotNo ?? ''}</Mono> }),
    col.accessor('qty', {
      meta: { labelKey: 'stock:moves.col.qty', exportAs: 'quantity', align: 'end', width: 100 },
      cell: (c) => {
        const r = c.row.original
        const sign = r.toBinId && !r.fromBinId ? '+' : r.fromBinId && !r.toBinId ? '−' : ''
        return (
          <Text span fz="sm" className="mono-ltr" c={sign === '+' ? 'teal.7' : sign === '−' ? 'orange.8' : undefined}>
            {sign}
            {qtyText(t, c.getValue())}
          </Text>
        )
      },
    }),
    col.accessor('unitCost', { meta: { labelKey: 'stock:moves.col.unitCost', exportAs: 'money', align: 'end', width: 120 }, cell: (c) => formatMoney(c.getValue()) }),
    col.accessor('value', {
      meta: { labelKey: 'stock:moves.col.value', exportAs: 'money', align: 'end', width: 130 },
      cell: (c) => (
        <Text span fz="sm" c={c.getValue() < 0 ? 'red' : undefined}>
          {formatMoney(c.getValue())}
        </Text>
      ),
    }),
    col.accessor('reference', { meta: { labelKey: 'stock:moves.col.reference', filter: 'text', width: 150 } }),
    col.accessor('reason', { meta: { labelKey: 'stock:moves.col.reason', filter: 'text', width: 180 } }),
    col.accessor('username', { meta: { labelKey: 'stock:moves.col.user', filter: 'text', width: 110 } }),
    col.accessor('postedAt', { meta: { labelKey: 'stock:moves.col.postedAt', width: 160 }, cell: (c) => formatDate(c.getValue()) }),
  ]
}

export function MovesScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const [itemId, setItemId] = useState<string | null>(null)
  const [depotId, setDepotId] = useState<string | null>(null)
  const openMove = params.get('move')
  const columns = useMemo(() => moveLineColumns(t, { withItem: true }), [t])
  const filters = useMemo(
    () => [
      ...(itemId ? [{ id: 'itemId', op: 'equals' as const, value: itemId }] : []),
      ...(depotId ? [{ id: 'depotId', op: 'equals' as const, value: depotId }] : []),
    ],
    [itemId, depotId],
  )
  return (
    <Page
      title={t('moves.title')}
      subtitle={t('moves.subtitle')}
      fill
      testId="stock-moves-screen"
      actions={
        can(STOCK_PERMISSIONS.post) && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => navigate('/stock/moves/new')} data-testid="move-new">
            {t('moves.new')}
          </Button>
        )
      }
    >
      <DataTable
        tableId="stock.moves"
        method="stock.moves.list"
        columns={columns}
        filters={filters}
        getRowId={(r) => r.lineId}
        defaultSort={[{ id: 'date', desc: true }, { id: 'number', desc: true }]}
        defaultHidden={['reason', 'username', 'postedAt', 'unitCost']}
        selectable={false}
        exportName={t('moves.exportName')}
        onRowOpen={(r) => setParams({ move: r.moveId })}
        toolbar={
          <>
            <ItemSelect size="xs" w={240} placeholder={t('moves.filterItem')} value={itemId} onChange={(v) => setItemId(v)} activeOnly={false} data-testid="moves-filter-item" aria-label={t('moves.filterItem')} />
            <DepotSelect size="xs" w={180} placeholder={t('moves.filterDepot')} value={depotId} onChange={setDepotId} data-testid="moves-filter-depot" aria-label={t('moves.filterDepot')} />
          </>
        }
      />
      <MoveDrawer moveId={openMove} onClose={() => setParams({})} />
    </Page>
  )
}
