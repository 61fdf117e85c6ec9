/** Cash sessions: the clerk's till (open / close) and the sessions list (own; all with billing.cash.manage), each with its report. */
import { useMemo, useState } from 'react'
import { Badge, Modal, Stack, Text } from '@mantine/core'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { PAYMENTS_PERMISSIONS, type CashSessionRow } from '../../payments.contract'
import { DataTable, Page, formatDate, formatMoney, useRpcQuery, useSession } from '../../../../renderer/src/ui-kit'
import { NS } from '../common'
import { CashSessionBar } from './CashSessionBar'
import { SessionReport, diffColor } from './SessionReport'

const col = createColumnHelper<CashSessionRow>()

function ReportModal({ session, onClose }: { session: CashSessionRow | null; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const report = useRpcQuery('billing.cash.report', { id: session?.id ?? '00000000-0000-0000-0000-000000000000' }, { enabled: session !== null })
  return (
    <Modal opened={session !== null} onClose={onClose} centered size="lg" title={<Text fw={650}>{session?.status === 'closed' ? `${t('cash.zReport')} · ${session.number}` : t('cash.report', { number: session?.number ?? '' })}</Text>}>
      {report.data ? <SessionReport report={report.data} /> : <Text c="dimmed">…</Text>}
    </Modal>
  )
}

export function CashSessionsScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const [open, setOpen] = useState<CashSessionRow | null>(null)
  const columns = useMemo(
    () => [
      col.accessor('number', { meta: { labelKey: 'billing:cash.col.number', filter: 'text', width: 170, mono: true } }),
      col.accessor('username', { meta: { labelKey: 'billing:cash.col.clerk', filter: 'text', width: 120 } }),
      col.accessor('workstation', { meta: { labelKey: 'billing:cash.col.workstation', filter: 'text', width: 110, mono: true } }),
      col.accessor('openedAt', { meta: { labelKey: 'billing:cash.col.openedAt', filter: 'date', width: 160 }, cell: (c) => formatDate(c.getValue()) }),
      col.accessor('closedAt', { meta: { labelKey: 'billing:cash.col.closedAt', filter: 'date', width: 160 }, cell: (c) => formatDate(c.getValue()) }),
      col.accessor('status', {
        meta: { labelKey: 'billing:cash.col.status', filter: 'select', options: ['open', 'closed'].map((s) => ({ value: s, labelKey: `billing:cash.status.${s}` })), width: 110 },
        cell: (c) => <Badge size="sm" variant="light" color={c.getValue() === 'open' ? 'teal' : 'gray'}>{t(`cash.status.${c.getValue()}`)}</Badge>,
      }),
      col.accessor('openingFloat', { meta: { labelKey: 'billing:cash.col.float', align: 'end', width: 110, exportAs: 'money' }, cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('paymentCount', { meta: { labelKey: 'billing:cash.col.count', align: 'end', width: 100 } }),
      col.accessor('total', { meta: { labelKey: 'billing:cash.col.total', align: 'end', width: 120, exportAs: 'money' }, cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('difference', {
        meta: { labelKey: 'billing:cash.col.difference', filter: 'number', align: 'end', width: 110, exportAs: 'money' },
        cell: (c) => (
          <Text span size="sm" fw={c.getValue() ? 700 : undefined} c={diffColor(c.getValue())}>
            {c.getValue() === null ? '' : formatMoney(c.getValue())}
          </Text>
        ),
      }),
    ],
    [t],
  )
  return (
    <Page title={t('cash.title')} subtitle={t('cash.subtitle')} fill testId="billing-cash-screen">
      <Stack gap="sm" style={{ flex: 1, minHeight: 0 }}>
        {can(PAYMENTS_PERMISSIONS.paymentsTake) && <CashSessionBar />}
        <DataTable tableId="billing.cash.sessions" method="billing.cash.sessions" columns={columns} selectable={false} exportName={t('cash.exportName')} onRowOpen={setOpen} />
      </Stack>
      <ReportModal session={open} onClose={() => setOpen(null)} />
    </Page>
  )
}
