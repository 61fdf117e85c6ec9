import { useEffect, useMemo, useState } from 'react'
import { ActionIcon, Alert, Badge, Button, Group, Modal, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconDoorExit, IconPlus } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { BILLING_PERMISSIONS, COMMODITIES, TARIFF_CATEGORIES, type Commodity, type ContractRow } from '../contract'
import { DataTable, FormActions, Page, formatMoney, parseMoney, parseQty, useRpcMutation, useRpcQuery, useSession } from '../../../renderer/src/ui-kit'
import { NS, billingErrorMessage, formatDay, serverFieldErrors } from './common'
import { MoveIndexField, indexError, useMeterAt } from './meters/common'

const col = createColumnHelper<ContractRow>()
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** A searchable picker over a list method (server-side search as you type). */
function useOptions(method: 'billing.subscribers.list' | 'billing.points.list', search: string) {
  const [debounced] = useDebouncedValue(search, 250)
  const q = useRpcQuery(method, { search: debounced, pageSize: 20, filters: [{ id: 'active', op: 'equals', value: true }] })
  return (q.data?.rows ?? []).map((r) =>
    'nameLatin' in r ? { value: r.id, label: `${r.number} · ${r.nameLatin}` } : { value: r.id, label: `${r.code} · ${r.address}` },
  )
}

function ContractFormModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const create = useRpcMutation('billing.contracts.create', { invalidate: ['billing.contracts'] })
  const [subSearch, setSubSearch] = useState('')
  const [pointSearch, setPointSearch] = useState('')
  const subscribers = useOptions('billing.subscribers.list', subSearch)
  const points = useOptions('billing.points.list', pointSearch)
  const req = t('translation:validation.required')
  const form = useForm({
    initialValues: { subscriberId: '', pointId: '', commodity: 'water' as Commodity, category: 'domestique', startDate: new Date().toISOString().slice(0, 10), deposit: '0', moveIndex: '' },
    validate: {
      subscriberId: (v) => (v ? null : req),
      pointId: (v) => (v ? null : req),
      startDate: (v) => (DATE.test(v) ? null : req),
      deposit: (v) => (parseMoney(v) !== null && (parseMoney(v) ?? -1) >= 0 ? null : t('contracts.form.depositInvalid')),
    },
  })
  // A meter in service at the point for the commodity: the move-in index is asked (a `move_in` read).
  const { meter } = useMeterAt(form.values.pointId, form.values.commodity)
  return (
    <Modal opened={opened} onClose={onClose} centered size="lg" title={<Text fw={650}>{t('contracts.form.createTitle')}</Text>}>
      <form
        noValidate
        data-testid="contract-form"
        onSubmit={form.onSubmit(async ({ moveIndex, ...v }) => {
          const moveError = meter ? indexError(moveIndex, meter.digits, t) : null
          if (moveError) return form.setFieldError('moveIndex', moveError)
          try {
            const saved = await create.mutateAsync({ ...v, deposit: parseMoney(v.deposit) ?? 0, ...(meter ? { moveInIndex: parseQty(moveIndex) ?? 0 } : {}) })
            notifications.show({ color: 'teal', message: t('contracts.created', { number: saved.number }) })
            form.reset()
            onClose()
          } catch (e) {
            form.setErrors(serverFieldErrors(e, t))
          }
        })}
      >
        <Stack gap="sm">
          {create.error && Object.keys(serverFieldErrors(create.error, t)).length === 0 && <Alert color="red">{billingErrorMessage(create.error, t)}</Alert>}
          <Select
            label={t('contracts.form.subscriber')}
            withAsterisk
            searchable
            filter={({ options }) => options}
            searchValue={subSearch}
            onSearchChange={setSubSearch}
            data={subscribers}
            nothingFoundMessage={t('contracts.form.nothing')}
            comboboxProps={{ withinPortal: true }}
            data-testid="contract-subscriber"
            {...form.getInputProps('subscriberId')}
          />
          <Select
            label={t('contracts.form.point')}
            withAsterisk
            searchable
            filter={({ options }) => options}
            searchValue={pointSearch}
            onSearchChange={setPointSearch}
            data={points}
            nothingFoundMessage={t('contracts.form.nothing')}
            comboboxProps={{ withinPortal: true }}
            data-testid="contract-point"
            {...form.getInputProps('pointId')}
          />
          <Group grow align="flex-start">
            <Select
              label={t('contracts.col.commodity')}
              allowDeselect={false}
              data={COMMODITIES.map((c) => ({ value: c, label: t(`commodities.${c}`) }))}
              comboboxProps={{ withinPortal: true }}
              data-testid="contract-commodity"
              {...form.getInputProps('commodity')}
            />
            <Select
              label={t('contracts.col.category')}
              allowDeselect={false}
              data={TARIFF_CATEGORIES.map((c) => ({ value: c, label: t(`categories.${c}`) }))}
              comboboxProps={{ withinPortal: true }}
              data-testid="contract-category"
              {...form.getInputProps('category')}
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput type="date" label={t('contracts.form.startDate')} withAsterisk data-testid="contract-start" {...form.getInputProps('startDate')} />
            <TextInput label={t('contracts.form.deposit')} inputMode="decimal" styles={{ input: { direction: 'ltr', textAlign: 'end' } }} data-testid="contract-deposit" {...form.getInputProps('deposit')} />
          </Group>
          <MoveIndexField kind="in" meter={meter} value={form.values.moveIndex} onChange={(x) => form.setFieldValue('moveIndex', x)} error={form.errors.moveIndex as string | undefined} />
          <FormActions onCancel={onClose} saving={create.isPending} submitLabel={t('translation:common.create')} submitTestId="contract-submit" />
        </Stack>
      </form>
    </Modal>
  )
}

function EndModal({ contract, onClose }: { contract: ContractRow | null; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const end = useRpcMutation('billing.contracts.end', { invalidate: ['billing.contracts'] })
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10))
  const { meter } = useMeterAt(contract?.pointId ?? '', contract?.commodity ?? '')
  const [moveIndex, setMoveIndex] = useState('')
  const [moveError, setMoveError] = useState<string | null>(null)
  useEffect(() => {
    setMoveIndex('')
    setMoveError(null)
  }, [contract])
  return (
    <Modal opened={contract !== null} onClose={onClose} centered title={<Text fw={650}>{t('contracts.end.title', { number: contract?.number ?? '' })}</Text>}>
      <Stack gap="sm">
        {end.error && <Alert color="red">{Object.values(serverFieldErrors(end.error, t))[0] ?? billingErrorMessage(end.error, t)}</Alert>}
        <TextInput type="date" label={t('contracts.end.date')} description={t('contracts.end.hint')} value={date} onChange={(e) => setDate(e.currentTarget.value)} data-testid="contract-end-date" />
        <MoveIndexField
          kind="out"
          meter={meter}
          value={moveIndex}
          onChange={(v) => {
            setMoveIndex(v)
            setMoveError(null)
          }}
          error={moveError}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('translation:common.cancel')}
          </Button>
          <Button
            color="orange"
            loading={end.isPending}
            data-testid="contract-end-submit"
            onClick={async () => {
              if (!contract) return
              const indexProblem = meter ? indexError(moveIndex, meter.digits, t) : null
              setMoveError(indexProblem)
              if (indexProblem) return
              try {
                await end.mutateAsync({ id: contract.id, endDate: date, ...(meter ? { moveOutIndex: parseQty(moveIndex) ?? 0 } : {}) })
                notifications.show({ color: 'teal', message: t('contracts.end.done', { number: contract.number }) })
                onClose()
              } catch {
                // shown above
              }
            }}
          >
            {t('contracts.end.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

export function ContractsScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const manage = can(BILLING_PERMISSIONS.manage)
  const [creating, setCreating] = useState(false)
  const [ending, setEnding] = useState<ContractRow | null>(null)
  const columns = useMemo(
    () => [
      col.accessor('number', { meta: { labelKey: 'billing:contracts.col.number', filter: 'text', width: 150, mono: true } }),
      col.accessor('subscriberName', { meta: { labelKey: 'billing:contracts.col.subscriber', filter: 'text', width: 200 } }),
      col.accessor('pointCode', { meta: { labelKey: 'billing:contracts.col.point', filter: 'text', width: 150, mono: true } }),
      col.accessor('pointAddress', { meta: { labelKey: 'billing:contracts.col.address', filter: 'text', width: 200 } }),
      col.accessor('commodity', {
        meta: { labelKey: 'billing:contracts.col.commodity', filter: 'select', options: COMMODITIES.map((c) => ({ value: c, labelKey: `billing:commodities.${c}` })), width: 130 },
        cell: (c) => t(`commodities.${c.getValue()}`),
      }),
      col.accessor('category', { meta: { labelKey: 'billing:contracts.col.category', filter: 'text', width: 130 }, cell: (c) => t(`categories.${c.getValue()}`, { defaultValue: c.getValue() }) }),
      col.accessor('startDate', { meta: { labelKey: 'billing:contracts.col.start', filter: 'date', width: 110 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('endDate', {
        meta: { labelKey: 'billing:contracts.col.end', filter: 'date', width: 120 },
        cell: (c) => (c.getValue() ? formatDay(c.getValue()) : <Badge size="sm" variant="light" color="teal">{t('contracts.running')}</Badge>),
      }),
      col.accessor('deposit', { meta: { labelKey: 'billing:contracts.col.deposit', align: 'end', width: 110, exportAs: 'money' }, cell: (c) => formatMoney(c.getValue()) }),
    ],
    [t],
  )
  return (
    <Page
      title={t('contracts.title')}
      subtitle={t('contracts.subtitle')}
      fill
      testId="billing-contracts-screen"
      actions={
        manage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="contract-new">
            {t('contracts.new')}
          </Button>
        )
      }
    >
      <DataTable
        tableId="billing.contracts"
        method="billing.contracts.list"
        columns={columns}
        selectable={false}
        exportName={t('contracts.exportName')}
        rowActions={
          manage
            ? (r) =>
                r.endDate === null && (
                  <Tooltip label={t('contracts.end.action')}>
                    <ActionIcon variant="subtle" color="gray" aria-label={t('contracts.end.action')} onClick={() => setEnding(r)} data-testid="contract-end">
                      <IconDoorExit size={16} />
                    </ActionIcon>
                  </Tooltip>
                )
            : undefined
        }
      />
      <ContractFormModal opened={creating} onClose={() => setCreating(false)} />
      <EndModal contract={ending} onClose={() => setEnding(null)} />
    </Page>
  )
}
