import { useEffect, useMemo, useState } from 'react'
import { ActionIcon, Alert, Anchor, Badge, Button, Group, List, Modal, SegmentedControl, Select, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconPencil, IconPlus } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import {
  BILLING_PERMISSIONS,
  MESSAGE_LANGUAGES,
  SUBSCRIBER_KINDS,
  subscriberCreateSchema,
  type DuplicateCandidate,
  type SubscriberKind,
  type SubscriberRow,
} from '../contract'
import { DataTable, FormActions, Page, formatDate, isRpcFailure, useRpcMutation, useRpcQuery, useSession } from '../../../renderer/src/ui-kit'
import { NS, billingErrorMessage, billingValidate, serverFieldErrors } from './common'

const col = createColumnHelper<SubscriberRow>()

const EMPTY = {
  kind: 'person' as SubscriberKind,
  nameLatin: '',
  nameAr: '',
  cin: '',
  ice: '',
  phone: '',
  phone2: '',
  email: '',
  address: '',
  city: '',
  language: 'fr' as SubscriberRow['language'],
  smsConsent: false,
  active: true,
}
type FormValues = typeof EMPTY

/** The contract's fields of the form (without `active`, an update-only switch). */
const payloadOf = (v: FormValues) => ({
  kind: v.kind, nameLatin: v.nameLatin, nameAr: v.nameAr, cin: v.kind === 'person' ? v.cin : '', ice: v.kind === 'organisation' ? v.ice : '', phone: v.phone, phone2: v.phone2,
  email: v.email, address: v.address, city: v.city, language: v.language, smsConsent: v.smsConsent,
})

const ltr = { input: { direction: 'ltr' as const } }

function DuplicateWarning({ candidates }: { candidates: DuplicateCandidate[] }) {
  const { t } = useTranslation(NS)
  return (
    <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('subscribers.duplicates.title', { count: candidates.length })} data-testid="duplicate-warning">
      <List size="sm" spacing={2}>
        {candidates.map((c) => (
          <List.Item key={c.subscriber.id} data-testid="duplicate-candidate">
            <Text span fw={600} fz="sm">
              {c.subscriber.number}
            </Text>{' '}
            {c.subscriber.nameLatin}
            {c.subscriber.nameAr && ` · ${c.subscriber.nameAr}`} —{' '}
            {c.matches.map((m) => (
              <Badge key={m} size="xs" variant="light" color="orange" mx={2}>
                {t(`subscribers.duplicates.match.${m}`)}
              </Badge>
            ))}
          </List.Item>
        ))}
      </List>
      <Text fz="xs" mt={6} c="dimmed">
        {t('subscribers.duplicates.hint')}
      </Text>
    </Alert>
  )
}

export function SubscriberFormModal({ subscriber, onClose }: { subscriber: SubscriberRow | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const isNew = subscriber === 'new'
  const create = useRpcMutation('billing.subscribers.create', { invalidate: ['billing.subscribers'] })
  const update = useRpcMutation('billing.subscribers.update', { invalidate: ['billing.subscribers'] })
  const [confirmed, setConfirmed] = useState<DuplicateCandidate[] | null>(null)
  const form = useForm<FormValues>({
    initialValues: EMPTY,
    validate: (v) => billingValidate(subscriberCreateSchema, t)(payloadOf(v)),
  })
  useEffect(() => {
    if (subscriber === 'new') form.setValues(EMPTY)
    else if (subscriber)
      form.setValues({
        ...subscriber,
        cin: subscriber.cin ?? '',
        ice: subscriber.ice ?? '',
        phone: subscriber.phone ?? '',
        phone2: subscriber.phone2 ?? '',
        email: subscriber.email ?? '',
      })
    form.clearErrors()
    setConfirmed(null)
    create.reset()
    update.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [subscriber])

  // Live duplicate check while typing (new subscribers only).
  const probe = { nameLatin: form.values.nameLatin, nameAr: form.values.nameAr, cin: form.values.cin, ice: form.values.ice, phone: form.values.phone }
  const [debounced] = useDebouncedValue(probe, 400)
  const probeValid = subscriberCreateSchema.safeParse({ kind: 'person', nameLatin: 'xx', cin: debounced.cin, phone: debounced.phone }).success
  const dup = useRpcQuery(
    'billing.subscribers.duplicates',
    { nameLatin: debounced.nameLatin, nameAr: debounced.nameAr, cin: probeValid ? debounced.cin : '', phone: probeValid ? debounced.phone : '' },
    { enabled: isNew && subscriber !== null && (debounced.nameLatin.trim().length >= 3 || debounced.nameAr.trim().length >= 3 || probeValid) },
  )
  const candidates = confirmed ?? (isNew ? (dup.data ?? []) : [])
  const failure = create.error ?? update.error
  const showFailure = failure && !(isRpcFailure(failure) && (failure.code === 'VALIDATION' || (failure.details as { reason?: string } | undefined)?.reason === 'DUPLICATES'))

  return (
    <Modal
      opened={subscriber !== null}
      onClose={onClose}
      size="lg"
      centered
      title={<Text fw={650}>{isNew ? t('subscribers.form.createTitle') : t('subscribers.form.editTitle', { number: (subscriber as SubscriberRow | null)?.number ?? '' })}</Text>}
    >
      <form
        noValidate
        data-testid="subscriber-form"
        onSubmit={form.onSubmit(async (v) => {
          const payload = payloadOf(v)
          try {
            const saved = isNew
              ? await create.mutateAsync({ ...payload, confirmDuplicates: candidates.length > 0 && confirmed !== null })
              : await update.mutateAsync({ id: (subscriber as SubscriberRow).id, ...payload, active: v.active })
            notifications.show({ color: 'teal', message: isNew ? t('subscribers.created', { number: saved.number }) : t('subscribers.updated', { number: saved.number }) })
            onClose()
          } catch (e) {
            if (isRpcFailure(e) && (e.details as { reason?: string } | undefined)?.reason === 'DUPLICATES') {
              setConfirmed((e.details as { candidates: DuplicateCandidate[] }).candidates)
              return
            }
            form.setErrors(serverFieldErrors(e, t))
          }
        })}
      >
        <Stack gap="sm">
          {showFailure && <Alert color="red">{billingErrorMessage(failure, t)}</Alert>}
          <SegmentedControl
            data={SUBSCRIBER_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
            data-testid="subscriber-kind"
            {...form.getInputProps('kind')}
          />
          <Group grow align="flex-start">
            <TextInput label={t('subscribers.form.nameLatin')} withAsterisk data-testid="subscriber-name-latin" styles={ltr} {...form.getInputProps('nameLatin')} />
            <TextInput label={t('subscribers.form.nameAr')} dir="rtl" data-testid="subscriber-name-ar" {...form.getInputProps('nameAr')} />
          </Group>
          <Group grow align="flex-start">
            {form.values.kind === 'person' ? (
              <TextInput label={t('subscribers.form.cin')} description={t('subscribers.form.cinHint')} data-testid="subscriber-cin" styles={ltr} {...form.getInputProps('cin')} />
            ) : (
              <TextInput label={t('subscribers.form.ice')} description={t('subscribers.form.iceHint')} withAsterisk data-testid="subscriber-ice" styles={ltr} inputMode="numeric" {...form.getInputProps('ice')} />
            )}
            <TextInput label={t('subscribers.form.email')} data-testid="subscriber-email" styles={ltr} {...form.getInputProps('email')} />
          </Group>
          <Group grow align="flex-start">
            <TextInput label={t('subscribers.form.phone')} description={t('subscribers.form.phoneHint')} data-testid="subscriber-phone" styles={ltr} inputMode="tel" {...form.getInputProps('phone')} />
            <TextInput label={t('subscribers.form.phone2')} data-testid="subscriber-phone2" styles={ltr} inputMode="tel" {...form.getInputProps('phone2')} />
          </Group>
          <Group grow align="flex-start">
            <TextInput label={t('subscribers.form.address')} data-testid="subscriber-address" {...form.getInputProps('address')} />
            <TextInput label={t('subscribers.form.city')} data-testid="subscriber-city" {...form.getInputProps('city')} />
          </Group>
          <Group grow align="flex-end">
            <Select
              label={t('subscribers.form.language')}
              allowDeselect={false}
              data={MESSAGE_LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
              data-testid="subscriber-language"
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('language')}
            />
            <Switch label={t('subscribers.form.smsConsent')} data-testid="subscriber-consent" {...form.getInputProps('smsConsent', { type: 'checkbox' })} />
          </Group>
          {!isNew && <Switch label={t('subscribers.form.active')} {...form.getInputProps('active', { type: 'checkbox' })} />}
          {candidates.length > 0 && <DuplicateWarning candidates={candidates} />}
          <FormActions
            onCancel={onClose}
            saving={create.isPending || update.isPending}
            submitLabel={isNew ? (confirmed ? t('subscribers.form.createAnyway') : t('translation:common.create')) : undefined}
            submitTestId="subscriber-submit"
          />
        </Stack>
      </form>
    </Modal>
  )
}

export function SubscribersScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const manage = can(BILLING_PERMISSIONS.manage)
  const [editing, setEditing] = useState<SubscriberRow | 'new' | null>(null)
  // Opened from the command palette: billing/subscribers/:id opens that subscriber's form.
  const { id } = useParams()
  const navigate = useNavigate()
  const opened = useRpcQuery('billing.subscribers.get', { id: id ?? '' }, { enabled: !!id })
  useEffect(() => {
    if (opened.data) setEditing(opened.data)
  }, [opened.data])
  const close = () => {
    setEditing(null)
    if (id) navigate('/billing/subscribers')
  }
  const columns = useMemo(
    () => [
      col.accessor('number', {
        meta: { labelKey: 'billing:subscribers.col.number', filter: 'text', width: 150, mono: true },
        // The customer 360° page.
        cell: (c) => (
          <Anchor component={Link} to={`/billing/customers/${c.row.original.id}`} fz="sm" data-testid="subscriber-360" onClick={(e) => e.stopPropagation()}>
            {c.getValue()}
          </Anchor>
        ),
      }),
      col.accessor('kind', {
        meta: { labelKey: 'billing:subscribers.col.kind', filter: 'select', options: SUBSCRIBER_KINDS.map((k) => ({ value: k, labelKey: `billing:kinds.${k}` })), width: 120 },
        cell: (c) => t(`kinds.${c.getValue()}`),
      }),
      col.accessor('nameLatin', { meta: { labelKey: 'billing:subscribers.col.nameLatin', filter: 'text', width: 210 } }),
      col.accessor('nameAr', { meta: { labelKey: 'billing:subscribers.col.nameAr', filter: 'text', width: 180 }, cell: (c) => <span dir="rtl">{c.getValue()}</span> }),
      col.accessor('cin', { meta: { labelKey: 'billing:subscribers.col.cin', filter: 'text', width: 110, mono: true } }),
      col.accessor('ice', { meta: { labelKey: 'billing:subscribers.col.ice', filter: 'text', width: 160, mono: true } }),
      col.accessor('phone', { meta: { labelKey: 'billing:subscribers.col.phone', filter: 'text', width: 140, mono: true } }),
      col.accessor('city', { meta: { labelKey: 'billing:subscribers.col.city', filter: 'text', width: 120 } }),
      col.accessor('language', {
        meta: { labelKey: 'billing:subscribers.col.language', filter: 'select', options: MESSAGE_LANGUAGES.map((l) => ({ value: l, labelKey: `billing:languages.${l}` })), width: 90 },
        cell: (c) => t(`languages.${c.getValue()}`),
      }),
      col.accessor('smsConsent', {
        meta: { labelKey: 'billing:subscribers.col.sms', filter: 'select', options: [{ value: true, labelKey: 'billing:common.yes' }, { value: false, labelKey: 'billing:common.no' }], width: 80 },
        cell: (c) => (c.getValue() ? <Badge size="sm" variant="light" color="teal">{t('common.yes')}</Badge> : <Text span c="dimmed" fz="sm">{t('common.no')}</Text>),
      }),
      col.accessor('siteCode', { meta: { labelKey: 'billing:subscribers.col.site', filter: 'text', width: 80, mono: true } }),
      col.accessor('createdAt', { meta: { labelKey: 'billing:subscribers.col.createdAt', filter: 'date', width: 120 }, cell: (c) => formatDate(c.getValue(), 'date') }),
    ],
    [t],
  )
  return (
    <Page
      title={t('subscribers.title')}
      subtitle={t('subscribers.subtitle')}
      fill
      testId="billing-subscribers-screen"
      actions={
        manage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="subscriber-new">
            {t('subscribers.new')}
          </Button>
        )
      }
    >
      <DataTable
        tableId="billing.subscribers"
        method="billing.subscribers.list"
        columns={columns}
        selectable={false}
        defaultHidden={['ice', 'siteCode', 'createdAt']}
        exportName={t('subscribers.exportName')}
        onRowOpen={manage ? (r) => setEditing(r) : (r) => navigate(`/billing/customers/${r.id}`)}
        rowActions={
          manage
            ? (r) => (
                <Tooltip label={t('subscribers.edit')}>
                  <ActionIcon variant="subtle" color="gray" aria-label={t('subscribers.edit')} onClick={() => setEditing(r)} data-testid="subscriber-edit">
                    <IconPencil size={16} />
                  </ActionIcon>
                </Tooltip>
              )
            : undefined
        }
      />
      <SubscriberFormModal subscriber={editing} onClose={close} />
    </Page>
  )
}
