import { useMemo } from 'react'
import { Badge, Button, Drawer, Group, Text } from '@mantine/core'
import { IconX } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams, useSearchParams } from 'react-router'
import { COMMODITIES } from '../../contract'
import { BILL_STATUSES, type BillRow } from '../../runs.contract'
import { DataTable, Page, formatMoney, formatQty, useRpcQuery } from '../../../../renderer/src/ui-kit'
import { NS, formatDay } from '../common'
import { BillPanel } from './BillPanel'

const col = createColumnHelper<BillRow>()

export function BillsScreen() {
  const { t } = useTranslation(NS)
  const { id } = useParams()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const runId = params.get('run')
  const run = useRpcQuery('billing.runs.get', { id: runId ?? '' }, { enabled: runId !== null })
  const suffix = runId ? `?run=${runId}` : ''
  const columns = useMemo(
    () => [
      col.accessor('number', { meta: { labelKey: 'billing:bills.col.number', filter: 'text', width: 205, mono: true } }),
      col.accessor('runNumber', { meta: { labelKey: 'billing:bills.col.run', filter: 'text', width: 130, mono: true } }),
      col.accessor('contractNumber', { meta: { labelKey: 'billing:bills.col.contract', filter: 'text', width: 140, mono: true } }),
      col.accessor('subscriberName', { meta: { labelKey: 'billing:bills.col.subscriber', filter: 'text', width: 190 } }),
      col.accessor('subscriberNumber', { meta: { labelKey: 'billing:bills.col.subscriberNumber', filter: 'text', width: 140, mono: true } }),
      col.accessor('pointCode', { meta: { labelKey: 'billing:bills.col.point', filter: 'text', width: 140, mono: true } }),
      col.accessor('sector', { meta: { labelKey: 'billing:bills.col.sector', filter: 'text', width: 90 } }),
      col.accessor('commodity', {
        meta: { labelKey: 'billing:bills.col.commodity', filter: 'select', options: COMMODITIES.map((c) => ({ value: c, labelKey: `billing:commodities.${c}` })), width: 120 },
        cell: (c) => t(`commodities.${c.getValue()}`),
      }),
      col.accessor('periodFrom', { meta: { labelKey: 'billing:bills.col.from', filter: 'date', width: 110 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('periodTo', { meta: { labelKey: 'billing:bills.col.to', filter: 'date', width: 110 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('consumption', { meta: { labelKey: 'billing:bills.col.consumption', filter: 'number', align: 'end', width: 120, exportAs: 'quantity' }, cell: (c) => formatQty(c.getValue()) }),
      col.accessor('estimated', {
        meta: { labelKey: 'billing:bills.col.estimated', filter: 'select', options: [{ value: true, labelKey: 'billing:bills.yes' }, { value: false, labelKey: 'billing:bills.no' }], width: 100 },
        cell: (c) => (c.getValue() ? <Badge size="sm" variant="light" color="orange">{t('bills.yes')}</Badge> : ''),
      }),
      col.accessor('exclTax', { meta: { labelKey: 'billing:bills.col.exclTax', filter: 'number', align: 'end', width: 120, exportAs: 'money' }, cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('vat', { meta: { labelKey: 'billing:bills.col.vat', filter: 'number', align: 'end', width: 100, exportAs: 'money' }, cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('total', { meta: { labelKey: 'billing:bills.col.total', filter: 'number', align: 'end', width: 120, exportAs: 'money' }, cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('billDate', { meta: { labelKey: 'billing:bills.col.billDate', filter: 'date', width: 110 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('dueDate', { meta: { labelKey: 'billing:bills.col.dueDate', filter: 'date', width: 110 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('status', {
        meta: { labelKey: 'billing:bills.col.status', filter: 'select', options: BILL_STATUSES.map((s) => ({ value: s, labelKey: `billing:bills.status.${s}` })), width: 110 },
        cell: (c) => (
          <Badge size="sm" variant="light" color={c.getValue() === 'posted' ? 'teal' : 'red'}>
            {t(`bills.status.${c.getValue()}`)}
          </Badge>
        ),
      }),
      col.accessor('creditNoteNumber', { meta: { labelKey: 'billing:bills.col.creditNote', filter: 'text', width: 160, mono: true } }),
    ],
    [t],
  )
  return (
    <Page
      title={t('bills.title')}
      subtitle={t('bills.subtitle')}
      fill
      testId="billing-bills-screen"
      actions={
        runId && (
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {t('bills.ofRun', { number: run.data?.number ?? '' })}
            </Text>
            <Button size="xs" variant="default" leftSection={<IconX size={14} />} onClick={() => navigate('/billing/bills')} data-testid="bills-clear-run">
              {t('bills.clearRun')}
            </Button>
          </Group>
        )
      }
    >
      <DataTable
        tableId="billing.bills"
        method="billing.bills.list"
        columns={columns}
        selectable={false}
        filters={runId ? [{ id: 'runId', op: 'equals', value: runId }] : undefined}
        exportName={t('bills.exportName')}
        defaultHidden={['runNumber', 'subscriberNumber', 'pointCode', 'sector', 'exclTax', 'vat', 'billDate', 'creditNoteNumber']}
        onRowOpen={(r) => navigate(`/billing/bills/${r.id}${suffix}`)}
      />
      <Drawer opened={Boolean(id)} onClose={() => navigate(`/billing/bills${suffix}`)} position="right" size="xl" title={<Text fw={650}>{t('bills.title')}</Text>}>
        {id && <BillPanel id={id} />}
      </Drawer>
    </Page>
  )
}
