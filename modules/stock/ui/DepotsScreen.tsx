import { useEffect, useMemo, useState } from 'react'
import { ActionIcon, Alert, Badge, Button, Grid, Group, Modal, Select, Stack, Switch, Text, TextInput, Title, Tooltip } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconAdjustmentsHorizontal, IconPencil, IconPlus } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { DEPOT_KINDS, STOCK_PERMISSIONS, binCreateSchema, depotCreateSchema, type BinRow, type DepotRow } from '../contract'
import { DataTable, FormActions, Page, formatFixed, isRpcFailure, parseMoney, useRpcMutation, useRpcQuery, useSession, zodValidate } from '../../../renderer/src/ui-kit'
import { ActiveBadge, Mono, NS, activeOptions, stockErrorMessage } from './common'

const dCol = createColumnHelper<DepotRow>()
const bCol = createColumnHelper<BinRow>()

function DepotFormModal({ depot, onClose, onSaved }: { depot: DepotRow | 'new' | null; onClose: () => void; onSaved: (d: DepotRow) => void }) {
  const { t } = useTranslation(NS)
  const isNew = depot === 'new'
  const create = useRpcMutation('stock.depots.create', { invalidate: ['stock.depots', 'stock.bins'] })
  const update = useRpcMutation('stock.depots.update', { invalidate: ['stock.depots', 'stock.bins'] })
  const form = useForm({
    initialValues: { code: '', name: '', siteCode: '', kind: 'normal' as DepotRow['kind'], active: true },
    validate: (v) =>
      zodValidate(depotCreateSchema, t, { code: 'stock:depots.form.codeFormat', siteCode: 'stock:depots.form.siteFormat' })({
        code: isNew ? v.code : 'X',
        name: v.name,
        ...(v.siteCode.trim() ? { siteCode: v.siteCode.trim() } : {}),
        kind: v.kind,
      }),
  })
  useEffect(() => {
    if (depot === 'new') form.setValues({ code: '', name: '', siteCode: '', kind: 'normal', active: true })
    else if (depot) form.setValues({ code: depot.code, name: depot.name, siteCode: depot.siteCode, kind: depot.kind, active: depot.active })
    form.clearErrors()
    create.reset()
    update.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [depot])
  const failure = create.error ?? update.error
  return (
    <Modal opened={depot !== null} onClose={onClose} centered title={<Text fw={650}>{isNew ? t('depots.form.createTitle') : t('depots.form.editTitle', { code: (depot as DepotRow | null)?.code ?? '' })}</Text>}>
      <form
        noValidate
        data-testid="depot-form"
        onSubmit={form.onSubmit(async (v) => {
          try {
            const saved = isNew
              ? await create.mutateAsync({ code: v.code.trim(), name: v.name.trim(), kind: v.kind, ...(v.siteCode.trim() ? { siteCode: v.siteCode.trim() } : {}) })
              : await update.mutateAsync({ id: (depot as DepotRow).id, name: v.name.trim(), active: v.active })
            notifications.show({ color: 'teal', message: isNew ? t('depots.created', { code: saved.code }) : t('depots.updated', { code: saved.code }) })
            onSaved(saved)
            onClose()
          } catch (e) {
            if (isRpcFailure(e) && e.code === 'CONFLICT') form.setFieldError('code', t('depots.form.codeTaken'))
          }
        })}
      >
        <Stack gap="sm">
          {failure && !(isRpcFailure(failure) && failure.code === 'CONFLICT') && <Alert color="red">{stockErrorMessage(failure, t)}</Alert>}
          <Group grow align="flex-start">
            <TextInput
              label={t('depots.form.code')}
              description={isNew ? t('depots.form.codeHint') : undefined}
              withAsterisk={isNew}
              disabled={!isNew}
              data-testid="depot-code"
              styles={{ input: { direction: 'ltr' } }}
              {...form.getInputProps('code')}
              onChange={(e) => form.setFieldValue('code', e.currentTarget.value.toUpperCase())}
            />
            <Select
              label={t('depots.form.kind')}
              disabled={!isNew}
              allowDeselect={false}
              data={DEPOT_KINDS.map((k) => ({ value: k, label: t(`depotKinds.${k}`) }))}
              data-testid="depot-kind"
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('kind')}
            />
          </Group>
          <TextInput label={t('depots.form.name')} withAsterisk data-testid="depot-name" {...form.getInputProps('name')} />
          <TextInput
            label={t('depots.form.site')}
            description={isNew ? t('depots.form.siteHint') : undefined}
            disabled={!isNew}
            data-testid="depot-site"
            styles={{ input: { direction: 'ltr' } }}
            {...form.getInputProps('siteCode')}
          />
          {!isNew && <Switch label={t('depots.form.active')} data-testid="depot-active" {...form.getInputProps('active', { type: 'checkbox' })} />}
          <FormActions onCancel={onClose} saving={create.isPending || update.isPending} submitLabel={isNew ? t('translation:common.create') : undefined} submitTestId="depot-submit" />
        </Stack>
      </form>
    </Modal>
  )
}

function BinFormModal({ depot, bin, onClose }: { depot: DepotRow | null; bin: BinRow | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const isNew = bin === 'new'
  const create = useRpcMutation('stock.bins.create', { invalidate: ['stock.bins', 'stock.depots'] })
  const update = useRpcMutation('stock.bins.update', { invalidate: ['stock.bins', 'stock.depots'] })
  const form = useForm({
    initialValues: { code: '', name: '', active: true },
    validate: (v) => zodValidate(binCreateSchema, t, { code: 'stock:depots.form.codeFormat' })({ depotId: depot?.id, code: isNew ? v.code : 'X', name: v.name }),
  })
  useEffect(() => {
    if (bin === 'new') form.setValues({ code: '', name: '', active: true })
    else if (bin) form.setValues({ code: bin.code, name: bin.name, active: bin.active })
    form.clearErrors()
    create.reset()
    update.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bin])
  const failure = create.error ?? update.error
  return (
    <Modal
      opened={bin !== null && !!depot}
      onClose={onClose}
      centered
      title={<Text fw={650}>{isNew ? t('bins.form.createTitle', { depot: depot?.code ?? '' }) : t('bins.form.editTitle', { code: (bin as BinRow | null)?.code ?? '' })}</Text>}
    >
      <form
        noValidate
        data-testid="bin-form"
        onSubmit={form.onSubmit(async (v) => {
          if (!depot) return
          try {
            const saved = isNew
              ? await create.mutateAsync({ depotId: depot.id, code: v.code.trim(), name: v.name.trim() })
              : await update.mutateAsync({ id: (bin as BinRow).id, name: v.name.trim(), active: v.active })
            notifications.show({ color: 'teal', message: isNew ? t('bins.created', { code: saved.code }) : t('bins.updated', { code: saved.code }) })
            onClose()
          } catch (e) {
            if (isRpcFailure(e) && e.code === 'CONFLICT') form.setFieldError('code', t('bins.form.codeTaken'))
          }
        })}
      >
        <Stack gap="sm">
          {failure && !(isRpcFailure(failure) && failure.code === 'CONFLICT') && <Alert color="red">{stockErrorMessage(failure, t)}</Alert>}
          <TextInput
            label={t('bins.form.code')}
            description={isNew ? t('depots.form.codeHint') : undefined}
            withAsterisk={isNew}
            disabled={!isNew}
            data-testid="bin-code"
            styles={{ input: { direction: 'ltr' } }}
            {...form.getInputProps('code')}
            onChange={(e) => form.setFieldValue('code', e.currentTarget.value.toUpperCase())}
          />
          <TextInput label={t('bins.form.name')} data-testid="bin-name" {...form.getInputProps('name')} />
          {!isNew && <Switch label={t('depots.form.active')} data-testid="bin-active" {...form.getInputProps('active', { type: 'checkbox' })} />}
          <FormActions onCancel={onClose} saving={create.isPending || update.isPending} submitLabel={isNew ? t('translation:common.create') : undefined} submitTestId="bin-submit" />
        </Stack>
      </form>
    </Modal>
  )
}

function SettingsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const q = useRpcQuery('stock.settings.get', {}, { enabled: opened })
  const save = useRpcMutation('stock.settings.update', { invalidate: ['stock.settings'] })
  const form = useForm({
    initialValues: { allowNegative: false, threshold: '' },
    validate: { threshold: (v) => (v.trim() === '' || parseMoney(v) !== null ? null : t('form.amountInvalid')) },
  })
  useEffect(() => {
    if (q.data && opened) form.setValues({ allowNegative: q.data.allowNegative, threshold: formatFixed(q.data.varianceApprovalThreshold, 2) })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q.data, opened])
  return (
    <Modal opened={opened} onClose={onClose} centered title={<Text fw={650}>{t('settings.title')}</Text>}>
      <form
        noValidate
        data-testid="stock-settings-form"
        onSubmit={form.onSubmit(async (v) => {
          try {
            await save.mutateAsync({ allowNegative: v.allowNegative, varianceApprovalThreshold: parseMoney(v.threshold) ?? 0 })
            notifications.show({ color: 'teal', message: t('settings.saved') })
            onClose()
          } catch (e) {
            notifications.show({ color: 'red', message: stockErrorMessage(e, t) })
          }
        })}
      >
        <Stack gap="sm">
          <Switch label={t('settings.allowNegative')} description={t('settings.allowNegativeHint')} {...form.getInputProps('allowNegative', { type: 'checkbox' })} data-testid="settings-allow-negative" />
          <TextInput
            label={t('settings.threshold')}
            description={t('settings.thresholdHint')}
            inputMode="decimal"
            rightSection={<Text fz="xs" c="dimmed">{t('common.currency')}</Text>}
            rightSectionWidth={44}
            styles={{ input: { textAlign: 'end', direction: 'ltr' } }}
            {...form.getInputProps('threshold')}
          />
          <FormActions onCancel={onClose} saving={save.isPending} disabled={!q.data} submitTestId="settings-submit" />
        </Stack>
      </form>
    </Modal>
  )
}

export function DepotsScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const manage = can(STOCK_PERMISSIONS.manage)
  // Stock settings (approval threshold, negative stock) are the manager's controls over the keeper's work.
  const approve = can(STOCK_PERMISSIONS.approve)
  const [selected, setSelected] = useState<DepotRow | null>(null)
  const [editingDepot, setEditingDepot] = useState<DepotRow | 'new' | null>(null)
  const [editingBin, setEditingBin] = useState<BinRow | 'new' | null>(null)
  const [settings, setSettings] = useState(false)

  const depotColumns = useMemo(
    () => [
      dCol.accessor('code', { meta: { labelKey: 'stock:depots.col.code', filter: 'text', width: 110, mono: true }, cell: (c) => <Mono fw={600}>{c.getValue()}</Mono> }),
      dCol.accessor('name', { meta: { labelKey: 'stock:depots.col.name', filter: 'text', width: 170 } }),
      dCol.accessor('siteCode', { meta: { labelKey: 'stock:depots.col.site', filter: 'text', width: 80, mono: true } }),
      dCol.accessor('kind', {
        meta: { labelKey: 'stock:depots.col.kind', filter: 'select', options: DEPOT_KINDS.map((k) => ({ value: k, labelKey: `stock:depotKinds.${k}` })), width: 105 },
        cell: (c) => (
          <Badge size="sm" variant={c.getValue() === 'transit' ? 'light' : 'default'} color={c.getValue() === 'transit' ? 'violet' : 'gray'} radius="sm">
            {t(`depotKinds.${c.getValue()}`)}
          </Badge>
        ),
      }),
      dCol.accessor('binCount', { enableSorting: false, meta: { labelKey: 'stock:depots.col.bins', align: 'end', width: 70 } }),
      dCol.accessor('active', { meta: { labelKey: 'stock:depots.col.active', filter: 'select', options: activeOptions, width: 95 }, cell: (c) => <ActiveBadge active={c.getValue()} /> }),
    ],
    [t],
  )
  const binColumns = useMemo(
    () => [
      bCol.accessor('code', { meta: { labelKey: 'stock:bins.col.code', filter: 'text', width: 110, mono: true }, cell: (c) => <Mono fw={600}>{c.getValue()}</Mono> }),
      bCol.accessor('name', { meta: { labelKey: 'stock:bins.col.name', filter: 'text', width: 200 } }),
      bCol.accessor('active', { meta: { labelKey: 'stock:bins.col.active', filter: 'select', options: activeOptions, width: 100 }, cell: (c) => <ActiveBadge active={c.getValue()} /> }),
    ],
    [],
  )
  const binFilters = useMemo(() => (selected ? [{ id: 'depotId', op: 'equals' as const, value: selected.id }] : []), [selected])

  return (
    <Page
      title={t('depots.title')}
      subtitle={t('depots.subtitle')}
      fill
      testId="stock-depots-screen"
      actions={
        (manage || approve) && (
          <>
            {approve && (
              <Button variant="default" leftSection={<IconAdjustmentsHorizontal size={16} />} onClick={() => setSettings(true)} data-testid="stock-settings">
                {t('settings.title')}
              </Button>
            )}
            {manage && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setEditingDepot('new')} data-testid="depot-new">
                {t('depots.new')}
              </Button>
            )}
          </>
        )
      }
    >
      <Grid gap="md" style={{ flex: 1, minHeight: 0 }}>
        <Grid.Col span={{ base: 12, lg: 7 }} style={{ display: 'flex', flexDirection: 'column', minHeight: 360 }}>
          <DataTable
            tableId="stock.depots"
            method="stock.depots.list"
            columns={depotColumns}
            selectable={false}
            exportable={false}
            onRowOpen={(d) => setSelected(d)}
            rowActions={
              manage
                ? (d) => (
                    <Tooltip label={t('depots.edit')}>
                      <ActionIcon variant="subtle" color="gray" aria-label={t('depots.edit')} onClick={() => setEditingDepot(d)} data-testid="depot-edit">
                        <IconPencil size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )
                : undefined
            }
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }} style={{ display: 'flex', flexDirection: 'column', minHeight: 360 }}>
          <Group justify="space-between" mb="xs" wrap="nowrap">
            <Title order={4} fz={15} data-testid="bins-title">
              {selected ? t('bins.titleOf', { depot: selected.code }) : t('bins.title')}
            </Title>
            {manage && selected && (
              <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setEditingBin('new')} data-testid="bin-new">
                {t('bins.new')}
              </Button>
            )}
          </Group>
          {selected ? (
            <DataTable
              key={selected.id}
              tableId="stock.bins"
              method="stock.bins.list"
              columns={binColumns}
              filters={binFilters}
              selectable={false}
              exportable={false}
              onRowOpen={manage ? (b) => setEditingBin(b) : undefined}
              rowActions={
                manage
                  ? (b) => (
                      <Tooltip label={t('bins.edit')}>
                        <ActionIcon variant="subtle" color="gray" aria-label={t('bins.edit')} onClick={() => setEditingBin(b)} data-testid="bin-edit">
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )
                  : undefined
              }
            />
          ) : (
            <Alert variant="light" color="gray" data-testid="bins-pick-depot">
              {t('bins.pickDepot')}
            </Alert>
          )}
        </Grid.Col>
      </Grid>
      <DepotFormModal depot={editingDepot} onClose={() => setEditingDepot(null)} onSaved={(d) => setSelected(d)} />
      <BinFormModal depot={selected} bin={editingBin} onClose={() => setEditingBin(null)} />
      <SettingsModal opened={settings} onClose={() => setSettings(false)} />
    </Page>
  )
}
