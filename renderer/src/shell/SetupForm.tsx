import { useState } from 'react'
import { Alert, Button, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useTranslation } from 'react-i18next'
import { coreMethods } from '../../../modules/core/contract'
import { invoke } from '../api/client'
import { currentLanguage } from '../i18n'
import { errorMessage } from '../i18n/format'
import { zodValidate } from '../widgets/forms'

const schema = coreMethods['core.setup.createAdmin'].input

/** First run of an installed app: name the branch and create its first administrator, then sign in. */
export function SetupForm({ onCreated }: { onCreated: (username: string, password: string) => Promise<void> }) {
  const { t } = useTranslation()
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const form = useForm({
    initialValues: { siteCode: '', siteName: '', username: 'admin', fullName: '', password: '', confirm: '' },
    validate: (values) => {
      const { confirm, ...input } = values
      const errors = zodValidate(schema, t, { siteCode: 'setup.siteCodeFormat', username: 'setup.usernameFormat' })(input)
      if (confirm !== values.password) errors.confirm = t('password.mismatch')
      return errors
    },
  })

  const submit = form.onSubmit(async ({ confirm: _confirm, ...input }) => {
    setBusy(true)
    setError(null)
    try {
      await invoke('core.setup.createAdmin', { ...input, language: currentLanguage() })
      await onCreated(input.username, input.password)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  })

  return (
    <form onSubmit={submit} noValidate data-testid="setup-form">
      <Stack gap="md">
        <div>
          <Title order={2} fz={22}>
            {t('setup.title')}
          </Title>
          <Text c="dimmed" fz="sm" mt={4}>
            {t('setup.subtitle')}
          </Text>
        </div>
        {error != null && (
          <Alert variant="light" color="red" role="alert" data-testid="setup-error">
            {errorMessage(error, t)}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput label={t('setup.siteCode')} placeholder="CAS01" required data-testid="setup-siteCode" {...form.getInputProps('siteCode')} />
          <TextInput label={t('setup.siteName')} required data-testid="setup-siteName" {...form.getInputProps('siteName')} />
        </SimpleGrid>
        <TextInput label={t('setup.fullName')} required data-testid="setup-fullName" {...form.getInputProps('fullName')} />
        <TextInput label={t('login.username')} required autoComplete="username" data-testid="setup-username" {...form.getInputProps('username')} />
        <PasswordInput label={t('setup.password')} required autoComplete="new-password" data-testid="setup-password" {...form.getInputProps('password')} />
        <PasswordInput label={t('setup.confirm')} required autoComplete="new-password" data-testid="setup-confirm" {...form.getInputProps('confirm')} />
        <Button type="submit" loading={busy} fullWidth size="md" data-testid="setup-submit">
          {t('setup.submit')}
        </Button>
      </Stack>
    </form>
  )
}
