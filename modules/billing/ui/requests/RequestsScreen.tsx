/** Requests and complaints: the list (overdue in red, due soon in orange), filters, export, and the new-request form. */
import { useMemo, useState } from 'react'
import { Anchor, Button, SegmentedControl, Text } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams, useSearchParams } from 'react-router'
import { CHANNELS, REQUEST_PERMISSIONS, REQUEST_STATUSES, REQUEST_TYPES, type RequestRow } from '../../requests.contract'
import { DataTable, Page, useRpcQuery, useSession, useUser } from '../../../../renderer/src/ui-kit'
import { NS, formatDay } from '../common'
import { DueBadge, StatusBadge } from './common'
import { RequestFormModal } from './RequestForm'
import { RequestPage } from './RequestPage'

const col = createColumnHelper<RequestRow>()
const DUE_STATES = ['overdue', 'soon', 'ok', 'none'] as const
type QuickFilter = 'all' | 'overdue' | 'soon' | 'mine'

function RequestsList() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const navigate = useNavigate()
  const [creating, setCreating] = useState(false)
  // `?subscriber=<id>`: one subscriber's requests (links from the customer pages).
  const [params] = useSearchParams()
  const subscriberId = params.get('subscriber') ?? undefined
  const people = useRpcQuery('billing.requests.assignees', {})
  const user = useUser()
  const [quick, setQuick] = useState<QuickFilter>('all')
  const fixed = [
    ...(subscriberId ? [{ id: 'subscriberId', op: 'equals' as const, value: subscriberId }] : []),
    ...(quick === 'overdue' || quick === 'soon' ? [{ id: 'dueState', op: 'equals' as const, value: quick }] : []),
    ...(quick === 'mine' ? [{ id: 'assigneeId', op: 'equals' as const, value: user.id }] : []),
  ]
  const columns = useMemo(
    () => [
      col.accessor('number', {
        meta: { labelKey: 'billing:requests.col.number', filter: 'text', width: 215, mono: true },
        cell: (c) => (
          <Anchor size="sm" onClick={() => navigate(`/billing/requests/${c.row.original.id}`)} data-testid="request-open">
            {c.getValue()}
          </Anchor>
        ),
      }),
      col.accessor('type', {
        meta: { labelKey: 'billing:requests.col.type', filter: 'select', options: REQUEST_TYPES.map((x) => ({ value: x, labelKey: `billing:requests.types.${x}` })), width: 115 },
        cell: (c) => t(`requests.types.${c.getValue()}`),
      }),
      col.accessor('customerName', { meta: { labelKey: 'billing:requests.col.customer', filter: 'text', width: 160 } }),
      col.accessor('subject', { meta: { labelKey: 'billing:requests.col.subject', filter: 'text', width: 170 } }),
      col.accessor('status', {
        meta: { labelKey: 'billing:requests.col.status', filter: 'select', options: REQUEST_STATUSES.map((x) => ({ value: x, labelKey: `billing:requests.statuses.${x}` })), width: 150 },
        cell: (c) => <StatusBadge status={c.getValue()} />,
      }),
      col.accessor('dueDate', {
        meta: { labelKey: 'billing:requests.col.due', filter: 'date', width: 115 },
        cell: (c) => <DueBadge due={c.getValue()} state={c.row.original.dueState} />,
      }),
      col.accessor('assigneeName', {
        meta: { labelKey: 'billing:requests.col.assignee', filter: 'select', options: (people.data ?? []).map((p) => ({ value: p.fullName, label: p.fullName })), width: 140 },
        cell: (c) => c.getValue() ?? <Text size="sm" c="dimmed">—</Text>,
      }),
      col.accessor('dueState', {
        meta: { labelKey: 'billing:requests.col.dueState', filter: 'select', options: DUE_STATES.map((x) => ({ value: x, labelKey: `billing:requests.due.${x}` })), width: 130 },
        cell: (c) => t(`requests.due.${c.getValue()}`),
      }),
      col.accessor('receivedOn', { meta: { labelKey: 'billing:requests.col.received', filter: 'date', width: 110 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('channel', {
        meta: { labelKey: 'billing:requests.col.channel', filter: 'select', options: CHANNELS.map((x) => ({ value: x, labelKey: `billing:requests.channels.${x}` })), width: 110 },
        cell: (c) => t(`requests.channels.${c.getValue()}`),
      }),
      col.accessor('billId', { meta: { labelKey: 'billing:requests.col.bill', filter: 'text', width: 150, mono: true } }),
    ],
    [t, navigate, people.data],
  )
  return (
    <Page
      title={t('requests.title')}
      subtitle={t('requests.subtitle')}
      fill
      testId="billing-requests-screen"
      actions={
        can(REQUEST_PERMISSIONS.manage) && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="request-new">
            {t('requests.new')}
          </Button>
        )
      }
    >
      <DataTable
        tableId="billing.requests"
        method="billing.requests.list"
        columns={columns}
        selectable={false}
        exportName={t('requests.exportName')}
        defaultHidden={['channel', 'billId', 'dueState']}
        onRowOpen={(r) => navigate(`/billing/requests/${r.id}`)}
        filters={fixed}
        toolbar={
          <SegmentedControl
            size="xs"
            value={quick}
            onChange={(v) => setQuick(v as QuickFilter)}
            data={[
              { value: 'all', label: t('requests.quick.all') },
              { value: 'overdue', label: t('requests.due.overdue') },
              { value: 'soon', label: t('requests.due.soon') },
              { value: 'mine', label: t('requests.mine') },
            ]}
            data-testid="request-quick"
          />
        }
      />
      <RequestFormModal opened={creating} onClose={() => setCreating(false)} onCreated={(r) => navigate(`/billing/requests/${r.id}`)} />
    </Page>
  )
}

/** `billing/requests` (list) and `billing/requests/:id` (one request). */
export function RequestsScreen() {
  const { id } = useParams()
  return id ? <RequestPage id={id} /> : <RequestsList />
}
