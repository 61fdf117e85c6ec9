/** New request: type, channel, subscriber or applicant, subject, disputed bill (complaints), date received. */
import { useState } from 'react'
import { Alert, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import { CHANNELS, REQUEST_TYPES, requestCreateSchema, type RequestChannel, type RequestDetail, type RequestType } from '../../requests.contract'
import { FormActions, useRpcMutation, useRpcQuery } from '../../../../renderer/src/ui-kit'
import { NS, billingErrorMessage, billingValidate, serverFieldErrors } from '../common'

interface Values {
  type: RequestType
  channel: RequestChannel
  subscriberId: string
  applicantName: string
  applicantCin: string
  applicantPhone: string
  subject: string
  description: string
  billId: string
  receivedOn: string
}

const today = () => new Date().toISOString().slice(0, 10)

function toInput(v: Values) {
  const withSubscriber = v.subscriberId !== ''
  return {
    type: v.type,
    channel: v.channel,
    subject: v.subject,
    description: v.description,
    subscriberId: withSubscriber ? v.subscriberId : null,
    applicantName: withSubscriber ? '' : v.applicantName,
    applicantCin: withSubscriber ? '' : v.applicantCin,
    applicantPhone: withSubscriber ? '' : v.applicantPhone,
    billId: v.type === 'complaint' ? v.billId : '',
    receivedOn: v.receivedOn === '' ? null : v.receivedOn,
  }
}

export function RequestFormModal({ opened, onClose, onCreated, subscriberId }: { opened: boolean; onClose: () => void; onCreated: (r: RequestDetail) => void; subscriberId?: string }) {
  const { t } = useTranslation(NS)
  const create = useRpcMutation('billing.requests.create', { invalidate: ['billing.requests', 'billing.dunning'] })
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 250)
  const subscribers = useRpcQuery('billing.subscribers.list', { search: debounced, pageSize: 20 })
  const validate = billingValidate(requestCreateSchema, t)
  const form = useForm<Values>({
    initialValues: { type: 'complaint', channel: 'counter', subscriberId: subscriberId ?? '', applicantName: '', applicantCin: '', applicantPhone: '', subject: '', description: '', billId: '', receivedOn: today() },
    validate: (v) => {
      const errors = validate(toInput(v))
      if (errors.receivedOn === undefined && v.receivedOn > today()) errors.receivedOn = t('validation.RECEIVED_FUTURE')
      return errors
    },
  })
  const options = (subscribers.data?.rows ?? []).map((r) => ({ value: r.id, label: `${r.number} · ${r.nameLatin}` }))
  const v = form.values
  return (
    <Modal opened={opened} onClose={onClose} centered size="lg" title={<Text fw={650}>{t('requests.form.title')}</Text>}>
      <form
        noValidate
        data-testid="request-form"
        onSubmit={form.onSubmit(async (values) => {
          try {
            const saved = await create.mutateAsync(toInput(values))
            notifications.show({ color: 'teal', message: t('requests.form.created', { number: saved.number }) })
            form.reset()
            onCreated(saved)
          } catch (e) {
            form.setErrors(serverFieldErrors(e, t))
          }
        })}
      >
        <Stack gap="sm">
          {create.error && Object.keys(serverFieldErrors(create.error, t)).length === 0 && <Alert color="red">{billingErrorMessage(create.error, t)}</Alert>}
          <Group grow align="flex-start">
            <Select
              label={t('requests.form.type')}
              allowDeselect={false}
              data={REQUEST_TYPES.map((x) => ({ value: x, label: t(`requests.types.${x}`) }))}
              comboboxProps={{ withinPortal: true }}
              data-testid="request-type"
              {...form.getInputProps('type')}
            />
            <Select
              label={t('requests.form.channel')}
              allowDeselect={false}
              data={CHANNELS.map((x) => ({ value: x, label: t(`requests.channels.${x}`) }))}
              comboboxProps={{ withinPortal: true }}
              data-testid="request-channel"
              {...form.getInputProps('channel')}
            />
          </Group>
          <Select
            label={t('requests.form.subscriber')}
            description={t('requests.form.subscriberHint')}
            searchable
            clearable
            filter={({ options: o }) => o}
            searchValue={search}
            onSearchChange={setSearch}
            data={options}
            nothingFoundMessage={t('requests.form.nothing')}
            comboboxProps={{ withinPortal: true }}
            data-testid="request-subscriber"
            {...form.getInputProps('subscriberId')}
            onChange={(value) => form.setFieldValue('subscriberId', value ?? '')}
          />
          {v.subscriberId === '' && (
            <Group grow align="flex-start">
              <TextInput label={t('requests.form.applicantName')} withAsterisk data-testid="request-applicant-name" {...form.getInputProps('applicantName')} />
              <TextInput label={t('requests.form.applicantCin')} styles={{ input: { direction: 'ltr' } }} data-testid="request-applicant-cin" {...form.getInputProps('applicantCin')} />
              <TextInput label={t('requests.form.applicantPhone')} styles={{ input: { direction: 'ltr' } }} data-testid="request-applicant-phone" {...form.getInputProps('applicantPhone')} />
            </Group>
          )}
          <TextInput label={t('requests.form.subject')} withAsterisk data-testid="request-subject" {...form.getInputProps('subject')} />
          <Textarea label={t('requests.form.description')} autosize minRows={3} maxRows={8} data-testid="request-description" {...form.getInputProps('description')} />
          <Group grow align="flex-start">
            {v.type === 'complaint' && (
              <TextInput label={t('requests.form.billId')} description={t('requests.form.billIdHint')} styles={{ input: { direction: 'ltr' } }} data-testid="request-bill" {...form.getInputProps('billId')} />
            )}
            <TextInput type="date" label={t('requests.form.receivedOn')} max={today()} data-testid="request-received" {...form.getInputProps('receivedOn')} />
          </Group>
          <FormActions onCancel={onClose} saving={create.isPending} submitLabel={t('translation:common.create')} submitTestId="request-submit" />
        </Stack>
      </form>
    </Modal>
  )
}
