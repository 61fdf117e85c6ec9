/**
 * Meter installations (history): sort, filter, page, export; install a meter from stock, remove or swap one from its
 * row. `?point=<id>` shows one connection point's meters and installs there.
 */
import { useMemo, useState } from 'react'
import { ActionIcon, Anchor, Badge, Button, Group, Loader, Tooltip } from '@mantine/core'
import { IconArrowsExchange, IconPlus, IconTrash } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { METER_COMMODITIES, READINGS_PERMISSIONS, type MeterInstallationRow } from '../../readings.contract'
import { DataTable, Page, formatQty, useRpcQuery, useSession } from '../../../../renderer/src/ui-kit'
import { NS, formatDay } from '../common'
import { InstallModal } from './InstallModal'
import { RemoveSwapModal, type MeterAction } from './RemoveSwapModal'

const col = createColumnHelper<MeterInstallationRow>()
const STATUS_COLOR: Record<string, string> = { in_stock: 'teal', installed: 'blue', removed: 'orange', scrapped: 'gray' }

/** The serial's status in the stock module, linking to its page there. */
function StockStatus({ row }: { row: MeterInstallationRow }) {
  const { t } = useTranslation(NS)
  const q = useRpcQuery('stock.serials.list', { pageSize: 1, filters: [{ id: row.serialId ? 'id' : 'serialNo', op: 'equals', value: row.serialId ?? row.serialNo }] })
  if (q.isLoading) return <Loader size="xs" />
  const serial = q.data?.rows[0]
  if (!serial) return null
  return (
    <Anchor href={`#/stock/serials?serial=${serial.id}`} underline="never" data-testid="meter-stock-status" data-status={serial.status} aria-label={t('meters.stockLink', { serial: serial.serialNo })}>
      <Badge size="sm" variant="light" color={STATUS_COLOR[serial.status] ?? 'gray'} style={{ cursor: 'pointer' }}>
        {t(`meters.serialStatus.${serial.status}`)}
      </Badge>
    </Anchor>
  )
}

export function MetersScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const manage = can(READINGS_PERMISSIONS.meters)
  const seesStock = can('stock.read')
  const [params] = useSearchParams()
  const pointId = params.get('point') ?? undefined
  const point = useRpcQuery('billing.points.get', { id: pointId ?? '' }, { enabled: !!pointId })
  const [installing, setInstalling] = useState(false)
  const [action, setAction] = useState<MeterAction | null>(null)
  const columns = useMemo(
    () => [
      col.accessor('pointCode', { meta: { labelKey: 'billing:meters.col.point', filter: 'text', width: 150, mono: true } }),
      col.accessor('pointAddress', { meta: { labelKey: 'billing:meters.col.address', filter: 'text', width: 200 } }),
      col.accessor('sector', { meta: { labelKey: 'billing:meters.col.sector', filter: 'text', width: 90, mono: true } }),
      col.accessor('commodity', {
        meta: { labelKey: 'billing:meters.col.commodity', filter: 'select', options: METER_COMMODITIES.map((c) => ({ value: c, labelKey: `billing:commodities.${c}` })), width: 120 },
        cell: (c) => t(`commodities.${c.getValue()}`),
      }),
      col.accessor('serialNo', { meta: { labelKey: 'billing:meters.col.serial', filter: 'text', width: 140, mono: true } }),
      ...(seesStock
        ? [col.display({ id: 'stockStatus', enableSorting: false, meta: { labelKey: 'billing:meters.col.stockStatus', width: 120, exportable: false }, cell: (c) => <StockStatus row={c.row.original} /> })]
        : []),
      col.accessor('installedOn', { meta: { labelKey: 'billing:meters.col.installedOn', filter: 'date', width: 110 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('initialIndex', { meta: { labelKey: 'billing:meters.col.initialIndex', filter: 'number', align: 'end', width: 120, exportAs: 'quantity' }, cell: (c) => formatQty(c.getValue()) }),
      col.accessor('removedOn', { meta: { labelKey: 'billing:meters.col.removedOn', filter: 'date', width: 110 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('finalIndex', { meta: { labelKey: 'billing:meters.col.finalIndex', filter: 'number', align: 'end', width: 120, exportAs: 'quantity' }, cell: (c) => formatQty(c.getValue()) }),
      col.accessor('active', {
        meta: { labelKey: 'billing:meters.col.state', filter: 'select', options: [{ value: true, labelKey: 'billing:meters.inService' }, { value: false, labelKey: 'billing:meters.removed' }], width: 110 },
        cell: (c) => <Badge size="sm" variant="light" color={c.getValue() ? 'teal' : 'gray'}>{t(c.getValue() ? 'meters.inService' : 'meters.removed')}</Badge>,
      }),
      col.accessor('reason', { meta: { labelKey: 'billing:meters.col.reason', filter: 'text', width: 160 } }),
      col.accessor('digits', { meta: { labelKey: 'billing:meters.col.digits', filter: 'number', align: 'end', width: 80 } }),
      col.accessor('siteCode', { meta: { labelKey: 'billing:meters.col.site', filter: 'text', width: 80, mono: true } }),
    ],
    [t, seesStock],
  )
  return (
    <Page
      title={t('meters.title')}
      subtitle={point.data ? t('meters.subtitlePoint', { code: point.data.code, address: point.data.address }) : t('meters.subtitle')}
      fill
      testId="billing-meters-screen"
      actions={
        manage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setInstalling(true)} data-testid="meter-install">
            {t('meters.install.action')}
          </Button>
        )
      }
    >
      <DataTable
        tableId="billing.meters"
        method="billing.meters.list"
        columns={columns}
        filters={pointId ? [{ id: 'pointId', op: 'equals', value: pointId }] : undefined}
        selectable={false}
        exportName={t('meters.exportName')}
        defaultHidden={['digits', 'siteCode', 'sector']}
        rowActions={
          manage
            ? (r) =>
                r.active && (
                  <Group gap={2} wrap="nowrap">
                    <Tooltip label={t('meters.swap.action')}>
                      <ActionIcon variant="subtle" color="gray" aria-label={t('meters.swap.action')} onClick={() => setAction({ mode: 'swap', meter: r })} data-testid="meter-swap">
                        <IconArrowsExchange size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label={t('meters.remove.action')}>
                      <ActionIcon variant="subtle" color="red" aria-label={t('meters.remove.action')} onClick={() => setAction({ mode: 'remove', meter: r })} data-testid="meter-remove">
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                )
            : undefined
        }
      />
      <InstallModal opened={installing} onClose={() => setInstalling(false)} pointId={pointId} />
      <RemoveSwapModal action={action} onClose={() => setAction(null)} />
    </Page>
  )
}
