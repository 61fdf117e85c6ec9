import { useEffect, useMemo, useState } from 'react'
import { ActionIcon, Alert, Badge, Card, Grid, Group, Modal, NumberInput, Skeleton, Stack, Switch, Text, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconBuilding, IconCheck, IconPencil, IconShieldLock } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { adminMethods, siteSettingsSchema, type SeriesRow, type SiteSettings } from '../contract'
import { DataTable, FormActions, Page, errorMessage, formatNumber, useRpcMutation, useRpcQuery, useUser, zodValidate } from '../../../renderer/src/ui-kit'

const col = createColumnHelper<SeriesRow>()

function SiteSettingsForm({ settings }: { settings: SiteSettings }) {
  const { t } = useTranslation('admin')
  const save = useRpcMutation('admin.settings.update', { invalidate: ['admin.settings', 'admin.series', 'admin.audit', 'core.session'] })
  const form = useForm<SiteSettings>({
    initialValues: settings,
    validate: zodValidate(siteSettingsSchema, t, { siteCode: 'admin:settings.siteCodeFormat' }),
  })
  useEffect(() => {
    form.setValues(settings)
    form.resetDirty(settings)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings])
  const minutes = (
    <Text fz="xs" c="dimmed" pe={8}>
      {t('settings.minutes')}
    </Text>
  )
  return (
    <form
      noValidate
      data-testid="settings-form"
      onSubmit={form.onSubmit(async (v) => {
        try {
          await save.mutateAsync({ ...v, siteCode: v.siteCode.trim().toUpperCase(), siteName: v.siteName.trim() })
          notifications.show({ color: 'teal', icon: <IconCheck size={16} />, message: t('settings.saved') })
        } catch (e) {
          notifications.show({ color: 'red', message: errorMessage(e, t) })
        }
      })}
    >
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder radius="md" p="lg" h="100%">
            <Group gap={8} mb="md">
              <IconBuilding size={18} />
              <Title order={4} fz={15}>
                {t('settings.general')}
              </Title>
            </Group>
            <Stack gap="sm">
              <TextInput
                label={t('settings.siteCode')}
                description={t('settings.siteCodeHint')}
                withAsterisk
                data-testid="settings-siteCode"
                styles={{ input: { direction: 'ltr', fontFamily: 'var(--mantine-font-family-monospace)' } }}
                {...form.getInputProps('siteCode')}
              />
              <TextInput label={t('settings.siteName')} withAsterisk data-testid="settings-siteName" {...form.getInputProps('siteName')} />
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder radius="md" p="lg" h="100%">
            <Group gap={8} mb="md">
              <IconShieldLock size={18} />
              <Title order={4} fz={15}>
                {t('settings.security')}
              </Title>
            </Group>
            <Stack gap="sm">
              <NumberInput hideControls label={t('settings.sessionIdleMinutes')} min={5} max={1440} allowDecimal={false} rightSection={minutes} rightSectionWidth={56} data-testid="settings-sessionIdleMinutes" {...form.getInputProps('sessionIdleMinutes')} />
              <Group grow>
                <NumberInput hideControls label={t('settings.maxFailedLogins')} min={3} max={20} allowDecimal={false} data-testid="settings-maxFailedLogins" {...form.getInputProps('maxFailedLogins')} />
                <NumberInput hideControls label={t('settings.lockoutMinutes')} min={1} max={1440} allowDecimal={false} rightSection={minutes} rightSectionWidth={56} data-testid="settings-lockoutMinutes" {...form.getInputProps('lockoutMinutes')} />
              </Group>
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
      <FormActions onCancel={() => form.reset()} saving={save.isPending} disabled={!form.isDirty()} submitTestId="settings-save" />
    </form>
  )
}

interface SeriesValues {
  label: string
  prefix: string
  padding: number
  yearly: boolean
}

/** Same layout as the backend's series numbers: `[PREFIX-]SITE[-STATION][-YEAR]-000123` (`site` holds SITE[-STATION]). */
function previewOf(v: SeriesValues, siteCode: string, next: number): string {
  const parts = [v.prefix.trim(), siteCode, v.yearly ? String(new Date().getFullYear()) : '', String(next).padStart(Math.max(1, v.padding || 1), '0')]
  return parts.filter(Boolean).join('-')
}

function SeriesModal({ series, onClose }: { series: SeriesRow | null; onClose: () => void }) {
  const { t } = useTranslation('admin')
  const user = useUser()
  const save = useRpcMutation('admin.series.update', { invalidate: ['admin.series', 'admin.audit'] })
  const form = useForm<SeriesValues>({
    initialValues: { label: '', prefix: '', padding: 6, yearly: true },
    validate: (v) => zodValidate(adminMethods['admin.series.update'].input, t, { prefix: 'admin:settings.series.prefixFormat' })({ key: series?.key ?? '', ...v }),
  })
  useEffect(() => {
    if (series) form.setValues({ label: series.label, prefix: series.prefix, padding: series.padding, yearly: series.yearly })
    save.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [series])
  return (
    <Modal opened={!!series} onClose={onClose} centered title={<Text fw={650}>{t('settings.series.editTitle', { key: series?.key ?? '' })}</Text>}>
      <form
        noValidate
        data-testid="series-form"
        onSubmit={form.onSubmit(async (v) => {
          if (!series) return
          try {
            await save.mutateAsync({ key: series.key, label: v.label.trim(), prefix: v.prefix.trim().toUpperCase(), padding: v.padding, yearly: v.yearly })
            notifications.show({ color: 'teal', message: t('settings.series.saved') })
            onClose()
          } catch (e) {
            notifications.show({ color: 'red', message: errorMessage(e, t) })
          }
        })}
      >
        <Stack gap="sm">
          <TextInput label={t('settings.series.label')} withAsterisk data-testid="series-label" {...form.getInputProps('label')} />
          <Group grow align="flex-start">
            <TextInput
              label={t('settings.series.prefix')}
              description={t('settings.series.prefixHint')}
              styles={{ input: { direction: 'ltr', fontFamily: 'var(--mantine-font-family-monospace)' } }}
              data-testid="series-prefix"
              {...form.getInputProps('prefix')}
              onChange={(e) => form.setFieldValue('prefix', e.currentTarget.value.toUpperCase())}
            />
            <NumberInput label={t('settings.series.padding')} min={3} max={10} allowDecimal={false} data-testid="series-padding" {...form.getInputProps('padding')} />
          </Group>
          <Switch label={t('settings.series.yearly')} description={t('settings.series.yearlyHint')} data-testid="series-yearly" {...form.getInputProps('yearly', { type: 'checkbox' })} />
          <Alert variant="light" color="blue" title={t('settings.series.preview')}>
            <Text ff="monospace" fw={600} fz="lg" className="mono-ltr" data-testid="series-preview">
              {previewOf(form.values, series?.site ?? user.siteCode, (series?.lastValue ?? 0) + 1)}
            </Text>
          </Alert>
          <FormActions onCancel={onClose} saving={save.isPending} submitTestId="series-submit" />
        </Stack>
      </form>
    </Modal>
  )
}

export function SettingsScreen() {
  const { t } = useTranslation('admin')
  const settings = useRpcQuery('admin.settings.get', {})
  const [editing, setEditing] = useState<SeriesRow | null>(null)
  const columns = useMemo(
    () => [
      col.accessor('key', { meta: { labelKey: 'admin:settings.series.key', width: 140, mono: true } }),
      col.accessor('label', { meta: { labelKey: 'admin:settings.series.label', width: 220 } }),
      col.accessor('prefix', { meta: { labelKey: 'admin:settings.series.prefix', width: 110, mono: true } }),
      col.accessor('padding', { meta: { labelKey: 'admin:settings.series.padding', width: 90, align: 'end' } }),
      col.accessor('yearly', {
        meta: { labelKey: 'admin:settings.series.yearly', width: 100 },
        cell: (c) => (c.getValue() ? <Badge variant="light" color="teal" size="sm">{t('translation:common.yes')}</Badge> : <Badge variant="light" color="gray" size="sm">{t('translation:common.no')}</Badge>),
      }),
      col.accessor('lastValue', { meta: { labelKey: 'admin:settings.series.lastValue', width: 110, align: 'end' }, cell: (c) => formatNumber(c.getValue()) }),
      col.accessor('preview', {
        enableSorting: false,
        meta: { labelKey: 'admin:settings.series.preview', width: 200, mono: true },
        cell: (c) => <b>{c.getValue()}</b>,
      }),
    ],
    [t],
  )
  return (
    <Page title={t('settings.title')} subtitle={t('settings.subtitle')} testId="settings-screen">
      <Stack gap="xl">
        {settings.isError ? (
          <Alert color="red">{errorMessage(settings.error, t)}</Alert>
        ) : settings.data ? (
          <SiteSettingsForm settings={settings.data} />
        ) : (
          <Skeleton h={220} radius="md" />
        )}
        <Stack gap="xs">
          <div>
            <Title order={3} fz={17}>
              {t('settings.series.title')}
            </Title>
            <Text c="dimmed" fz="sm">
              {t('settings.series.subtitle')}
            </Text>
          </div>
          <DataTable
            tableId="admin.series"
            method="admin.series.list"
            columns={columns}
            height={300}
            selectable={false}
            exportable={false}
            defaultPageSize={25}
            getRowId={(r) => r.key}
            onRowOpen={setEditing}
            rowActions={(r) => (
              <ActionIcon variant="subtle" color="gray" onClick={() => setEditing(r)} aria-label={t('translation:common.edit')} data-testid="series-edit">
                <IconPencil size={16} />
              </ActionIcon>
            )}
          />
        </Stack>
      </Stack>
      <SeriesModal series={editing} onClose={() => setEditing(null)} />
    </Page>
  )
}
