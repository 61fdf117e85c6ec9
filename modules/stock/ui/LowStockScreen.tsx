/** "Réapprovisionnement": items under their minimum per depot, with the quantity to order (exportable). */
import { useMemo, useState } from 'react'
import { Alert, Text } from '@mantine/core'
import { IconInfoCircle } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { ReorderRow } from '../contract'
import { DataTable, Page, formatMoney } from '../../../renderer/src/ui-kit'
import { DepotSelect, Mono, NS, categoryLabel, categoryOptions, itemName, qtyText } from './common'

const col = createColumnHelper<ReorderRow>()

export function LowStockScreen() {
  const { t } = useTranslation(NS)
  const navigate = useNavigate()
  const [depotId, setDepotId] = useState<string | null>(null)
  const filters = useMemo(() => (depotId ? [{ id: 'depotId', op: 'equals' as const, value: depotId }] : []), [depotId])
  const columns = useMemo(
    () => [
      col.accessor('itemCode', { meta: { labelKey: 'stock:reorder.col.itemCode', filter: 'text', filterOp: 'prefix', width: 120, mono: true }, cell: (c) => <Mono fw={600}>{c.getValue()}</Mono> }),
      col.accessor('itemName', { meta: { labelKey: 'stock:reorder.col.item', filter: 'text', width: 175 }, cell: (c) => itemName(c.row.original) }),
      col.accessor('category', {
        meta: { labelKey: 'stock:reorder.col.category', filter: 'select', options: categoryOptions, width: 120 },
        cell: (c) => categoryLabel(t, c.getValue()),
      }),
      col.accessor('depotCode', { meta: { labelKey: 'stock:reorder.col.depot', filter: 'text', filterOp: 'prefix', width: 100, mono: true }, cell: (c) => <Mono>{c.getValue()}</Mono> }),
      col.accessor('onHandQty', {
        meta: { labelKey: 'stock:reorder.col.onHand', exportAs: 'quantity', align: 'end', width: 100 },
        cell: (c) => (
          <Text span fz="sm" c={c.getValue() < 0 ? 'red' : 'orange.8'} fw={600} className="mono-ltr" data-testid="reorder-onhand">
            {qtyText(t, c.getValue(), c.row.original.uom)}
          </Text>
        ),
      }),
      col.accessor('minQty', { meta: { labelKey: 'stock:reorder.col.min', exportAs: 'quantity', align: 'end', width: 100 }, cell: (c) => <span className="mono-ltr">{qtyText(t, c.getValue(), c.row.original.uom)}</span> }),
      col.accessor('maxQty', { meta: { labelKey: 'stock:reorder.col.max', exportAs: 'quantity', align: 'end', width: 100 }, cell: (c) => <span className="mono-ltr">{qtyText(t, c.getValue(), c.row.original.uom)}</span> }),
      col.accessor('suggestedQty', {
        meta: { labelKey: 'stock:reorder.col.suggested', exportAs: 'quantity', align: 'end', width: 130 },
        cell: (c) => (
          <Text span fz="sm" fw={700} c="teal.8" className="mono-ltr" data-testid="reorder-suggested">
            {qtyText(t, c.getValue(), c.row.original.uom)}
          </Text>
        ),
      }),
      col.accessor('unitCost', { meta: { labelKey: 'stock:reorder.col.unitCost', exportAs: 'money', align: 'end', width: 120 }, cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('suggestedValue', { meta: { labelKey: 'stock:reorder.col.value', exportAs: 'money', align: 'end', width: 130 }, cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('siteCode', { meta: { labelKey: 'stock:reorder.col.site', width: 90, mono: true } }),
    ],
    [t],
  )
  return (
    <Page title={t('reorder.title')} subtitle={t('reorder.subtitle')} fill testId="stock-reorder-screen">
      <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} py={8} data-testid="reorder-note">
        {t('reorder.note')}
      </Alert>
      <DataTable
        tableId="stock.reorder"
        method="stock.reorder.list"
        columns={columns}
        filters={filters}
        getRowId={(r) => r.key}
        defaultHidden={['siteCode', 'unitCost']}
        selectable={false}
        exportName={t('reorder.exportName')}
        onRowOpen={(r) => navigate(`/stock/items/${r.itemId}`)}
        toolbar={
          <DepotSelect size="xs" w={200} placeholder={t('reorder.filterDepot')} aria-label={t('reorder.filterDepot')} value={depotId} onChange={setDepotId} data-testid="reorder-filter-depot" />
        }
      />
    </Page>
  )
}
