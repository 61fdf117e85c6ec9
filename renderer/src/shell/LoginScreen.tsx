import { useState } from 'react'
import { Alert, Box, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconAlertCircle, IconInfoCircle, IconLock, IconUser, IconWifiOff } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { isRpcFailure } from '../api/client'
import { useRpcQuery } from '../api/hooks'
import { errorMessage } from '../i18n/format'
import { LanguageSwitch } from './LanguageSwitch'
import { Logo } from './Logo'
import { SetupForm } from './SetupForm'
import { useSession } from './session'
import classes from './shell.module.css'

export function LoginScreen() {
  const { t } = useTranslation()
  const { login, loginMessage } = useSession()
  const setup = useRpcQuery('core.setup.status', {})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const form = useForm({
    initialValues: { username: '', password: '' },
    validate: {
      username: (v) => (v.trim() ? null : t('validation.required')),
      password: (v) => (v ? null : t('validation.required')),
    },
  })

  const submit = form.onSubmit(async (values) => {
    setBusy(true)
    setError(null)
    try {
      await login(values.username.trim(), values.password)
    } catch (e) {
      setError(e)
      form.setFieldValue('password', '')
    } finally {
      setBusy(false)
    }
  })

  const network = isRpcFailure(error) && error.code === 'NETWORK'
  return (
    <Box className={classes.loginBg}>
      <Group justify="flex-end" p="md">
        <LanguageSwitch />
      </Group>
      <Center className={classes.loginCenter}>
        <Stack w={setup.data?.needsSetup ? 480 : 400} maw="92vw" gap="lg">
          <Center>
            <Logo size="lg" />
          </Center>
          <Paper withBorder shadow="md" radius="lg" p={32}>
            {setup.data?.needsSetup ? (
              <SetupForm onCreated={login} />
            ) : (
              <form onSubmit={submit} noValidate data-testid="login-form">
                <Stack gap="md">
                  <div>
                    <Title order={2} fz={22}>
                      {t('login.title')}
                    </Title>
                    <Text c="dimmed" fz="sm" mt={4}>
                      {t('login.subtitle')}
                    </Text>
                  </div>
                  {loginMessage && !error && (
                    <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} data-testid="login-info">
                      {t(loginMessage)}
                    </Alert>
                  )}
                  {error != null && (
                    <Alert
                      variant="light"
                      color={network ? 'orange' : 'red'}
                      icon={network ? <IconWifiOff size={18} /> : <IconAlertCircle size={18} />}
                      data-testid="login-error"
                      data-code={isRpcFailure(error) ? error.code : 'UNKNOWN'}
                      role="alert"
                    >
                      {errorMessage(error, t)}
                    </Alert>
                  )}
                  <TextInput
                    label={t('login.username')}
                    leftSection={<IconUser size={16} />}
                    autoComplete="username"
                    autoFocus
                    name="username"
                    data-testid="login-username"
                    {...form.getInputProps('username')}
                  />
                  <PasswordInput
                    label={t('login.password')}
                    leftSection={<IconLock size={16} />}
                    autoComplete="current-password"
                    name="password"
                    data-testid="login-password"
                    {...form.getInputProps('password')}
                  />
                  <Button type="submit" loading={busy} fullWidth size="md" mt="xs" data-testid="login-submit">
                    {t('login.submit')}
                  </Button>
                </Stack>
              </form>
            )}
          </Paper>
          <Text ta="center" c="dimmed" fz="xs">
            {t('login.footer')}
          </Text>
        </Stack>
      </Center>
    </Box>
  )
}
