import { useMemo, useState } from 'react'
import { Alert, Badge, Button, Card, Group, Modal, NumberInput, ScrollArea, SimpleGrid, Stack, Switch, Table, Tabs, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAdjustments, IconEye, IconPlayerPlay } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { DUNNING_LEVELS, DUNNING_OUTCOMES, DUNNING_PERMISSIONS, type DunningBillRow, type DunningHistoryRow, type DunningLevel, type DunningPolicyRow } from '../../dunning.contract'
import { DataTable, Page, errorMessage, formatMoney, useRpcMutation, useRpcQuery, useSession } from '../../../../renderer/src/ui-kit'
import { NS, formatDay } from '../common'

const LEVEL_COLOR: Record<DunningLevel, string> = { R1: 'blue', R2: 'orange', R3: 'red' }
const col = createColumnHelper<DunningHistoryRow>()

function LevelBadge({ level }: { level: DunningLevel }) {
  const { t } = useTranslation(NS)
  return (
    <Badge size="sm" variant="light" color={LEVEL_COLOR[level]} data-testid={`dunning-level-${level}`}>
      {t(`dunning.levels.${level}`)}
    </Badge>
  )
}

/** What happens to the bill today: its level, or why nothing. */
function Today({ row }: { row: DunningBillRow }) {
  const { t } = useTranslation(NS)
  if (row.level) return <LevelBadge level={row.level} />
  if (row.onHold)
    return (
      <Badge size="sm" variant="outline" color="grape" data-testid="dunning-on-hold">
        {t('dunning.reasons.on_hold')}
      </Badge>
    )
  return (
    <Text size="sm" c="dimmed">
      {row.reason === 'not_yet' && row.nextLevel ? t('dunning.nextOn', { level: t(`dunning.levels.${row.nextLevel}`), date: formatDay(row.nextDate) }) : t(`dunning.reasons.${row.reason}`)}
    </Text>
  )
}

function BillsTable({ rows, testId }: { rows: DunningBillRow[]; testId: string }) {
  const { t } = useTranslation(NS)
  if (rows.length === 0) return <Text c="dimmed">{t('dunning.empty')}</Text>
  return (
    <ScrollArea>
      <Table striped highlightOnHover data-testid={testId} miw={820}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('dunning.col.bill')}</Table.Th>
            <Table.Th>{t('dunning.col.subscriber')}</Table.Th>
            <Table.Th>{t('dunning.col.dueDate')}</Table.Th>
            <Table.Th ta="end">{t('dunning.col.open')}</Table.Th>
            <Table.Th>{t('dunning.col.sent')}</Table.Th>
            <Table.Th>{t('dunning.col.today')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.billId} data-testid="dunning-row">
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <bdi>{r.billNumber}</bdi>
              </Table.Td>
              <Table.Td>{r.subscriberName}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(r.dueDate)}</Table.Td>
              <Table.Td ta="end" style={{ whiteSpace: 'nowrap' }}>
                <bdi>{formatMoney(r.open)}</bdi>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {r.sent.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  ) : (
                    r.sent.map((l) => <LevelBadge key={l} level={l} />)
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Today row={r} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  )
}

function PolicyText({ p }: { p: DunningPolicyRow }) {
  const { t } = useTranslation(NS)
  const off = t('dunning.policy.off')
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs" data-testid="dunning-policy">
      <Text size="sm">{t('dunning.policy.before', { value: p.beforeDays ?? off })}</Text>
      <Text size="sm">{t('dunning.policy.after', { value: p.afterDays ?? off })}</Text>
      <Text size="sm">{t('dunning.policy.cutoff', { value: p.cutoffDays ?? off, grace: p.graceDays })}</Text>
      <Text size="sm">{t('dunning.policy.minOpen', { amount: formatMoney(p.minOpen) })}</Text>
      <Text size="sm">{p.auto ? t('dunning.policy.auto') : t('dunning.policy.manual')}</Text>
    </SimpleGrid>
  )
}

function PolicyModal({ opened, onClose, current, today }: { opened: boolean; onClose: () => void; current: DunningPolicyRow; today: string }) {
  const { t } = useTranslation(NS)
  const save = useRpcMutation('billing.dunning.setPolicy', { invalidate: ['billing.dunning'] })
  const [v, setV] = useState({ ...current, validFrom: today })
  const num = (key: 'beforeDays' | 'afterDays' | 'cutoffDays' | 'graceDays') => ({
    value: v[key] ?? '',
    onChange: (x: string | number) => setV({ ...v, [key]: x === '' ? (key === 'graceDays' ? 0 : null) : Number(x) }),
    min: 0,
    allowDecimal: false,
  })
  return (
    <Modal opened={opened} onClose={onClose} centered title={<Text fw={650}>{t('dunning.policy.title')}</Text>}>
      <Stack gap="sm">
        {save.error && <Alert color="red">{errorMessage(save.error, t)}</Alert>}
        <TextInput label={t('dunning.policy.validFrom')} type="date" value={v.validFrom} onChange={(e) => setV({ ...v, validFrom: e.currentTarget.value })} />
        <NumberInput label={t('dunning.policy.beforeLabel')} description={t('dunning.policy.emptyOff')} {...num('beforeDays')} />
        <NumberInput label={t('dunning.policy.afterLabel')} description={t('dunning.policy.emptyOff')} {...num('afterDays')} />
        <NumberInput label={t('dunning.policy.cutoffLabel')} description={t('dunning.policy.emptyOff')} {...num('cutoffDays')} />
        <NumberInput label={t('dunning.policy.graceLabel')} {...num('graceDays')} />
        <NumberInput label={t('dunning.policy.minOpenLabel')} value={v.minOpen / 100} decimalScale={2} min={0} onChange={(x) => setV({ ...v, minOpen: Math.round(Number(x || 0) * 100) })} />
        <Switch label={t('dunning.policy.autoLabel')} checked={v.auto} onChange={(e) => setV({ ...v, auto: e.currentTarget.checked })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('translation:common.cancel')}
          </Button>
          <Button
            loading={save.isPending}
            onClick={async () => {
              try {
                await save.mutateAsync({ validFrom: v.validFrom, beforeDays: v.beforeDays, afterDays: v.afterDays, cutoffDays: v.cutoffDays, graceDays: v.graceDays, minOpen: v.minOpen, auto: v.auto })
                notifications.show({ color: 'teal', message: t('dunning.policy.saved') })
                onClose()
              } catch {
                // shown above
              }
            }}
          >
            {t('translation:common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

export function DunningScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const overview = useRpcQuery('billing.dunning.overview', {})
  const preview = useRpcMutation('billing.dunning.run', { invalidate: [] })
  const run = useRpcMutation('billing.dunning.run', { invalidate: ['billing.dunning', 'billing.messages'] })
  const [previewOpen, setPreviewOpen] = useState(false)
  const [confirm, setConfirm] = useState(false)
  const [policyOpen, setPolicyOpen] = useState(false)
  const canRun = can(DUNNING_PERMISSIONS.run)
  const bills = useMemo(() => overview.data?.bills ?? [], [overview.data])
  const counts = useMemo(() => {
    const c: Record<string, number> = { R1: 0, R2: 0, R3: 0, on_hold: 0 }
    for (const b of bills) {
      if (b.level) c[b.level]++
      else if (b.onHold) c.on_hold++
    }
    return c
  }, [bills])
  const columns = useMemo(
    () => [
      col.accessor('date', { meta: { labelKey: 'billing:dunning.col.date', filter: 'date', width: 120 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('billNumber', { meta: { labelKey: 'billing:dunning.col.bill', filter: 'text', width: 190, mono: true } }),
      col.accessor('subscriberName', { meta: { labelKey: 'billing:dunning.col.subscriber', filter: 'text', width: 200 } }),
      col.accessor('level', {
        meta: { labelKey: 'billing:dunning.col.level', filter: 'select', options: DUNNING_LEVELS.map((l) => ({ value: l, labelKey: `billing:dunning.levels.${l}` })), width: 150 },
        cell: (c) => <LevelBadge level={c.getValue()} />,
      }),
      col.accessor('dueDate', { meta: { labelKey: 'billing:dunning.col.dueDate', filter: 'date', width: 120 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('openAmount', { meta: { labelKey: 'billing:dunning.col.open', align: 'end', width: 130 }, cell: (c) => formatMoney(c.getValue()) }),
      col.accessor('outcome', {
        meta: { labelKey: 'billing:dunning.col.outcome', filter: 'select', options: DUNNING_OUTCOMES.map((o) => ({ value: o, labelKey: `billing:dunning.outcomes.${o}` })), width: 170 },
        cell: (c) => t(`dunning.outcomes.${c.getValue()}`),
      }),
      col.accessor('contractNumber', { meta: { labelKey: 'billing:dunning.col.contract', filter: 'text', width: 170, mono: true } }),
    ],
    [t],
  )
  return (
    <Page
      title={t('dunning.title')}
      subtitle={t('dunning.subtitle')}
      testId="billing-dunning-screen"
      actions={
        canRun && (
          <Group gap="xs">
            <Button
              variant="light"
              leftSection={<IconEye size={16} />}
              loading={preview.isPending}
              data-testid="dunning-preview"
              onClick={async () => {
                await preview.mutateAsync({ dryRun: true }).catch(() => undefined)
                setPreviewOpen(true)
              }}
            >
              {t('dunning.preview')}
            </Button>
            <Button leftSection={<IconPlayerPlay size={16} />} onClick={() => setConfirm(true)} data-testid="dunning-run">
              {t('dunning.runNow')}
            </Button>
          </Group>
        )
      }
    >
      <Stack gap="md">
        {overview.data && (
          <Card withBorder padding="sm">
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
              <div style={{ flex: 1, minWidth: 0 }}>
                <PolicyText p={overview.data.policy} />
              </div>
              {canRun && (
                <Button size="xs" variant="subtle" style={{ flexShrink: 0 }} leftSection={<IconAdjustments size={14} />} onClick={() => setPolicyOpen(true)} data-testid="dunning-policy-edit">
                  {t('dunning.policy.edit')}
                </Button>
              )}
            </Group>
          </Card>
        )}
        <Group gap="xs" data-testid="dunning-counts">
          {DUNNING_LEVELS.map((l) => (
            <Badge key={l} size="lg" variant="light" color={LEVEL_COLOR[l]}>
              {t(`dunning.levels.${l}`)} · {counts[l]}
            </Badge>
          ))}
          <Badge size="lg" variant="outline" color="grape">
            {t('dunning.reasons.on_hold')} · {counts.on_hold}
          </Badge>
        </Group>
        <Tabs defaultValue="bills" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="bills">{t('dunning.tabs.bills')}</Tabs.Tab>
            <Tabs.Tab value="history" data-testid="dunning-tab-history">
              {t('dunning.tabs.history')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="bills" pt="sm">
            {overview.error ? <Alert color="red">{errorMessage(overview.error, t)}</Alert> : <BillsTable rows={bills} testId="dunning-bills" />}
          </Tabs.Panel>
          <Tabs.Panel value="history" pt="sm" h={520}>
            <DataTable tableId="billing.dunning.history" method="billing.dunning.history" columns={columns} selectable={false} exportName={t('dunning.exportName')} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
      <Modal opened={previewOpen} onClose={() => setPreviewOpen(false)} size={1080} centered title={<Text fw={650}>{t('dunning.previewTitle')}</Text>}>
        {preview.error && <Alert color="red">{errorMessage(preview.error, t)}</Alert>}
        {preview.data && <BillsTable rows={preview.data.items} testId="dunning-preview-table" />}
      </Modal>
      <Modal opened={confirm} onClose={() => setConfirm(false)} centered title={<Text fw={650}>{t('dunning.confirmTitle')}</Text>}>
        <Stack gap="sm">
          <Text size="sm">{t('dunning.confirmText', { count: counts.R1 + counts.R2 + counts.R3 })}</Text>
          {run.error && <Alert color="red">{errorMessage(run.error, t)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(false)}>
              {t('translation:common.cancel')}
            </Button>
            <Button
              loading={run.isPending}
              data-testid="dunning-run-confirm"
              onClick={async () => {
                try {
                  const r = await run.mutateAsync({ dryRun: false })
                  notifications.show({ color: 'teal', message: t('dunning.done', { count: r.items.length, queued: r.queued, noChannel: r.noChannel }) })
                  setConfirm(false)
                } catch {
                  // shown above
                }
              }}
            >
              {t('dunning.runNow')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      {overview.data && policyOpen && <PolicyModal opened onClose={() => setPolicyOpen(false)} current={overview.data.policy} today={overview.data.date} />}
    </Page>
  )
}
