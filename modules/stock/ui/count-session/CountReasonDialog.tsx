/** Rejecting (reason required) or cancelling (reason optional) a count: a reason, then the call. */
import { useState } from 'react'
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useRpcMutation } from '../../../../renderer/src/ui-kit'
import { NS } from '../common'
import { countErrorMessage } from '../CountsScreen'

interface CountReasonDialogProps {
  opened: boolean
  title: string
  label: string
  required?: boolean
  method: 'stock.counts.reject' | 'stock.counts.cancel'
  countId: string
  testId: string
  onClose: () => void
}

export function CountReasonDialog(props: CountReasonDialogProps) {
  const { t } = useTranslation(NS)
  const [reason, setReason] = useState('')
  const [fieldError, setFieldError] = useState<string | null>(null)
  const m = useRpcMutation(props.method, { invalidate: ['stock.'] })
  const close = () => {
    setReason('')
    setFieldError(null)
    m.reset()
    props.onClose()
  }
  return (
    <Modal opened={props.opened} onClose={close} centered title={<Text fw={650}>{props.title}</Text>}>
      <form
        noValidate
        data-testid={props.testId}
        onSubmit={async (e) => {
          e.preventDefault()
          if (props.required && !reason.trim()) return setFieldError(t('counts.reasonRequired'))
          try {
            await m.mutateAsync({ id: props.countId, ...(reason.trim() ? { reason: reason.trim() } : {}) } as { id: string; reason: string })
            close()
          } catch {
            // shown below
          }
        }}
      >
        <Stack gap="sm">
          {m.error && <Alert color="red">{countErrorMessage(m.error, t)}</Alert>}
          <Textarea label={props.label} withAsterisk={props.required} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError} autosize minRows={2} maxLength={200} data-testid="count-reason" />
        </Stack>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={close}>{t('counts.actions.back')}</Button>
          <Button type="submit" color="red" loading={m.isPending} data-testid="count-reason-confirm">{t('counts.actions.confirm')}</Button>
        </Group>
      </form>
    </Modal>
  )
}
