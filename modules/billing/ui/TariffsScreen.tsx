import { useMemo, useState } from 'react'
import { Alert, Badge, Button, Card, Checkbox, Grid, Group, NumberInput, ScrollArea, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconCalculator, IconCopy, IconLock, IconPencil, IconPlus } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { BILLING_PERMISSIONS, COMMODITIES, TARIFF_CATEGORIES, TARIFF_STATUSES, type BillComputation, type ChargeResult, type TariffVersionDetail, type TariffVersionRow } from '../contract'
import { DataTable, Page, currentLanguage, formatMoney, formatQty, parseQty, useRpcMutation, useRpcQuery, useSession } from '../../../renderer/src/ui-kit'
import { NS, billingErrorMessage, formatDay, formatRate, formatVat } from './common'
import { TariffFormModal } from './TariffForm'

const col = createColumnHelper<TariffVersionRow>()
const UNIT: Record<string, string> = { water: 'm³', sanitation: 'm³', electricity: 'kWh' }

/** Quantities read left to right, aligned to the end, away from the unit shown in the section. */
const qtyStyles = { input: { direction: 'ltr' as const, textAlign: 'end' as const } }
/** Fee labels in the UI language (HQ gives an Arabic label besides the French one). */
const feeLabel = (f: { label: string; labelAr?: string }) => (currentLanguage() === 'ar' && f.labelAr ? f.labelAr : f.label)

const categoryLabel = (t: TFunction, c: string) => t(`categories.${c}`, { defaultValue: c })

function StatusBadge({ status }: { status: TariffVersionRow['status'] }) {
  const { t } = useTranslation(NS)
  return (
    <Badge size="sm" variant="light" color={status === 'published' ? 'teal' : 'gray'} leftSection={status === 'published' ? <IconLock size={10} /> : undefined} data-testid="tariff-status">
      {t(`statuses.${status}`)}
    </Badge>
  )
}

function VersionDetail({ id, onEdit }: { id: string; onEdit: (v: TariffVersionDetail, copy: boolean) => void }) {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const q = useRpcQuery('billing.tariffs.get', { id })
  const publish = useRpcMutation('billing.tariffs.publish', { invalidate: ['billing.tariffs'] })
  const v: TariffVersionDetail | undefined = q.data
  if (!v) return null
  const unit = UNIT[v.commodity]
  let lower = 0
  return (
    <Card withBorder padding="sm" data-testid="tariff-detail">
      <Group justify="space-between" mb={6}>
        <div>
          <Text fw={650}>{v.label || `${t(`commodities.${v.commodity}`)} · ${categoryLabel(t, v.category)}`}</Text>
          <Text fz="xs" c="dimmed">
            {t('tariffs.validity', { from: formatDay(v.validFrom), to: v.validTo ? formatDay(v.validTo) : t('tariffs.open') })} · {t(`rules.${v.rule}`)}
            {v.progressiveUpTo !== null && ` · ${t('tariffs.progressiveUpTo', { qty: formatQty(v.progressiveUpTo, unit) })}`} · {t('tariffs.vat')} {formatVat(v.vatRate)}
          </Text>
        </div>
        <Group gap="xs">
          <StatusBadge status={v.status} />
          {can(BILLING_PERMISSIONS.tariffs) && (
            <Button size="xs" variant="default" leftSection={<IconCopy size={14} />} onClick={() => onEdit(v, true)} data-testid="tariff-copy">
              {t('tariffs.copy')}
            </Button>
          )}
          {v.status === 'draft' && can(BILLING_PERMISSIONS.tariffs) && (
            <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={() => onEdit(v, false)} data-testid="tariff-edit">
              {t('tariffs.edit')}
            </Button>
          )}
          {v.status === 'draft' && can(BILLING_PERMISSIONS.tariffs) && (
            <Button
              size="xs"
              loading={publish.isPending}
              data-testid="tariff-publish"
              onClick={async () => {
                try {
                  await publish.mutateAsync({ id: v.id })
                  notifications.show({ color: 'teal', message: t('tariffs.published') })
                } catch (e) {
                  notifications.show({ color: 'red', message: billingErrorMessage(e, t) })
                }
              }}
            >
              {t('tariffs.publish')}
            </Button>
          )}
        </Group>
      </Group>
      <Table fz="sm" striped withTableBorder data-testid="tariff-bands">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('tariffs.band')}</Table.Th>
            <Table.Th>{t('tariffs.range', { unit })}</Table.Th>
            <Table.Th ta="end">{t('tariffs.rate', { unit })}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {v.bands.map((b, i) => {
            const from = lower
            lower = b.upTo ?? lower
            return (
              <Table.Tr key={i}>
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td dir="ltr">{b.upTo === null ? `> ${formatQty(from)}` : `${formatQty(from)} – ${formatQty(b.upTo)}`}</Table.Td>
                <Table.Td ta="end" dir="ltr">{formatRate(b.rate)}</Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
      {v.fees.length > 0 && (
        <Text fz="xs" mt={6} c="dimmed">
          {t('tariffs.fees')} : {v.fees.map((f) => `${feeLabel(f)} ${formatMoney(f.amount, { currency: true })}`).join(' · ')} {t('tariffs.perMonth')}
        </Text>
      )}
    </Card>
  )
}

function ChargeTable({ charge }: { charge: ChargeResult }) {
  const { t } = useTranslation(NS)
  const unit = UNIT[charge.commodity]
  return (
    <Stack gap={4} data-testid={`sim-charge-${charge.commodity}`}>
      <Group justify="space-between">
        <Text fw={650}>
          {t(`commodities.${charge.commodity}`)} · {formatQty(charge.consumption, unit)}
        </Text>
        <Text fw={650} dir="ltr">{formatMoney(charge.inclTax, { currency: true })}</Text>
      </Group>
      <Table fz="sm" withTableBorder>
        <Table.Tbody>
          {charge.segments.map((s) => [
            charge.segments.length > 1 && (
              <Table.Tr key={`${s.versionId}-h`}>
                <Table.Td colSpan={3}>
                  <Text fz="xs" c="dimmed">{t('simulate.segment', { from: formatDay(s.from), to: formatDay(s.to), days: s.days })}</Text>
                </Table.Td>
              </Table.Tr>
            ),
            ...s.bands.map((b) => (
              <Table.Tr key={`${s.versionId}-b${b.band}`} data-testid="sim-band">
                <Table.Td>
                  {t(b.rule === 'selective' ? 'simulate.bandSelective' : 'simulate.band', { band: b.band, from: formatQty(b.bandFrom), to: b.bandTo === null ? '∞' : formatQty(b.bandTo), unit })}
                </Table.Td>
                <Table.Td dir="ltr">
                  {formatQty(b.qty, unit)} × {formatRate(b.rate)}
                </Table.Td>
                <Table.Td ta="end" dir="ltr">{formatMoney(b.amount)}</Table.Td>
              </Table.Tr>
            )),
            ...s.fees.map((f) => (
              <Table.Tr key={`${s.versionId}-f${f.code}`}>
                <Table.Td>{feeLabel(f)}</Table.Td>
                <Table.Td>{t('simulate.days', { count: f.days })}</Table.Td>
                <Table.Td ta="end" dir="ltr">{formatMoney(f.amount)}</Table.Td>
              </Table.Tr>
            )),
            <Table.Tr key={`${s.versionId}-v`}>
              <Table.Td>{t('tariffs.vat')} {formatVat(s.vatRate)}</Table.Td>
              <Table.Td dir="ltr">{formatMoney(s.exclTax)}</Table.Td>
              <Table.Td ta="end" dir="ltr">{formatMoney(s.vat)}</Table.Td>
            </Table.Tr>,
          ])}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}

function SimulatePanel() {
  const { t } = useTranslation(NS)
  // A simulation writes nothing; run on demand (a mutation hook gives pending/error/result per click).
  const sim = useRpcMutation('billing.tariffs.simulate')
  const result: BillComputation | undefined = sim.data
  const form = useForm({
    initialValues: { category: 'domestique', days: 30 as number | string, water: '15', electricity: '', sanitation: true, includeDrafts: false },
    validate: {
      water: (v, all) => (v.trim() !== '' && parseQty(v) === null ? t('simulate.qtyInvalid') : v.trim() === '' && all.electricity.trim() === '' ? t('simulate.qtyNeeded') : null),
      electricity: (v) => (v.trim() !== '' && parseQty(v) === null ? t('simulate.qtyInvalid') : null),
      days: (v) => (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 400 ? null : t('simulate.daysInvalid')),
    },
  })
  return (
    <Card withBorder padding="sm" data-testid="tariff-simulate">
      <Title order={5} mb="xs">
        <Group gap={6}>
          <IconCalculator size={18} /> {t('simulate.title')}
        </Group>
      </Title>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          sim.mutate({
            category: v.category,
            days: Number(v.days),
            ...(v.water.trim() ? { water: parseQty(v.water) ?? 0 } : {}),
            ...(v.electricity.trim() ? { electricity: parseQty(v.electricity) ?? 0 } : {}),
            sanitation: v.sanitation && v.water.trim() !== '',
            includeDrafts: v.includeDrafts,
          })
        })}
      >
        <Stack gap="xs">
          <Group grow align="flex-start">
            <Select
              label={t('simulate.category')}
              data={TARIFF_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(t, c) }))}
              allowDeselect={false}
              data-testid="sim-category"
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('category')}
            />
            <NumberInput label={t('simulate.daysLabel')} min={1} max={400} allowDecimal={false} data-testid="sim-days" {...form.getInputProps('days')} />
          </Group>
          <Group grow align="flex-start">
            <TextInput label={t('simulate.water')} rightSection={<Text fz="xs" c="dimmed">m³</Text>} inputMode="decimal" styles={qtyStyles} data-testid="sim-water" {...form.getInputProps('water')} />
            <TextInput label={t('simulate.electricity')} rightSection={<Text fz="xs" c="dimmed">kWh</Text>} inputMode="decimal" styles={qtyStyles} data-testid="sim-electricity" {...form.getInputProps('electricity')} />
          </Group>
          <Group>
            <Checkbox label={t('simulate.sanitation')} data-testid="sim-sanitation" {...form.getInputProps('sanitation', { type: 'checkbox' })} />
            <Checkbox label={t('simulate.includeDrafts')} {...form.getInputProps('includeDrafts', { type: 'checkbox' })} />
          </Group>
          <Group justify="flex-end">
            <Button type="submit" loading={sim.isPending} data-testid="sim-run">
              {t('simulate.run')}
            </Button>
          </Group>
        </Stack>
      </form>
      {sim.error && (
        <Alert color="red" mt="sm" data-testid="sim-error">
          {billingErrorMessage(sim.error, t)}
        </Alert>
      )}
      {result && (
        <Stack gap="sm" mt="sm" data-testid="sim-result">
          <Text fz="xs" c="dimmed">
            {t('simulate.period', { from: formatDay(result.from), to: formatDay(result.to), count: result.days })}
          </Text>
          {result.charges.map((c) => (
            <ChargeTable key={c.commodity} charge={c} />
          ))}
          <Group justify="space-between" pt={4} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
            <Text fz="sm">
              {t('simulate.exclTax')} {formatMoney(result.exclTax)} · {t('tariffs.vat')} {formatMoney(result.vat)}
            </Text>
            <Text fw={700} fz="lg" data-testid="sim-total" dir="ltr">
              {formatMoney(result.inclTax, { currency: true })}
            </Text>
          </Group>
        </Stack>
      )}
    </Card>
  )
}

export function TariffsScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const [selected, setSelected] = useState<string | null>(null)
  const [editing, setEditing] = useState<{ source: TariffVersionDetail | 'new'; copy: boolean } | null>(null)
  const columns = useMemo(
    () => [
      col.accessor('commodity', {
        meta: { labelKey: 'billing:tariffs.col.commodity', filter: 'select', options: COMMODITIES.map((c) => ({ value: c, labelKey: `billing:commodities.${c}` })), width: 140 },
        cell: (c) => t(`commodities.${c.getValue()}`),
      }),
      col.accessor('category', { meta: { labelKey: 'billing:tariffs.col.category', filter: 'text', width: 130 }, cell: (c) => categoryLabel(t, c.getValue()) }),
      col.accessor('label', { meta: { labelKey: 'billing:tariffs.col.label', filter: 'text', width: 250 } }),
      col.accessor('validFrom', { meta: { labelKey: 'billing:tariffs.col.validFrom', filter: 'date', width: 120 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('validTo', { meta: { labelKey: 'billing:tariffs.col.validTo', filter: 'date', width: 120 }, cell: (c) => (c.getValue() ? formatDay(c.getValue()) : '—') }),
      col.accessor('rule', { meta: { labelKey: 'billing:tariffs.col.rule', width: 110 }, cell: (c) => t(`rules.${c.getValue()}`) }),
      col.accessor('status', {
        meta: { labelKey: 'billing:tariffs.col.status', filter: 'select', options: TARIFF_STATUSES.map((s) => ({ value: s, labelKey: `billing:statuses.${s}` })), width: 110 },
        cell: (c) => <StatusBadge status={c.getValue()} />,
      }),
    ],
    [t],
  )
  return (
    <Page
      title={t('tariffs.title')}
      subtitle={t('tariffs.subtitle')}
      fill
      testId="billing-tariffs-screen"
      actions={
        can(BILLING_PERMISSIONS.tariffs) && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ source: 'new', copy: false })} data-testid="tariff-new">
            {t('tariffs.new')}
          </Button>
        )
      }
    >
      <Grid gap="md" style={{ flex: 1, minHeight: 0 }}>
        <Grid.Col span={{ base: 12, lg: 7 }} style={{ display: 'flex', flexDirection: 'column', minHeight: 360, gap: 12 }}>
          <div style={{ flex: 1, minHeight: 260, display: 'flex', flexDirection: 'column' }}>
            <DataTable tableId="billing.tariffs" method="billing.tariffs.list" columns={columns} selectable={false} exportName={t('tariffs.exportName')} onRowOpen={(r) => setSelected(r.id)} />
          </div>
          {selected ? <VersionDetail id={selected} onEdit={(v, copy) => setEditing({ source: v, copy })} /> : <Alert variant="light" color="gray">{t('tariffs.pick')}</Alert>}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <ScrollArea.Autosize mah="calc(100vh - 160px)">
            <SimulatePanel />
          </ScrollArea.Autosize>
        </Grid.Col>
      </Grid>
      <TariffFormModal source={editing?.source ?? null} copy={editing?.copy ?? false} onClose={() => setEditing(null)} onSaved={setSelected} />
    </Page>
  )
}
