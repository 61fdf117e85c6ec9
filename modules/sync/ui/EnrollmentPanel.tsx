/** The current enrollment, and for admins (sync.enroll) the form that enrolls or re-enrolls this machine. */
import { Alert, Button, Code, Group, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconPlugConnected } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { formatDate, isRpcFailure, useRpcMutation, useRpcQuery, useSession, zodValidate } from '../../../renderer/src/ui-kit'
import { SYNC_PERMISSIONS, enrollmentCreateSchema, isSyncServerUrl } from '../contract'

export function enrollErrorMessage(e: unknown, t: (key: string, opts?: Record<string, unknown>) => string): string {
  if (isRpcFailure(e)) return t(`errors.${e.code}`, { defaultValue: t('translation:errors.UNKNOWN', { code: e.code }) })
  return t('errors.LOCAL_ERROR')
}

function Info({ label, value }: { label: string; value: string | null }) {
  return (
    <Stack gap={2} style={{ minWidth: 0 }}>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz="sm" fw={500} truncate dir="ltr" ta="start">
        {value ?? '—'}
      </Text>
    </Stack>
  )
}

export function EnrollmentPanel() {
  const { t } = useTranslation('sync')
  const { can } = useSession()
  const canEnroll = can(SYNC_PERMISSIONS.enroll)
  const current = useRpcQuery('sync.enrollment.get', {})
  const enroll = useRpcMutation('sync.enrollment.create', { invalidate: ['sync.'] })
  const form = useForm({
    initialValues: { serverUrl: '', token: '', deviceName: '' },
    validate: (v) => ({
      ...zodValidate(enrollmentCreateSchema, t)(v),
      // The schema's URL rule is a refinement (a generic "invalid"): say what is expected instead.
      ...(v.serverUrl.trim() && !isSyncServerUrl(v.serverUrl.trim()) ? { serverUrl: t('enroll.urlFormat') } : {}),
    }),
  })
  const e = current.data
  return (
    <Stack gap="md" maw={760}>
      <Paper withBorder radius="md" p="md" data-testid="sync-enrollment">
        <Title order={4} fz={15} mb="sm">
          {t('enroll.current')}
        </Title>
        {e?.enrolled ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Info label={t('enroll.server')} value={e.serverUrl} />
            <Info label={t('enroll.site')} value={e.site && e.hqSite ? `${e.site} · ${t('enroll.hq')} ${e.hqSite}` : e.site} />
            <Info label={t('enroll.device')} value={e.deviceId} />
            <Info label={t('enroll.enrolledAt')} value={e.enrolledAt ? formatDate(e.enrolledAt) : null} />
          </SimpleGrid>
        ) : (
          <Text c="dimmed" fz="sm">
            {t('enroll.none')}
          </Text>
        )}
      </Paper>
      {canEnroll ? (
        <Paper withBorder radius="md" p="md">
          <Title order={4} fz={15} mb={4}>
            {e?.enrolled ? t('enroll.reTitle') : t('enroll.title')}
          </Title>
          <Text fz="sm" c="dimmed" mb="sm">
            {t('enroll.help')}
          </Text>
          <form
            noValidate
            data-testid="sync-enroll-form"
            onSubmit={form.onSubmit(async (v) => {
              try {
                const done = await enroll.mutateAsync({ serverUrl: v.serverUrl.trim(), token: v.token.trim(), deviceName: v.deviceName.trim() })
                notifications.show({ color: 'teal', message: t('enroll.done', { site: done.site ?? '' }) })
                form.reset()
              } catch {
                // shown below
              }
            })}
          >
            <Stack gap="sm">
              {enroll.error && (
                <Alert color="red" data-testid="sync-enroll-error">
                  {enrollErrorMessage(enroll.error, t)}
                </Alert>
              )}
              <TextInput
                label={t('enroll.serverUrl')}
                placeholder="https://sync.example.ma"
                withAsterisk
                data-testid="sync-enroll-url"
                styles={{ input: { direction: 'ltr' } }}
                {...form.getInputProps('serverUrl')}
              />
              <Group grow align="flex-start">
                <PasswordInput label={t('enroll.token')} description={t('enroll.tokenHint')} withAsterisk data-testid="sync-enroll-token" styles={{ input: { direction: 'ltr' } }} {...form.getInputProps('token')} />
                <TextInput label={t('enroll.deviceName')} description={t('enroll.deviceNameHint')} withAsterisk data-testid="sync-enroll-name" {...form.getInputProps('deviceName')} />
              </Group>
              <Group justify="flex-end">
                <Button type="submit" leftSection={<IconPlugConnected size={16} />} loading={enroll.isPending} data-testid="sync-enroll-submit">
                  {e?.enrolled ? t('enroll.reSubmit') : t('enroll.submit')}
                </Button>
              </Group>
              {e?.enrolled && (
                <Text fz="xs" c="dimmed">
                  {t('enroll.reWarning')} <Code>guichet site enroll</Code>
                </Text>
              )}
            </Stack>
          </form>
        </Paper>
      ) : (
        <Alert color="gray" variant="light">
          {t('enroll.adminOnly')}
        </Alert>
      )}
    </Stack>
  )
}
