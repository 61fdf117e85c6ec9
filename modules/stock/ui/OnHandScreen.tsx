import { useMemo, useState } from 'react'
import { Text } from '@mantine/core'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { OnHandRow } from '../contract'
import { DataTable, Page, formatMoney } from '../../../renderer/src/ui-kit'
import { DepotSelect, ItemSelect, Mono, NS, categoryLabel, categoryOptions, itemName, qtyText } from './common'

const col = createColumnHelper<OnHandRow>()

export function OnHandScreen() {
  const { t } = useTranslation(NS)
  const navigate = useNavigate()
  const [itemId, setItemId] = useState<string | null>(null)
  const [depotId, setDepotId] = useState<string | null>(null)
  const filters = useMemo(
    () => [
      ...(itemId ? [{ id: 'itemId', op: 'equals' as const, value: itemId }] : []),
      ...(depotId ? [{ id: 'depotId', op: 'equals' as const, value: depotId }] : []),
    ],
    [itemId, depotId],
  )
  const columns = useMemo(
    () => [
      col.accessor('itemCode', { meta: { labelKey: 'stock:onhand.col.itemCode', filter: 'text', filterOp: 'prefix', width: 130, mono: true }, cell: (c) => <Mono fw={600}>{c.getValue()}</Mono> }),
      col.accessor('itemName', { meta: { labelKey: 'stock:onhand.col.item', filter: 'text', width: 210 }, cell: (c) => itemName(c.row.original) }),
      col.accessor('category', {
        meta: { labelKey: 'stock:onhand.col.category', filter: 'select', options: categoryOptions, width: 130 },
        cell: (c) => categoryLabel(t, c.getValue()),
      }),
      col.accessor('depotCode', { meta: { labelKey: 'stock:onhand.col.depot', width: 100, mono: true }, cell: (c) => <Mono>{c.getValue()}</Mono> }),
      col.accessor('binCode', { meta: { labelKey: 'stock:onhand.col.bin', filter: 'text', width: 90, mono: true }, cell: (c) => <Mono>{c.getValue()}</Mono> }),
      col.accessor('lotNo', { meta: { labelKey: 'stock:onhand.col.lot', filter: 'text', width: 110, mono: true }, cell: (c) => <Mono>{c.getValue() ?? ''}</Mono> }),
      col.accessor('serialNo', { meta: { labelKey: 'stock:onhand.col.serial', filter: 'text', width: 150, mono: true }, cell: (c) => <Mono>{c.getValue() ?? ''}</Mono> }),
      col.accessor('qty', {
        meta: { labelKey: 'stock:onhand.col.qty', exportAs: 'quantity', align: 'end', width: 100 },
        cell: (c) => (
          <Text span fz="sm" fw={600} c={c.getValue() < 0 ? 'red' : undefined} className="mono-ltr">
            {qtyText(t, c.getValue(), c.row.original.uom)}
          </Text>
        ),
      }),
      col.accessor('avgCost', { meta: { labelKey: 'stock:onhand.col.avgCost', exportAs: 'money', align: 'end', width: 110 }, cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('value', { meta: { labelKey: 'stock:onhand.col.value', exportAs: 'money', align: 'end', width: 125 }, cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('siteCode', { meta: { labelKey: 'stock:onhand.col.site', width: 90, mono: true } }),
    ],
    [t],
  )
  return (
    <Page title={t('onhand.title')} subtitle={t('onhand.subtitle')} fill testId="stock-onhand-screen">
      <DataTable
        tableId="stock.onhand"
        method="stock.onhand.list"
        columns={columns}
        filters={filters}
        defaultHidden={['siteCode', 'lotNo', 'category']}
        selectable={false}
        exportName={t('onhand.exportName')}
        onRowOpen={(r) => navigate(`/stock/items/${r.itemId}`)}
        toolbar={
          <>
            <ItemSelect size="xs" w={240} placeholder={t('moves.filterItem')} aria-label={t('moves.filterItem')} value={itemId} onChange={(v) => setItemId(v)} activeOnly={false} data-testid="onhand-filter-item" />
            <DepotSelect size="xs" w={180} placeholder={t('moves.filterDepot')} aria-label={t('moves.filterDepot')} value={depotId} onChange={setDepotId} data-testid="onhand-filter-depot" />
          </>
        }
      />
    </Page>
  )
}
