import { useMemo, useState } from 'react'
import { ActionIcon, Badge, Button, Text, Tooltip } from '@mantine/core'
import { IconFileImport, IconPencil, IconPlus } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { ITEM_TRACKING, STOCK_PERMISSIONS, STOCK_UOMS, type ItemRow } from '../contract'
import { DataTable, Page, formatDate, formatMoney, useSession } from '../../../renderer/src/ui-kit'
import { ActiveBadge, Mono, NS, activeOptions, categoryLabel, categoryOptions, qtyText, uomLabel } from './common'
import { ItemFormModal } from './ItemForm'
import { ItemsImportModal } from './ItemsImport'

const col = createColumnHelper<ItemRow>()

export function TrackingBadge({ tracking }: { tracking: ItemRow['tracking'] }) {
  const { t } = useTranslation(NS)
  if (tracking === 'none') return <Text span fz="sm" c="dimmed">{t('tracking.none')}</Text>
  return (
    <Badge size="sm" variant="outline" radius="sm" color={tracking === 'serial' ? 'indigo' : 'cyan'}>
      {t(`tracking.${tracking}`)}
    </Badge>
  )
}

export function ItemsScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const manage = can(STOCK_PERMISSIONS.manage)
  const navigate = useNavigate()
  const [editing, setEditing] = useState<string | 'new' | null>(null)
  const [importing, setImporting] = useState(false)

  const columns = useMemo(
    () => [
      col.accessor('code', { meta: { labelKey: 'stock:items.col.code', filter: 'text', filterOp: 'prefix', width: 130, mono: true }, cell: (c) => <Mono fw={600}>{c.getValue()}</Mono> }),
      col.accessor('nameFr', { meta: { labelKey: 'stock:items.col.nameFr', filter: 'text', width: 210 } }),
      col.accessor('nameAr', {
        meta: { labelKey: 'stock:items.col.nameAr', filter: 'text', width: 170 },
        cell: (c) => (
          <Text span fz="sm" dir="rtl" lang="ar">
            {c.getValue()}
          </Text>
        ),
      }),
      col.accessor('onHandQty', {
        enableSorting: false,
        meta: { labelKey: 'stock:items.col.onHand', exportAs: 'quantity', align: 'end', width: 110 },
        cell: (c) => (
          <Text span fz="sm" fw={600} c={c.getValue() === 0 ? 'dimmed' : c.getValue() < 0 ? 'red' : undefined} className="mono-ltr" data-testid="item-onhand">
            {qtyText(t, c.getValue(), c.row.original.uom)}
          </Text>
        ),
      }),
      col.accessor('category', {
        meta: { labelKey: 'stock:items.col.category', filter: 'select', options: categoryOptions, width: 140 },
        cell: (c) => categoryLabel(t, c.getValue()),
      }),
      col.accessor('uom', {
        meta: { labelKey: 'stock:items.col.uom', filter: 'select', options: STOCK_UOMS.map((u) => ({ value: u, labelKey: `stock:uom.${u}` })), width: 80 },
        cell: (c) => uomLabel(t, c.getValue()),
      }),
      col.accessor('tracking', {
        meta: { labelKey: 'stock:items.col.tracking', filter: 'select', options: ITEM_TRACKING.map((k) => ({ value: k, labelKey: `stock:tracking.${k}` })), width: 110 },
        cell: (c) => <TrackingBadge tracking={c.getValue()} />,
      }),
      col.accessor('standardCost', { meta: { labelKey: 'stock:items.col.standardCost', exportAs: 'money', align: 'end', width: 130 }, cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('lastCost', { meta: { labelKey: 'stock:items.col.lastCost', exportAs: 'money', align: 'end', width: 130 }, cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('active', { meta: { labelKey: 'stock:items.col.active', filter: 'select', options: activeOptions, width: 100 }, cell: (c) => <ActiveBadge active={c.getValue()} /> }),
      col.accessor('updatedAt', { meta: { labelKey: 'stock:items.col.updatedAt', filter: 'date', width: 160 }, cell: (c) => formatDate(c.getValue()) }),
    ],
    [t],
  )

  return (
    <Page
      title={t('items.title')}
      subtitle={t('items.subtitle')}
      fill
      testId="stock-items-screen"
      actions={
        manage && (
          <>
            <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)} data-testid="items-import-open">
              {t('import.open')}
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="item-new">
              {t('items.new')}
            </Button>
          </>
        )
      }
    >
      <DataTable
        tableId="stock.items"
        method="stock.items.list"
        columns={columns}
        defaultSort={[{ id: 'code', desc: false }]}
        defaultHidden={['standardCost', 'lastCost', 'updatedAt']}
        selectable={false}
        exportName={t('items.exportName')}
        onRowOpen={(r) => navigate(`/stock/items/${r.id}`)}
        rowActions={
          manage
            ? (r) => (
                <Tooltip label={t('items.edit')}>
                  <ActionIcon variant="subtle" color="gray" aria-label={t('items.edit')} onClick={() => setEditing(r.id)} data-testid="item-edit">
                    <IconPencil size={16} />
                  </ActionIcon>
                </Tooltip>
              )
            : undefined
        }
      />
      <ItemsImportModal opened={importing} onClose={() => setImporting(false)} />
      <ItemFormModal itemId={editing} onClose={() => setEditing(null)} onSaved={(it) => editing === 'new' && navigate(`/stock/items/${it.id}`)} />
    </Page>
  )
}
