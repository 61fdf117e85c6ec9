/** Inter-site transfers: outgoing, incoming and in-transit lists (DataTable); a row opens the transfer (receive, cancel). */
import { useMemo, useState } from 'react'
import { Button, SegmentedControl } from '@mantine/core'
import { IconTruckDelivery } from '@tabler/icons-react'
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { STOCK_PERMISSIONS, TRANSFER_STATUSES, type TransferRow } from '../../contract'
import { DataTable, Page, formatDate, formatMoney, useSession } from '../../../../renderer/src/ui-kit'
import { Mono, NS } from '../common'
import { TransferDrawer } from './TransferDrawer'
import { TransferStatusBadge } from './TransferStatusBadge'

type View = 'incoming' | 'outgoing' | 'inTransit'
const VIEW_FILTERS: Record<View, { id: string; op: 'equals'; value: string }[]> = {
  incoming: [{ id: 'direction', op: 'equals', value: 'incoming' }],
  outgoing: [{ id: 'direction', op: 'equals', value: 'outgoing' }],
  inTransit: [{ id: 'status', op: 'equals', value: 'dispatched' }],
}

const col = createColumnHelper<TransferRow>()

export function TransfersScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const navigate = useNavigate()
  const [view, setView] = useState<View>('incoming')
  const [openId, setOpenId] = useState<string | null>(null)
  const columns = useMemo(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (): ColumnDef<TransferRow, any>[] => [
      col.accessor('number', { meta: { labelKey: 'stock:transfers.col.number', filter: 'text', width: 230, mono: true }, cell: (c) => <Mono fw={600}>{c.getValue()}</Mono> }),
      col.accessor('date', { meta: { labelKey: 'stock:transfers.col.date', filter: 'date', width: 120 }, cell: (c) => formatDate(`${c.getValue()}T12:00:00`, 'date') }),
      col.accessor('status', {
        meta: { labelKey: 'stock:transfers.col.status', filter: 'select', options: TRANSFER_STATUSES.map((s) => ({ value: s, labelKey: `stock:transfers.status.${s}` })), width: 140 },
        cell: (c) => <TransferStatusBadge status={c.getValue()} conflict={c.row.original.conflict} />,
      }),
      col.accessor('fromSite', { meta: { labelKey: 'stock:transfers.col.from', filter: 'text', width: 150 }, cell: (c) => <Mono>{`${c.getValue()} · ${c.row.original.fromDepotCode}`}</Mono> }),
      col.accessor('toSite', { meta: { labelKey: 'stock:transfers.col.to', filter: 'text', width: 150 }, cell: (c) => <Mono>{`${c.getValue()} · ${c.row.original.toDepotCode}`}</Mono> }),
      col.accessor('lineCount', { meta: { labelKey: 'stock:transfers.col.lines', align: 'end', width: 80 } }),
      col.accessor('value', { meta: { labelKey: 'stock:transfers.col.value', exportAs: 'money', align: 'end', width: 140 }, cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('inTransitValue', { meta: { labelKey: 'stock:transfers.col.inTransit', exportAs: 'money', align: 'end', width: 140 }, cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('receivedDate', { meta: { labelKey: 'stock:transfers.col.received', filter: 'date', width: 120 }, cell: (c) => (c.getValue() ? formatDate(`${c.getValue()}T12:00:00`, 'date') : '—') }),
      col.accessor('reference', { meta: { labelKey: 'stock:transfers.col.reference', filter: 'text', width: 140 } }),
      col.accessor('createdBy', { meta: { labelKey: 'stock:transfers.col.createdBy', filter: 'text', width: 120 } }),
    ],
    [],
  )
  return (
    <Page
      title={t('transfers.title')}
      subtitle={t('transfers.subtitle')}
      fill
      testId="stock-transfers-screen"
      actions={
        can(STOCK_PERMISSIONS.post) && (
          <Button leftSection={<IconTruckDelivery size={16} />} onClick={() => navigate('/stock/transfers/new')} data-testid="transfer-new">
            {t('transfers.new')}
          </Button>
        )
      }
    >
      <SegmentedControl
        value={view}
        onChange={(v) => setView(v as View)}
        data={(['incoming', 'outgoing', 'inTransit'] as const).map((v) => ({ value: v, label: t(`transfers.views.${v}`) }))}
        mb="sm"
        data-testid="transfer-view"
      />
      <DataTable
        key={view}
        tableId="stock.transfers"
        method="stock.transfers.list"
        columns={columns}
        filters={VIEW_FILTERS[view]}
        getRowId={(r) => r.id}
        defaultSort={[{ id: 'date', desc: true }]}
        defaultHidden={['createdBy', 'reference', 'lineCount']}
        selectable={false}
        exportName={t('transfers.exportName')}
        onRowOpen={(r) => setOpenId(r.id)}
      />
      <TransferDrawer transferId={openId} onClose={() => setOpenId(null)} />
    </Page>
  )
}
