import { useEffect, useMemo, useState } from 'react'
import { ActionIcon, Alert, Badge, Button, Checkbox, Group, Input, Modal, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconDashboard, IconPencil, IconPlus } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { BILLING_PERMISSIONS, MOROCCO_BOUNDS, pointCreateSchema, type ConnectionPointRow } from '../contract'
import { DataTable, FormActions, Page, useRpcMutation, useSession } from '../../../renderer/src/ui-kit'
import { NS, billingErrorMessage, billingValidate, serverFieldErrors } from './common'

const col = createColumnHelper<ConnectionPointRow>()
const EMPTY = { address: '', city: '', district: '', sector: '', lat: '', lng: '', water: true, electricity: false, sanitation: false, active: true }
type FormValues = typeof EMPTY
const ltr = { input: { direction: 'ltr' as const } }

/** "33,5951" or "33.5951" → 33.5951; empty → null; garbage → NaN (the schema reports it). */
const degrees = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim().replace(',', '.')))
const payloadOf = (v: FormValues) => ({
  address: v.address, city: v.city, district: v.district, sector: v.sector, lat: degrees(v.lat), lng: degrees(v.lng),
  water: v.water, electricity: v.electricity, sanitation: v.sanitation,
})

function PointFormModal({ point, onClose }: { point: ConnectionPointRow | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const isNew = point === 'new'
  const create = useRpcMutation('billing.points.create', { invalidate: ['billing.points'] })
  const update = useRpcMutation('billing.points.update', { invalidate: ['billing.points'] })
  const form = useForm<FormValues>({ initialValues: EMPTY, validate: (v) => billingValidate(pointCreateSchema, t)(payloadOf(v)) })
  useEffect(() => {
    if (point === 'new') form.setValues(EMPTY)
    else if (point) form.setValues({ ...point, lat: point.lat === null ? '' : String(point.lat), lng: point.lng === null ? '' : String(point.lng) })
    form.clearErrors()
    create.reset()
    update.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [point])
  const failure = create.error ?? update.error
  return (
    <Modal opened={point !== null} onClose={onClose} centered size="lg" title={<Text fw={650}>{isNew ? t('points.form.createTitle') : t('points.form.editTitle', { code: (point as ConnectionPointRow | null)?.code ?? '' })}</Text>}>
      <form
        noValidate
        data-testid="point-form"
        onSubmit={form.onSubmit(async (v) => {
          try {
            const saved = isNew ? await create.mutateAsync(payloadOf(v)) : await update.mutateAsync({ id: (point as ConnectionPointRow).id, ...payloadOf(v), active: v.active })
            notifications.show({ color: 'teal', message: isNew ? t('points.created', { code: saved.code }) : t('points.updated', { code: saved.code }) })
            onClose()
          } catch (e) {
            form.setErrors(serverFieldErrors(e, t))
          }
        })}
      >
        <Stack gap="sm">
          {failure && Object.keys(serverFieldErrors(failure, t)).length === 0 && <Alert color="red">{billingErrorMessage(failure, t)}</Alert>}
          <TextInput label={t('points.form.address')} withAsterisk data-testid="point-address" {...form.getInputProps('address')} />
          <Group grow align="flex-start">
            <TextInput label={t('points.form.city')} data-testid="point-city" {...form.getInputProps('city')} />
            <TextInput label={t('points.form.district')} data-testid="point-district" {...form.getInputProps('district')} />
            <TextInput label={t('points.form.sector')} data-testid="point-sector" styles={ltr} {...form.getInputProps('sector')} />
          </Group>
          <Group grow align="flex-start">
            <TextInput label={t('points.form.lat')} description={t('points.form.gpsHint', MOROCCO_BOUNDS)} data-testid="point-lat" styles={ltr} inputMode="decimal" {...form.getInputProps('lat')} />
            <TextInput label={t('points.form.lng')} data-testid="point-lng" styles={ltr} inputMode="decimal" {...form.getInputProps('lng')} />
          </Group>
          <Input.Wrapper label={t('points.form.commodities')} error={form.errors.water ?? form.errors.sanitation}>
            <Group mt={4}>
              <Checkbox label={t('commodities.water')} data-testid="point-water" {...form.getInputProps('water', { type: 'checkbox' })} error={undefined} />
              <Checkbox label={t('commodities.electricity')} data-testid="point-electricity" {...form.getInputProps('electricity', { type: 'checkbox' })} />
              <Checkbox label={t('commodities.sanitation')} data-testid="point-sanitation" {...form.getInputProps('sanitation', { type: 'checkbox' })} error={undefined} />
            </Group>
          </Input.Wrapper>
          {!isNew && <Switch label={t('points.form.active')} {...form.getInputProps('active', { type: 'checkbox' })} />}
          <FormActions onCancel={onClose} saving={create.isPending || update.isPending} submitLabel={isNew ? t('translation:common.create') : undefined} submitTestId="point-submit" />
        </Stack>
      </form>
    </Modal>
  )
}

export function CommodityBadges({ p }: { p: Pick<ConnectionPointRow, 'water' | 'electricity' | 'sanitation'> }) {
  const { t } = useTranslation(NS)
  return (
    <Group gap={4} wrap="nowrap">
      {p.water && <Badge size="sm" variant="light" color="blue">{t('commodities.water')}</Badge>}
      {p.electricity && <Badge size="sm" variant="light" color="yellow">{t('commodities.electricity')}</Badge>}
      {p.sanitation && <Badge size="sm" variant="light" color="teal">{t('commodities.sanitation')}</Badge>}
    </Group>
  )
}

export function PointsScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const manage = can(BILLING_PERMISSIONS.manage)
  const [editing, setEditing] = useState<ConnectionPointRow | 'new' | null>(null)
  const columns = useMemo(
    () => [
      col.accessor('code', { meta: { labelKey: 'billing:points.col.code', filter: 'text', width: 150, mono: true } }),
      col.accessor('address', { meta: { labelKey: 'billing:points.col.address', filter: 'text', width: 240 } }),
      col.accessor('city', { meta: { labelKey: 'billing:points.col.city', filter: 'text', width: 120 } }),
      col.accessor('district', { meta: { labelKey: 'billing:points.col.district', filter: 'text', width: 120 } }),
      col.accessor('sector', { meta: { labelKey: 'billing:points.col.sector', filter: 'text', width: 90, mono: true } }),
      col.accessor('water', { enableSorting: false, meta: { labelKey: 'billing:points.col.commodities', width: 220 }, cell: (c) => <CommodityBadges p={c.row.original} /> }),
      col.accessor('lat', { enableSorting: false, meta: { labelKey: 'billing:points.col.gps', width: 170, mono: true }, cell: (c) => (c.row.original.lat === null ? '—' : `${c.row.original.lat}, ${c.row.original.lng}`) }),
      col.accessor('siteCode', { meta: { labelKey: 'billing:points.col.site', filter: 'text', width: 80, mono: true } }),
    ],
    [],
  )
  return (
    <Page
      title={t('points.title')}
      subtitle={t('points.subtitle')}
      fill
      testId="billing-points-screen"
      actions={
        manage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="point-new">
            {t('points.new')}
          </Button>
        )
      }
    >
      <DataTable
        tableId="billing.points"
        method="billing.points.list"
        columns={columns}
        selectable={false}
        exportName={t('points.exportName')}
        onRowOpen={manage ? (r) => setEditing(r) : undefined}
        rowActions={(r) => (
          <Group gap={2} wrap="nowrap">
            <Tooltip label={t('meters.pointAction')}>
              <ActionIcon component="a" href={`#/billing/meters?point=${r.id}`} variant="subtle" color="gray" aria-label={t('meters.pointAction')} data-testid="point-meters">
                <IconDashboard size={16} />
              </ActionIcon>
            </Tooltip>
            {manage && (
              <Tooltip label={t('points.edit')}>
                <ActionIcon variant="subtle" color="gray" aria-label={t('points.edit')} onClick={() => setEditing(r)} data-testid="point-edit">
                  <IconPencil size={16} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        )}
      />
      <PointFormModal point={editing} onClose={() => setEditing(null)} />
    </Page>
  )
}
