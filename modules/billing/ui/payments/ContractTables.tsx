/** A contract's statement (running balance) and its payments (receipt, reversal), as server-driven lists. */
import { useMemo, useState } from 'react'
import { ActionIcon, Alert, Badge, Button, Group, Modal, Stack, Tabs, Text, TextInput, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowBackUp, IconReceipt } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { LEDGER_KINDS, PAYMENT_MEANS, PAYMENTS_PERMISSIONS, type LedgerEntryRow, type PaymentRow } from '../../payments.contract'
import { DataTable, formatDate, formatMoney, useRpcMutation, useSession } from '../../../../renderer/src/ui-kit'
import { NS, billingErrorMessage, formatDay, serverFieldErrors } from '../common'
import { ReceiptModal } from './ReceiptModal'

const ledgerCol = createColumnHelper<LedgerEntryRow>()
const payCol = createColumnHelper<PaymentRow>()

function ReverseModal({ payment, onClose }: { payment: PaymentRow | null; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const reverse = useRpcMutation('billing.payments.reverse', { invalidate: ['billing.ledger', 'billing.payments', 'billing.cash'] })
  const [reason, setReason] = useState('')
  const fieldError = reverse.error ? serverFieldErrors(reverse.error, t).reason : undefined
  return (
    <Modal opened={payment !== null} onClose={onClose} centered title={<Text fw={650}>{t('payments.reverse.title', { number: payment?.number ?? '' })}</Text>}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">{t('payments.reverse.hint')}</Text>
        {reverse.error && !fieldError && <Alert color="red">{billingErrorMessage(reverse.error, t)}</Alert>}
        <TextInput label={t('payments.reverse.reason')} withAsterisk value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError} data-testid="reverse-reason" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('translation:common.cancel')}</Button>
          <Button
            color="red"
            loading={reverse.isPending}
            data-testid="reverse-submit"
            onClick={async () => {
              if (!payment) return
              try {
                await reverse.mutateAsync({ id: payment.id, reason })
                notifications.show({ color: 'teal', message: t('payments.reverse.done', { number: payment.number }) })
                setReason('')
                onClose()
              } catch {
                // shown above
              }
            }}
          >
            {t('payments.reverse.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

export function ContractTables({ contractId }: { contractId: string }) {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const [receipt, setReceipt] = useState<PaymentRow | null>(null)
  const [reversing, setReversing] = useState<PaymentRow | null>(null)
  const filters = useMemo(() => [{ id: 'contractId', op: 'equals' as const, value: contractId }], [contractId])
  const ledgerColumns = useMemo(
    () => [
      ledgerCol.accessor('date', { meta: { labelKey: 'billing:payments.col.date', filter: 'date', width: 110 }, cell: (c) => formatDay(c.getValue()) }),
      ledgerCol.accessor('kind', {
        meta: { labelKey: 'billing:payments.col.kind', filter: 'select', options: LEDGER_KINDS.map((k) => ({ value: k, labelKey: `billing:payments.kinds.${k}` })), width: 170 },
        cell: (c) => t(`payments.kinds.${c.getValue()}`),
      }),
      ledgerCol.accessor('refNumber', { meta: { labelKey: 'billing:payments.col.ref', filter: 'text', width: 190, mono: true } }),
      ledgerCol.accessor('dueDate', { meta: { labelKey: 'billing:payments.col.due', filter: 'date', width: 110 }, cell: (c) => formatDay(c.getValue()) }),
      ledgerCol.accessor('amount', {
        meta: { labelKey: 'billing:payments.col.amount', filter: 'number', align: 'end', width: 120, exportAs: 'money' },
        cell: (c) => <Text span size="sm" c={c.getValue() < 0 ? 'teal' : undefined}>{formatMoney(c.getValue())}</Text>,
      }),
      ledgerCol.accessor('running', { meta: { labelKey: 'billing:payments.col.running', align: 'end', width: 120, exportAs: 'money' }, cell: (c) => formatMoney(c.getValue()) }),
    ],
    [t],
  )
  const payColumns = useMemo(
    () => [
      payCol.accessor('number', { meta: { labelKey: 'billing:payments.col.number', filter: 'text', width: 190, mono: true } }),
      payCol.accessor('receivedAt', { meta: { labelKey: 'billing:payments.col.date', filter: 'date', width: 160 }, cell: (c) => formatDate(c.getValue()) }),
      payCol.accessor('means', {
        meta: { labelKey: 'billing:payments.col.means', filter: 'select', options: PAYMENT_MEANS.map((m) => ({ value: m, labelKey: `billing:payments.means.${m}` })), width: 110 },
        cell: (c) => t(`payments.means.${c.getValue()}`),
      }),
      payCol.accessor('amount', { meta: { labelKey: 'billing:payments.col.amount', filter: 'number', align: 'end', width: 120, exportAs: 'money' }, cell: (c) => formatMoney(c.getValue()) }),
      payCol.accessor('username', { meta: { labelKey: 'billing:payments.col.clerk', filter: 'text', width: 110 } }),
      payCol.accessor('reversed', {
        meta: { labelKey: 'billing:payments.col.status', width: 150 },
        cell: (c) => (c.getValue() ? <Tooltip label={c.row.original.reversalReason}><Badge size="sm" color="red" variant="light">{t('payments.reversed')}</Badge></Tooltip> : null),
      }),
    ],
    [t],
  )
  return (
    <>
      <Tabs defaultValue="statement" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="statement" data-testid="tab-statement">{t('payments.statement')}</Tabs.Tab>
          <Tabs.Tab value="payments" data-testid="tab-payments">{t('payments.history')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="statement" pt="xs">
          <DataTable tableId="billing.ledger.statement" method="billing.ledger.statement" columns={ledgerColumns} filters={filters} selectable={false} height={340} exportName={t('payments.statementExport')} />
        </Tabs.Panel>
        <Tabs.Panel value="payments" pt="xs">
          <DataTable
            tableId="billing.payments.contract"
            method="billing.payments.list"
            columns={payColumns}
            filters={filters}
            selectable={false}
            height={340}
            rowActions={(r) => (
              <Group gap={4} wrap="nowrap">
                <Tooltip label={t('payments.receiptOpen')}>
                  <ActionIcon variant="subtle" color="gray" aria-label={t('payments.receiptOpen')} onClick={() => setReceipt(r)} data-testid="payment-receipt">
                    <IconReceipt size={16} />
                  </ActionIcon>
                </Tooltip>
                {can(PAYMENTS_PERMISSIONS.paymentsReverse) && !r.reversed && (
                  <Tooltip label={t('payments.reverse.action')}>
                    <ActionIcon variant="subtle" color="red" aria-label={t('payments.reverse.action')} onClick={() => setReversing(r)} data-testid="payment-reverse">
                      <IconArrowBackUp size={16} />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            )}
          />
        </Tabs.Panel>
      </Tabs>
      <ReceiptModal payment={receipt} onClose={() => setReceipt(null)} />
      <ReverseModal payment={reversing} onClose={() => setReversing(null)} />
    </>
  )
}
