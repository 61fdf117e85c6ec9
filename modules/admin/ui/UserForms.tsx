import { useEffect } from 'react'
import { Alert, Group, Modal, MultiSelect, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconInfoCircle } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { LANGUAGES, ROLES, password as passwordSchema, type Language, type Role } from '../../core/contract'
import { adminMethods, type UserRow } from '../contract'
import { FormActions, errorMessage, isRpcFailure, useRpcMutation, zodIssueMessage, zodValidate } from '../../../renderer/src/ui-kit'

interface Values {
  username: string
  fullName: string
  password: string
  roles: Role[]
  language: Language
}

const EMPTY: Values = { username: '', fullName: '', password: '', roles: [], language: 'fr' }

export function UserFormModal({ user, onClose }: { user: UserRow | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation('admin')
  const isNew = user === 'new'
  const create = useRpcMutation('admin.users.create', { invalidate: ['admin.users', 'admin.audit'] })
  const update = useRpcMutation('admin.users.update', { invalidate: ['admin.users', 'admin.audit'] })

  const form = useForm<Values>({
    initialValues: EMPTY,
    validate: (values) =>
      isNew
        ? zodValidate(adminMethods['admin.users.create'].input, t, { username: 'admin:users.form.usernameFormat' })(values)
        : zodValidate(adminMethods['admin.users.update'].input, t)({
            id: (user as UserRow | null)?.id,
            fullName: values.fullName,
            roles: values.roles,
            language: values.language,
          }),
  })

  useEffect(() => {
    if (user === 'new') form.setValues(EMPTY)
    else if (user) form.setValues({ username: user.username, fullName: user.fullName, password: '', roles: user.roles, language: user.language })
    form.resetDirty()
    form.clearErrors()
    create.reset()
    update.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user])

  const submit = form.onSubmit(async (v) => {
    try {
      if (isNew) {
        const row = await create.mutateAsync({ username: v.username.trim(), fullName: v.fullName.trim(), password: v.password, roles: v.roles, language: v.language })
        notifications.show({ color: 'teal', message: t('users.created', { username: row.username }) })
      } else if (user) {
        await update.mutateAsync({ id: user.id, fullName: v.fullName.trim(), roles: v.roles, language: v.language })
        notifications.show({ color: 'teal', message: t('users.updated') })
      }
      onClose()
    } catch (e) {
      if (isRpcFailure(e) && e.code === 'CONFLICT') form.setFieldError('username', t('users.form.usernameTaken'))
    }
  })

  const failure = create.error ?? update.error
  return (
    <Modal
      opened={user !== null}
      onClose={onClose}
      title={<Text fw={650}>{isNew ? t('users.form.createTitle') : t('users.form.editTitle', { username: (user as UserRow | null)?.username ?? '' })}</Text>}
      size="lg"
      centered
    >
      <form onSubmit={submit} noValidate data-testid="user-form">
        <Stack gap="sm">
          {failure && !(isRpcFailure(failure) && failure.code === 'CONFLICT') && (
            <Alert color="red" variant="light" data-testid="user-form-error">
              {errorMessage(failure, t)}
            </Alert>
          )}
          <Group grow align="flex-start">
            <TextInput
              label={t('users.form.username')}
              description={isNew ? t('users.form.usernameHint') : undefined}
              disabled={!isNew}
              withAsterisk={isNew}
              autoComplete="off"
              data-testid="user-username"
              styles={{ input: { direction: 'ltr' } }}
              {...form.getInputProps('username')}
            />
            <TextInput label={t('users.form.fullName')} withAsterisk data-testid="user-fullName" {...form.getInputProps('fullName')} />
          </Group>
          {isNew && (
            <PasswordInput
              label={t('users.form.password')}
              description={t('users.form.passwordHint')}
              withAsterisk
              autoComplete="new-password"
              data-testid="user-password"
              {...form.getInputProps('password')}
            />
          )}
          <MultiSelect
            label={t('users.form.roles')}
            placeholder={form.values.roles.length ? undefined : t('users.form.rolesPlaceholder')}
            withAsterisk
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            data-testid="user-roles"
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('roles')}
          />
          <Select
            label={t('users.form.language')}
            allowDeselect={false}
            data={LANGUAGES.map((l) => ({ value: l, label: t(`translation:languages.${l}`) }))}
            data-testid="user-language"
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('language')}
          />
          <FormActions
            onCancel={onClose}
            saving={create.isPending || update.isPending}
            submitLabel={isNew ? t('translation:common.create') : undefined}
            submitTestId="user-submit"
          />
        </Stack>
      </form>
    </Modal>
  )
}

export function ResetPasswordModal({ user, onClose }: { user: UserRow | null; onClose: () => void }) {
  const { t } = useTranslation('admin')
  const reset = useRpcMutation('admin.users.resetPassword', { invalidate: ['admin.users', 'admin.audit'] })
  const form = useForm({
    initialValues: { password: '' },
    validate: {
      password: (v) => {
        const r = passwordSchema.safeParse(v)
        return r.success ? null : zodIssueMessage(r.error.issues[0]!, t)
      },
    },
  })
  useEffect(() => {
    form.reset()
    reset.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [user])
  return (
    <Modal opened={!!user} onClose={onClose} title={<Text fw={650}>{t('users.reset.title', { username: user?.username ?? '' })}</Text>} centered>
      <form
        noValidate
        onSubmit={form.onSubmit(async (v) => {
          if (!user) return
          try {
            await reset.mutateAsync({ id: user.id, password: v.password })
            notifications.show({ color: 'teal', message: t('users.reset.done') })
            onClose()
          } catch (e) {
            form.setFieldError('password', errorMessage(e, t))
          }
        })}
      >
        <Stack gap="sm">
          <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />}>
            {t('users.reset.text')}
          </Alert>
          <PasswordInput label={t('users.reset.password')} autoComplete="new-password" data-testid="reset-password" {...form.getInputProps('password')} />
          <FormActions onCancel={onClose} saving={reset.isPending} submitTestId="reset-submit" />
        </Stack>
      </form>
    </Modal>
  )
}
