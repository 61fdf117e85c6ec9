/** The customer 360° page (`billing/customers/:id`): a header with identity and contact, then one tab per subject. */
import { Alert, Badge, Group, Loader, Paper, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { CustomerSummary } from '../../customer360.contract'
import { formatMoney, useRpcQuery } from '../../../../renderer/src/ui-kit'
import { NS, billingErrorMessage } from '../common'
import { ContractsTab, PointsTab } from './CustomerTabs'
import { EXTRA_TABS, useCustomerBalance } from './customer-extra'

const ltr = { direction: 'ltr' as const, unicodeBidi: 'embed' as const }

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <Stack gap={0} data-testid={testId}>
      <Text fz="xs" c="dimmed">
        {label}
      </Text>
      <Text fz="sm" fw={500}>
        {children}
      </Text>
    </Stack>
  )
}

function Header({ summary }: { summary: CustomerSummary }) {
  const { t } = useTranslation(NS)
  const s = summary.subscriber
  const balance = useCustomerBalance(summary.contracts.map((c) => c.id))
  return (
    <Paper withBorder p="md" radius="md" data-testid="customer-header">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Stack gap={2} align="flex-start">
          <Group gap="xs">
            <Title order={2} fz={22} fw={650} data-testid="customer-name-latin" style={{ direction: 'ltr' }}>
              {s.nameLatin}
            </Title>
            <Badge variant="light">{t(`kinds.${s.kind}`)}</Badge>
            {!s.active && <Badge color="red">{t('customer360.inactive')}</Badge>}
          </Group>
          {s.nameAr && (
            <Text fz={20} fw={600} dir="rtl" data-testid="customer-name-ar" lang="ar">
              {s.nameAr}
            </Text>
          )}
          <Text c="dimmed" fz="sm">
            <span style={ltr}>{s.number}</span> · {[s.address, s.city].filter(Boolean).join(', ')}
          </Text>
        </Stack>
        {balance !== undefined && (
          <Stack gap={0} align="flex-end" data-testid="customer-balance">
            <Text fz="xs" c="dimmed">
              {t('customer360.balance')}
            </Text>
            <Text fz={22} fw={700} c={balance > 0 ? 'red' : 'teal'} style={ltr}>
              {formatMoney(balance)}
            </Text>
          </Stack>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} mt="md" spacing="md">
        <Fact label={s.kind === 'person' ? t('subscribers.col.cin') : t('subscribers.col.ice')} testId="customer-id">
          <span style={ltr}>{(s.kind === 'person' ? s.cin : s.ice) ?? '—'}</span>
        </Fact>
        <Fact label={t('subscribers.form.phone')}>
          <span style={ltr}>{s.phone ?? '—'}</span>
        </Fact>
        <Fact label={t('subscribers.form.phone2')}>
          <span style={ltr}>{s.phone2 ?? '—'}</span>
        </Fact>
        <Fact label={t('subscribers.form.email')}>
          <span style={ltr}>{s.email ?? '—'}</span>
        </Fact>
        <Fact label={t('subscribers.form.language')}>{t(`languages.${s.language}`)}</Fact>
        <Fact label={t('customer360.sms')}>
          <Badge size="sm" variant="light" color={s.smsConsent ? 'teal' : 'gray'}>
            {s.smsConsent ? t('customer360.consentYes') : t('customer360.consentNo')}
          </Badge>
        </Fact>
      </SimpleGrid>
    </Paper>
  )
}

export function CustomerScreen() {
  const { t } = useTranslation(NS)
  const { id = '' } = useParams()
  const summary = useRpcQuery('billing.customers.get', { id }, { enabled: id !== '' })
  if (summary.error)
    return (
      <Stack p="lg">
        <Alert color="red" icon={<IconAlertTriangle size={18} />}>
          {billingErrorMessage(summary.error, t)}
        </Alert>
      </Stack>
    )
  if (!summary.data)
    return (
      <Stack p="lg" align="center">
        <Loader />
      </Stack>
    )
  const data = summary.data
  const contractIds = data.contracts.map((c) => c.id)
  return (
    <Stack gap="md" p="lg" data-testid="customer-screen">
      <Header summary={data} />
      <Tabs defaultValue="contracts" keepMounted={false} data-testid="customer-tabs">
        <Tabs.List>
          <Tabs.Tab value="contracts" data-testid="customer-tab-contracts">
            {t('customer360.tabs.contracts')} ({data.contracts.length})
          </Tabs.Tab>
          <Tabs.Tab value="points" data-testid="customer-tab-points">
            {t('customer360.tabs.points')} ({data.points.length})
          </Tabs.Tab>
          {EXTRA_TABS.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value} data-testid={`customer-tab-${tab.value}`}>
              {t(`customer360.tabs.${tab.value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="contracts" pt="md">
          <ContractsTab contracts={data.contracts} />
        </Tabs.Panel>
        <Tabs.Panel value="points" pt="md">
          <PointsTab points={data.points} />
        </Tabs.Panel>
        {EXTRA_TABS.map((tab) => (
          <Tabs.Panel key={tab.value} value={tab.value} pt="md">
            <tab.Panel subscriberId={data.subscriber.id} contractIds={contractIds} pointIds={data.points.map((p) => p.id)} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  )
}
