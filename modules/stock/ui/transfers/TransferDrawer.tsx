/** One transfer with its lines; the destination site receives it into a bin, the sending site may cancel it before. */
import { useMemo, useState } from 'react'
import { Alert, Button, Drawer, Group, Loader, ScrollArea, Select, SimpleGrid, Stack, Table, Text, TextInput, useDirection } from '@mantine/core'
import { IconPackageImport, IconX } from '@tabler/icons-react'
import i18n from 'i18next'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { STOCK_PERMISSIONS, type TransferDetail } from '../../contract'
import { formatDate, formatMoney, isRpcFailure, useRpcMutation, useRpcQuery, useSession } from '../../../../renderer/src/ui-kit'
import { Field, Mono, NS, itemName, qtyText, stockErrorMessage, todayIso, useBins } from '../common'
import { TransferStatusBadge } from './TransferStatusBadge'

/** Transfer refusals (details.reason) first, then the stock and shell messages. */
export function transferErrorMessage(e: unknown, t: TFunction): string {
  if (isRpcFailure(e)) {
    const reason = (e.details as { reason?: unknown } | null)?.reason
    if (typeof reason === 'string' && i18n.exists(`stock:transfers.errors.${reason}`)) return t(`stock:transfers.errors.${reason}`)
  }
  return stockErrorMessage(e, t)
}

function ReceiveForm({ transfer }: { transfer: TransferDetail }) {
  const { t } = useTranslation(NS)
  const { bins } = useBins()
  const options = useMemo(() => bins.filter((b) => b.depotId === transfer.toDepotId && b.active).map((b) => ({ value: b.id, label: `${b.depotCode} / ${b.code}` })), [bins, transfer.toDepotId])
  const [binId, setBinId] = useState<string | null>(null)
  const [date, setDate] = useState(todayIso() < transfer.date ? transfer.date : todayIso())
  const receive = useRpcMutation('stock.transfers.receive', { invalidate: ['stock.'] })
  const chosen = binId ?? options[0]?.value ?? null
  return (
    <Stack gap="xs" data-testid="transfer-receive-form">
      {receive.error && <Alert color="red">{transferErrorMessage(receive.error, t)}</Alert>}
      <Group align="flex-end" wrap="wrap">
        <Select label={t('transfers.receiveBin')} data={options} value={chosen} onChange={setBinId} withAsterisk comboboxProps={{ withinPortal: true }} data-testid="transfer-receive-bin" />
        <TextInput label={t('transfers.receiveDate')} type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} data-testid="transfer-receive-date" />
        <Button
          leftSection={<IconPackageImport size={16} />}
          disabled={!chosen}
          loading={receive.isPending}
          onClick={() => chosen && receive.mutate({ id: transfer.id, toBinId: chosen, date })}
          data-testid="transfer-receive"
        >
          {t('transfers.receive')}
        </Button>
      </Group>
      <Text fz="xs" c="dimmed">
        {t('transfers.receiveHint')}
      </Text>
    </Stack>
  )
}

function CancelForm({ transfer }: { transfer: TransferDetail }) {
  const { t } = useTranslation(NS)
  const [reason, setReason] = useState('')
  const cancel = useRpcMutation('stock.transfers.cancel', { invalidate: ['stock.'] })
  return (
    <Stack gap="xs">
      {cancel.error && <Alert color="red">{transferErrorMessage(cancel.error, t)}</Alert>}
      <Group align="flex-end">
        <TextInput style={{ flex: 1 }} label={t('transfers.cancelReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={200} data-testid="transfer-cancel-reason" />
        <Button color="red" variant="light" leftSection={<IconX size={16} />} disabled={!reason.trim()} loading={cancel.isPending} onClick={() => cancel.mutate({ id: transfer.id, reason: reason.trim() })} data-testid="transfer-cancel">
          {t('transfers.cancel')}
        </Button>
      </Group>
    </Stack>
  )
}

export function TransferDrawer({ transferId, onClose }: { transferId: string | null; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const { dir } = useDirection()
  const { can } = useSession()
  const q = useRpcQuery('stock.transfers.get', { id: transferId ?? '' }, { enabled: !!transferId })
  const tr = q.data
  const open = tr?.status === 'dispatched' && can(STOCK_PERMISSIONS.post)
  return (
    <Drawer
      opened={!!transferId}
      onClose={onClose}
      position={dir === 'rtl' ? 'left' : 'right'}
      size={880}
      title={
        <Group gap="sm">
          <Text fw={650}>{t('transfers.detail')}</Text>
          {tr && <Mono fw={650}>{tr.number}</Mono>}
        </Group>
      }
      scrollAreaComponent={ScrollArea.Autosize}
      data-testid="transfer-drawer"
    >
      {q.isLoading && <Loader size="sm" />}
      {q.error && <Alert color="red">{transferErrorMessage(q.error, t)}</Alert>}
      {tr && tr.id === transferId && (
        <Stack gap="md" data-testid="transfer-detail" data-number={tr.number} data-status={tr.status}>
          <SimpleGrid cols={3} spacing="md">
            <Field label={t('transfers.col.status')}>
              <TransferStatusBadge status={tr.status} conflict={tr.conflict} />
            </Field>
            <Field label={t('transfers.col.date')}>{formatDate(`${tr.date}T12:00:00`, 'date')}</Field>
            <Field label={t('transfers.col.reference')}>{tr.reference}</Field>
            <Field label={t('transfers.col.from')}>
              <Mono>{`${tr.fromSite} · ${tr.fromDepotCode}`}</Mono>
            </Field>
            <Field label={t('transfers.col.to')}>
              <Mono>{`${tr.toSite} · ${tr.toDepotCode}`}</Mono>
            </Field>
            <Field label={t('transfers.col.value')}>
              <Text span fw={650} className="mono-ltr">
                {formatMoney(tr.value)}
              </Text>
            </Field>
            <Field label={t('transfers.dispatchMove')}>
              <Mono>{tr.dispatchMoveNumber}</Mono>
            </Field>
            <Field label={t('transfers.receiptMove')}>
              <Mono>{tr.receiptMoveNumber ?? ''}</Mono>
            </Field>
            <Field label={t('transfers.col.createdBy')}>{tr.createdBy}</Field>
          </SimpleGrid>
          {tr.conflict && <Alert color="red">{t('transfers.conflictHint')}</Alert>}
          <Table striped withTableBorder fz="sm" data-testid="transfer-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('transfers.line.item')}</Table.Th>
                <Table.Th>{t('transfers.line.serialLot')}</Table.Th>
                <Table.Th ta="end">{t('transfers.line.qty')}</Table.Th>
                <Table.Th ta="end">{t('transfers.line.inTransit')}</Table.Th>
                <Table.Th ta="end">{t('transfers.line.value')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tr.lines.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td>
                    <Mono>{l.itemCode}</Mono> {itemName(l)}
                  </Table.Td>
                  <Table.Td>
                    <Mono>{l.serialNo ?? l.lotNo ?? ''}</Mono>
                  </Table.Td>
                  <Table.Td ta="end" className="mono-ltr">
                    {qtyText(t, l.qty, l.uom)}
                  </Table.Td>
                  <Table.Td ta="end" className="mono-ltr">
                    {qtyText(t, l.inTransitQty, l.uom)}
                  </Table.Td>
                  <Table.Td ta="end" className="mono-ltr">
                    {formatMoney(l.value)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {open && tr.direction === 'incoming' && <ReceiveForm transfer={tr} />}
          {open && tr.direction === 'outgoing' && <CancelForm transfer={tr} />}
        </Stack>
      )}
    </Drawer>
  )
}
