import { Modal, PasswordInput, Stack } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import { password } from '../../../modules/core/contract'
import { useRpcMutation } from '../api/hooks'
import { errorMessage } from '../i18n/format'
import { zodIssueMessage } from '../widgets/forms'
import { FormActions } from '../widgets/FormActions'

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation()
  const change = useRpcMutation('core.password.change')
  const form = useForm({
    initialValues: { current: '', next: '', confirm: '' },
    validate: {
      current: (v) => (v ? null : t('validation.required')),
      next: (v) => {
        const r = password.safeParse(v)
        return r.success ? null : zodIssueMessage(r.error.issues[0]!, t)
      },
      confirm: (v, values) => (v === values.next ? null : t('password.mismatch')),
    },
  })
  const close = () => {
    form.reset()
    change.reset()
    onClose()
  }
  return (
    <Modal opened={opened} onClose={close} title={t('password.title')} centered>
      <form
        onSubmit={form.onSubmit(async (v) => {
          try {
            await change.mutateAsync({ current: v.current, next: v.next })
            notifications.show({ color: 'teal', message: t('password.changed') })
            close()
          } catch (e) {
            form.setFieldError('current', errorMessage(e, t))
          }
        })}
      >
        <Stack>
          <PasswordInput label={t('password.current')} autoComplete="current-password" {...form.getInputProps('current')} />
          <PasswordInput label={t('password.next')} autoComplete="new-password" {...form.getInputProps('next')} />
          <PasswordInput label={t('password.confirm')} autoComplete="new-password" {...form.getInputProps('confirm')} />
          <FormActions onCancel={close} saving={change.isPending} />
        </Stack>
      </form>
    </Modal>
  )
}
