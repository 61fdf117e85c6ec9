import { useMemo, useState } from 'react'
import { Alert, Badge, Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconPlus } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { RUN_STATUSES, RUNS_PERMISSIONS, type RunRow, type RunStatus } from '../../runs.contract'
import { DataTable, FormActions, Page, formatMoney, useRpcMutation, useRpcQuery, useSession } from '../../../../renderer/src/ui-kit'
import { NS, billingErrorMessage, formatDay, serverFieldErrors } from '../common'

const col = createColumnHelper<RunRow>()
const DATE = /^\d{4}-\d{2}-\d{2}$/
const today = () => new Date().toISOString().slice(0, 10)

export const RUN_STATUS_COLOR: Record<RunStatus, string> = { draft: 'gray', simulated: 'blue', posted: 'teal' }

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const { t } = useTranslation(NS)
  return (
    <Badge size="sm" variant="light" color={RUN_STATUS_COLOR[status]} data-testid="run-status">
      {t(`runs.status.${status}`)}
    </Badge>
  )
}

function NewRunModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const navigate = useNavigate()
  const sectors = useRpcQuery('billing.runs.sectors', {}, { enabled: opened })
  const create = useRpcMutation('billing.runs.create', { invalidate: ['billing.runs'] })
  const form = useForm({
    initialValues: { sector: '', upTo: today(), billDate: today(), dueDays: 15 as number | string },
    validate: {
      upTo: (v) => (DATE.test(v) ? null : t('runs.form.invalidDate')),
      billDate: (v) => (DATE.test(v) ? null : t('runs.form.invalidDate')),
      dueDays: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 120 ? null : t('runs.form.invalidDays')),
    },
  })
  const options = [{ value: '', label: t('runs.allSectors') }, ...(sectors.data ?? []).map((s) => ({ value: s, label: s }))]
  return (
    <Modal opened={opened} onClose={onClose} centered title={<Text fw={650}>{t('runs.form.title')}</Text>}>
      <form
        noValidate
        data-testid="run-form"
        onSubmit={form.onSubmit(async (v) => {
          try {
            const run = await create.mutateAsync({ sector: v.sector, upTo: v.upTo, billDate: v.billDate, dueDays: Number(v.dueDays) })
            notifications.show({ color: 'teal', message: t('runs.form.created', { number: run.number }) })
            form.reset()
            onClose()
            navigate(`/billing/runs/${run.id}`)
          } catch (e) {
            form.setErrors(serverFieldErrors(e, t))
          }
        })}
      >
        <Stack gap="sm">
          {create.error && Object.keys(serverFieldErrors(create.error, t)).length === 0 && <Alert color="red">{billingErrorMessage(create.error, t)}</Alert>}
          <Select label={t('runs.form.sector')} data={options} allowDeselect={false} comboboxProps={{ withinPortal: true }} data-testid="run-sector" {...form.getInputProps('sector')} />
          <TextInput type="date" label={t('runs.form.upTo')} description={t('runs.form.upToHint')} withAsterisk data-testid="run-upto" {...form.getInputProps('upTo')} />
          <Group grow align="flex-start">
            <TextInput type="date" label={t('runs.form.billDate')} withAsterisk data-testid="run-billdate" {...form.getInputProps('billDate')} />
            <NumberInput
              label={t('runs.form.dueDays')}
              description={t('runs.form.dueHint', { count: Number(form.values.dueDays) || 0 })}
              min={0}
              max={120}
              allowDecimal={false}
              data-testid="run-duedays"
              {...form.getInputProps('dueDays')}
            />
          </Group>
          <FormActions onCancel={onClose} saving={create.isPending} submitLabel={t('translation:common.create')} submitTestId="run-submit" />
        </Stack>
      </form>
    </Modal>
  )
}

export function RunsScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const navigate = useNavigate()
  const [creating, setCreating] = useState(false)
  const columns = useMemo(
    () => [
      col.accessor('number', { meta: { labelKey: 'billing:runs.col.number', filter: 'text', width: 150, mono: true } }),
      col.accessor('sector', { meta: { labelKey: 'billing:runs.col.sector', filter: 'text', width: 110 }, cell: (c) => c.getValue() || t('runs.allSectors') }),
      col.accessor('upTo', { meta: { labelKey: 'billing:runs.col.upTo', filter: 'date', width: 130 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('billDate', { meta: { labelKey: 'billing:runs.col.billDate', filter: 'date', width: 120 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('dueDate', { meta: { labelKey: 'billing:runs.col.dueDate', filter: 'date', width: 120 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('status', {
        meta: { labelKey: 'billing:runs.col.status', filter: 'select', options: RUN_STATUSES.map((s) => ({ value: s, labelKey: `billing:runs.status.${s}` })), width: 120 },
        cell: (c) => <RunStatusBadge status={c.getValue()} />,
      }),
      col.accessor('billCount', { meta: { labelKey: 'billing:runs.col.billCount', filter: 'number', align: 'end', width: 100 } }),
      col.accessor('total', { meta: { labelKey: 'billing:runs.col.total', filter: 'number', align: 'end', width: 140, exportAs: 'money' }, cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('createdAt', { meta: { labelKey: 'billing:runs.col.createdAt', filter: 'date', width: 120 }, cell: (c) => formatDay(c.getValue().slice(0, 10)) }),
    ],
    [t],
  )
  return (
    <Page
      title={t('runs.title')}
      subtitle={t('runs.subtitle')}
      fill
      testId="billing-runs-screen"
      actions={
        can(RUNS_PERMISSIONS.runs) && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="run-new">
            {t('runs.new')}
          </Button>
        )
      }
    >
      <DataTable tableId="billing.runs" method="billing.runs.list" columns={columns} selectable={false} exportName={t('runs.exportName')} onRowOpen={(r) => navigate(`/billing/runs/${r.id}`)} />
      <NewRunModal opened={creating} onClose={() => setCreating(false)} />
    </Page>
  )
}
