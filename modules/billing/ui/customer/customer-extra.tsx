/**
 * The 360° tabs over other areas' records, read through their list methods (meters, readings with a chart, bills,
 * payments, messages, requests) and the balance from the ledger. Each tab lists the subscriber's rows, newest first.
 */
import type { ComponentType } from 'react'
import { Anchor, Badge, Paper, Stack, Text } from '@mantine/core'
import { LineChart } from '@mantine/charts'
import { useQueries } from '@tanstack/react-query'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import { formatDate, formatMoney, formatQty, invoke, rpcKey, useListQuery, useRpcQuery, useSession } from '../../../../renderer/src/ui-kit'
import { NS, formatDay } from '../common'
import { SimpleTable } from './SimpleTable'

export interface ExtraTabProps {
  subscriberId: string
  contractIds: string[]
  pointIds: string[]
}

const PAGE = 200
/** `in` needs at least one value: a customer without contracts matches nothing. */
const inContracts = (ids: string[]) => ({ id: 'contractId', op: 'in' as const, value: ids.length ? ids : ['-'] })
const inPoints = (ids: string[]) => ({ id: 'pointId', op: 'in' as const, value: ids.length ? ids : ['-'] })
const SERIES_COLOURS = ['blue.6', 'orange.6', 'grape.6', 'teal.6', 'red.6', 'cyan.6']

/** Σ of the contracts' balances (centimes, > 0 owed); undefined while loading or when there is no contract. */
export function useCustomerBalance(contractIds: string[]): number | undefined {
  const results = useQueries({
    queries: contractIds.map((contractId) => ({ queryKey: rpcKey('billing.ledger.account', { contractId }), queryFn: () => invoke('billing.ledger.account', { contractId }) })),
  })
  if (contractIds.length === 0 || results.some((r) => !r.data)) return undefined
  return results.reduce((sum, r) => sum + (r.data?.balance ?? 0), 0)
}

function MetersTab({ pointIds }: ExtraTabProps) {
  const { t } = useTranslation(NS)
  const q = useListQuery('billing.meters.list', { page: 0, pageSize: PAGE, filters: [inPoints(pointIds)], sort: [{ id: 'installedOn', desc: true }] })
  return (
    <SimpleTable
      testId="customer-meters"
      rows={q.data?.rows ?? []}
      columns={[
        { label: t('customer360.col.serial'), cell: (m) => m.serialNo, ltr: true },
        { label: t('contracts.col.commodity'), cell: (m) => t(`commodities.${m.commodity}`) },
        { label: t('contracts.col.point'), cell: (m) => m.pointCode, ltr: true },
        { label: t('customer360.col.installed'), cell: (m) => formatDay(m.installedOn) },
        { label: t('customer360.col.removed'), cell: (m) => (m.removedOn ? formatDay(m.removedOn) : '—') },
        { label: t('customer360.col.index'), cell: (m) => formatQty(m.initialIndex), ltr: true, align: 'end' },
      ]}
    />
  )
}

function ReadingsTab({ contractIds }: ExtraTabProps) {
  const { t } = useTranslation(NS)
  const q = useListQuery('billing.readings.list', { page: 0, pageSize: PAGE, filters: [inContracts(contractIds)], sort: [{ id: 'date', desc: true }] })
  const rows = q.data?.rows ?? []
  // One line per contract (its commodity), index in m³ / kWh over the reading dates.
  const series = [...new Map(rows.map((r) => [r.contractNumber, r.commodity])).entries()].map(([number, commodity], i) => ({
    name: number,
    label: `${number} · ${t(`commodities.${commodity}`)}`,
    color: SERIES_COLOURS[i % SERIES_COLOURS.length],
  }))
  const byDate = new Map<string, Record<string, number | string>>()
  for (const r of [...rows].filter((r) => r.status !== 'rejected').sort((a, b) => a.date.localeCompare(b.date))) {
    const point = byDate.get(r.date) ?? { date: formatDay(r.date) }
    point[r.contractNumber] = r.index / 1000
    byDate.set(r.date, point)
  }
  return (
    <Stack gap="md">
      {rows.length > 0 && (
        <Paper withBorder p="md" radius="md" data-testid="customer-readings-chart" dir="ltr">
          <Text fz="sm" fw={600} mb="xs">
            {t('customer360.chart')}
          </Text>
          <LineChart h={220} data={[...byDate.values()]} dataKey="date" series={series} connectNulls withLegend curveType="linear" />
        </Paper>
      )}
      <SimpleTable
        testId="customer-readings"
        rows={rows}
        columns={[
          { label: t('customer360.col.date'), cell: (r) => formatDay(r.date) },
          { label: t('customer360.col.contract'), cell: (r) => r.contractNumber, ltr: true },
          { label: t('contracts.col.commodity'), cell: (r) => t(`commodities.${r.commodity}`) },
          { label: t('customer360.col.serial'), cell: (r) => r.serialNo, ltr: true },
          { label: t('customer360.col.index'), cell: (r) => formatQty(r.index), ltr: true, align: 'end' },
          { label: t('customer360.col.status'), cell: (r) => t(`readings.statuses.${r.status}`, { defaultValue: r.status }) },
        ]}
      />
    </Stack>
  )
}

function BillsTab({ subscriberId }: ExtraTabProps) {
  const { t } = useTranslation(NS)
  const q = useListQuery('billing.bills.list', { page: 0, pageSize: PAGE, filters: [{ id: 'subscriberId', op: 'equals', value: subscriberId }], sort: [{ id: 'billDate', desc: true }] })
  return (
    <SimpleTable
      testId="customer-bills"
      rows={q.data?.rows ?? []}
      columns={[
        { label: t('customer360.col.number'), cell: (b) => b.number, ltr: true },
        { label: t('customer360.col.date'), cell: (b) => formatDay(b.billDate) },
        { label: t('customer360.col.contract'), cell: (b) => b.contractNumber, ltr: true },
        { label: t('customer360.col.period'), cell: (b) => `${formatDay(b.periodFrom)} – ${formatDay(b.periodTo)}` },
        { label: t('customer360.col.total'), cell: (b) => formatMoney(b.total), ltr: true, align: 'end' },
        { label: t('customer360.col.due'), cell: (b) => formatDay(b.dueDate) },
        { label: t('customer360.col.status'), cell: (b) => t(`bills.status.${b.status}`, { defaultValue: b.status }) },
      ]}
    />
  )
}

function PaymentsTab({ contractIds }: ExtraTabProps) {
  const { t } = useTranslation(NS)
  const q = useListQuery('billing.payments.list', { page: 0, pageSize: PAGE, filters: [inContracts(contractIds)], sort: [{ id: 'receivedAt', desc: true }] })
  return (
    <SimpleTable
      testId="customer-payments"
      rows={q.data?.rows ?? []}
      columns={[
        { label: t('customer360.col.number'), cell: (p) => p.number, ltr: true },
        { label: t('customer360.col.date'), cell: (p) => formatDay(p.date) },
        { label: t('customer360.col.contract'), cell: (p) => p.contractNumber, ltr: true },
        { label: t('customer360.col.means'), cell: (p) => t(`payments.means.${p.means}`, { defaultValue: p.means }) },
        { label: t('customer360.col.amount'), cell: (p) => formatMoney(p.amount), ltr: true, align: 'end' },
        { label: t('customer360.col.status'), cell: (p) => (p.reversed ? <Badge size="sm" color="red" variant="light">{t('customer360.reversed')}</Badge> : null) },
      ]}
    />
  )
}

function MessagesTab({ subscriberId }: ExtraTabProps) {
  const { t } = useTranslation(NS)
  const q = useListQuery('billing.messages.list', { page: 0, pageSize: PAGE, filters: [{ id: 'subscriberId', op: 'equals', value: subscriberId }], sort: [{ id: 'createdAt', desc: true }] })
  return (
    <SimpleTable
      testId="customer-messages"
      rows={q.data?.rows ?? []}
      columns={[
        { label: t('customer360.col.date'), cell: (m) => formatDate(m.createdAt, 'datetime') },
        { label: t('customer360.col.kind'), cell: (m) => t(`messages.kinds.${m.kind}`, { defaultValue: m.kind }) },
        { label: t('customer360.col.phone'), cell: (m) => m.phone, ltr: true },
        { label: t('customer360.col.body'), cell: (m) => <span dir={m.language === 'ar' ? 'rtl' : 'ltr'}>{m.body}</span> },
        { label: t('customer360.col.status'), cell: (m) => t(`messages.status.${m.status}`, { defaultValue: m.status }) },
      ]}
    />
  )
}

function RequestsTab({ subscriberId }: ExtraTabProps) {
  const { t } = useTranslation(NS)
  const q = useListQuery('billing.requests.list', { page: 0, pageSize: PAGE, filters: [{ id: 'subscriberId', op: 'equals', value: subscriberId }], sort: [{ id: 'receivedOn', desc: true }] })
  return (
    <SimpleTable
      testId="customer-requests"
      rows={q.data?.rows ?? []}
      columns={[
        { label: t('customer360.col.number'), cell: (r) => <Anchor component={Link} to={`/billing/requests/${r.id}`} fz="sm">{r.number}</Anchor>, ltr: true },
        { label: t('customer360.col.date'), cell: (r) => formatDay(r.receivedOn) },
        { label: t('customer360.col.kind'), cell: (r) => t(`requests.types.${r.type}`, { defaultValue: r.type }) },
        { label: t('customer360.col.subject'), cell: (r) => r.subject },
        { label: t('customer360.col.status'), cell: (r) => t(`requests.statuses.${r.status}`, { defaultValue: r.status }) },
      ]}
    />
  )
}

/** Documents that name the subscriber (as correspondent, in a record field or by a link), for users who may read them. */
function DocumentsTab({ subscriberId }: ExtraTabProps) {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const q = useRpcQuery('documents.links.forRecord', { module: 'billing', entity: 'subscriber', id: subscriberId }, { enabled: can('documents.read') })
  return (
    <SimpleTable
      testId="customer-documents"
      rows={(q.data ?? []).map((d) => ({ ...d, id: `${d.documentId}:${d.role}` }))}
      columns={[
        { label: t('customer360.col.title'), cell: (d) => <Anchor component={Link} to={`/documents/${d.documentId}`} fz="sm">{d.title}</Anchor> },
        { label: t('customer360.col.date'), cell: (d) => (d.documentDate ? formatDay(d.documentDate) : '—') },
        { label: t('customer360.col.linkedAs'), cell: (d) => t(`customer360.linkRole.${d.role.startsWith('field:') ? 'field' : d.role}`, { defaultValue: d.role }) },
      ]}
    />
  )
}

/** Tabs after contracts and points, in the page's order. */
export const EXTRA_TABS: { value: string; Panel: ComponentType<ExtraTabProps> }[] = [
  { value: 'meters', Panel: MetersTab },
  { value: 'readings', Panel: ReadingsTab },
  { value: 'bills', Panel: BillsTab },
  { value: 'payments', Panel: PaymentsTab },
  { value: 'messages', Panel: MessagesTab },
  { value: 'requests', Panel: RequestsTab },
  { value: 'documents', Panel: DocumentsTab },
]
