/** Create a tariff version (blank or from another one) or edit a draft: bands, fixed fees, VAT, dates. */
import { useEffect } from 'react'
import { ActionIcon, Alert, Autocomplete, Button, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { COMMODITIES, TARIFF_CATEGORIES, TRANCHE_RULES, type Commodity, type TariffVersionDetail, type TrancheRule } from '../contract'
import { FormActions, formatFixed, formatQty, parseFixed, parseMoney, parseQty, useRpcMutation } from '../../../renderer/src/ui-kit'
import { NS, billingErrorMessage } from './common'

interface BandText {
  upTo: string
  rate: string
}
interface FeeText {
  code: string
  label: string
  labelAr: string
  amount: string
}
interface Values {
  commodity: Commodity
  category: string
  label: string
  validFrom: string
  validTo: string
  rule: TrancheRule
  progressiveUpTo: string
  vat: string
  bands: BandText[]
  fees: FeeText[]
}

const BLANK: Values = { commodity: 'water', category: 'domestique', label: '', validFrom: '', validTo: '', rule: 'progressive', progressiveUpTo: '', vat: '7', bands: [{ upTo: '', rate: '' }], fees: [] }
const ltr = { input: { direction: 'ltr' as const } }
const DATE = /^\d{4}-\d{2}-\d{2}$/

function valuesOf(v: TariffVersionDetail, copy: boolean): Values {
  return {
    commodity: v.commodity,
    category: v.category,
    label: copy ? '' : v.label,
    validFrom: copy ? '' : v.validFrom,
    validTo: copy ? '' : (v.validTo ?? ''),
    rule: v.rule,
    progressiveUpTo: v.progressiveUpTo === null ? '' : formatQty(v.progressiveUpTo),
    vat: formatFixed(v.vatRate, 2, 0),
    bands: v.bands.map((b) => ({ upTo: b.upTo === null ? '' : formatQty(b.upTo), rate: formatFixed(b.rate, 4) })),
    fees: v.fees.map((f) => ({ code: f.code, label: f.label, labelAr: f.labelAr ?? '', amount: formatFixed(f.amount, 2) })),
  }
}

/** `source`: the version edited (a draft) or copied (`copy`); null = closed; 'new' = blank. */
export function TariffFormModal({ source, copy, onClose, onSaved }: { source: TariffVersionDetail | 'new' | null; copy: boolean; onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useTranslation(NS)
  const editing = source !== null && source !== 'new' && !copy
  const create = useRpcMutation('billing.tariffs.create', { invalidate: ['billing.tariffs'] })
  const update = useRpcMutation('billing.tariffs.update', { invalidate: ['billing.tariffs'] })
  const req = t('translation:validation.required')
  const form = useForm<Values>({
    initialValues: BLANK,
    validate: {
      category: (v) => (/^[a-z0-9_-]{1,40}$/.test(v.trim().toLowerCase()) ? null : t('tariffForm.categoryFormat')),
      validFrom: (v) => (DATE.test(v) ? null : req),
      validTo: (v, all) => (v === '' || (DATE.test(v) && v > all.validFrom) ? null : t('tariffForm.validToAfter')),
      vat: (v) => (parseFixed(v, 2) !== null && (parseFixed(v, 2) ?? -1) >= 0 && (parseFixed(v, 2) ?? 0) <= 10_000 ? null : t('tariffForm.vatInvalid')),
      progressiveUpTo: (v, all) => (v === '' ? null : all.rule !== 'selective' ? t('tariffForm.progressiveUpToSelective') : parseQty(v) ? null : t('simulate.qtyInvalid')),
      bands: {
        upTo: (v, all, path) => {
          const i = Number(path.split('.')[1])
          const last = i === all.bands.length - 1
          if (last) return v === '' ? null : t('tariffForm.lastOpen')
          const q = parseQty(v)
          const prev = i > 0 ? parseQty(all.bands[i - 1].upTo) : 0
          return q === null || q <= 0 ? req : prev !== null && q <= prev ? t('tariffForm.ascending') : null
        },
        rate: (v) => (parseFixed(v, 4) === null ? req : null),
      },
      fees: {
        code: (v) => (/^[A-Z0-9_]{1,20}$/.test(v) ? null : t('tariffForm.feeCode')),
        label: (v) => (v.trim() ? null : req),
        amount: (v) => (parseMoney(v) === null ? req : null),
      },
    },
  })
  useEffect(() => {
    form.setValues(source === null || source === 'new' ? BLANK : valuesOf(source, copy))
    form.clearErrors()
    create.reset()
    update.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source, copy])
  const failure = create.error ?? update.error
  const unit = form.values.commodity === 'electricity' ? 'kWh' : 'm³'

  return (
    <Modal
      opened={source !== null}
      onClose={onClose}
      size="xl"
      centered
      title={<Text fw={650}>{editing ? t('tariffForm.editTitle') : t('tariffForm.createTitle')}</Text>}
    >
      <form
        noValidate
        data-testid="tariff-form"
        onSubmit={form.onSubmit(async (v) => {
          const body = {
            label: v.label.trim(),
            validFrom: v.validFrom,
            validTo: v.validTo || null,
            rule: v.rule,
            progressiveUpTo: v.progressiveUpTo ? parseQty(v.progressiveUpTo) : null,
            vatRate: parseFixed(v.vat, 2) ?? 0,
            bands: v.bands.map((b) => ({ upTo: b.upTo === '' ? null : (parseQty(b.upTo) ?? 0), rate: parseFixed(b.rate, 4) ?? 0 })),
            fees: v.fees.map((f) => ({ code: f.code, label: f.label.trim(), ...(f.labelAr.trim() ? { labelAr: f.labelAr.trim() } : {}), amount: parseMoney(f.amount) ?? 0 })),
          }
          try {
            const saved = editing
              ? await update.mutateAsync({ id: (source as TariffVersionDetail).id, ...body })
              : await create.mutateAsync({ commodity: v.commodity, category: v.category.trim().toLowerCase(), ...body })
            notifications.show({ color: 'teal', message: t('tariffForm.saved') })
            onSaved(saved.id)
            onClose()
          } catch {
            // shown below
          }
        })}
      >
        <Stack gap="sm">
          {failure && <Alert color="red">{billingErrorMessage(failure, t)}</Alert>}
          <Group grow align="flex-start">
            <Select
              label={t('tariffs.col.commodity')}
              disabled={editing}
              allowDeselect={false}
              data={COMMODITIES.map((c) => ({ value: c, label: t(`commodities.${c}`) }))}
              comboboxProps={{ withinPortal: true }}
              data-testid="tariff-commodity"
              {...form.getInputProps('commodity')}
            />
            <Autocomplete label={t('tariffs.col.category')} disabled={editing} data={[...TARIFF_CATEGORIES]} data-testid="tariff-category" styles={ltr} {...form.getInputProps('category')} />
            <Select
              label={t('tariffs.col.rule')}
              allowDeselect={false}
              data={TRANCHE_RULES.map((r) => ({ value: r, label: t(`rules.${r}`) }))}
              comboboxProps={{ withinPortal: true }}
              data-testid="tariff-rule"
              {...form.getInputProps('rule')}
            />
          </Group>
          <TextInput label={t('tariffs.col.label')} data-testid="tariff-label" {...form.getInputProps('label')} />
          <Group grow align="flex-start">
            <TextInput type="date" label={t('tariffs.col.validFrom')} withAsterisk data-testid="tariff-from" {...form.getInputProps('validFrom')} />
            <TextInput type="date" label={t('tariffs.col.validTo')} description={t('tariffForm.validToHint')} data-testid="tariff-to" {...form.getInputProps('validTo')} />
            <TextInput label={`${t('tariffs.vat')} (%)`} inputMode="decimal" styles={ltr} data-testid="tariff-vat" {...form.getInputProps('vat')} />
            <TextInput
              label={t('tariffForm.progressiveUpTo', { unit })}
              description={t('tariffForm.progressiveUpToHint')}
              disabled={form.values.rule !== 'selective'}
              inputMode="decimal"
              styles={ltr}
              {...form.getInputProps('progressiveUpTo')}
            />
          </Group>
          <Table withTableBorder fz="sm" data-testid="tariff-bands-editor">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={70}>{t('tariffs.band')}</Table.Th>
                <Table.Th>{t('tariffForm.upTo', { unit })}</Table.Th>
                <Table.Th>{t('tariffs.rate', { unit })}</Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {form.values.bands.map((_, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{i + 1}</Table.Td>
                  <Table.Td>
                    <TextInput size="xs" placeholder={i === form.values.bands.length - 1 ? t('tariffForm.open') : ''} inputMode="decimal" styles={ltr} data-testid="band-upto" {...form.getInputProps(`bands.${i}.upTo`)} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput size="xs" inputMode="decimal" styles={ltr} data-testid="band-rate" {...form.getInputProps(`bands.${i}.rate`)} />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon variant="subtle" color="gray" disabled={form.values.bands.length === 1} aria-label={t('tariffForm.remove')} onClick={() => form.removeListItem('bands', i)}>
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group>
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem('bands', { upTo: '', rate: '' })} data-testid="band-add">
              {t('tariffForm.addBand')}
            </Button>
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => form.insertListItem('fees', { code: '', label: '', labelAr: '', amount: '' })}>
              {t('tariffForm.addFee')}
            </Button>
          </Group>
          {form.values.fees.map((_, i) => (
            <Group key={i} grow align="flex-start" wrap="nowrap">
              <TextInput size="xs" label={i === 0 ? t('tariffForm.feeCodeLabel') : undefined} styles={ltr} {...form.getInputProps(`fees.${i}.code`)} onChange={(e) => form.setFieldValue(`fees.${i}.code`, e.currentTarget.value.toUpperCase())} />
              <TextInput size="xs" label={i === 0 ? t('tariffForm.feeLabel') : undefined} {...form.getInputProps(`fees.${i}.label`)} />
              <TextInput size="xs" label={i === 0 ? t('tariffForm.feeLabelAr') : undefined} dir="rtl" {...form.getInputProps(`fees.${i}.labelAr`)} />
              <TextInput size="xs" label={i === 0 ? t('tariffForm.feeAmount') : undefined} inputMode="decimal" styles={ltr} {...form.getInputProps(`fees.${i}.amount`)} />
              <ActionIcon mt={i === 0 ? 22 : 0} variant="subtle" color="gray" style={{ flex: '0 0 auto' }} aria-label={t('tariffForm.remove')} onClick={() => form.removeListItem('fees', i)}>
                <IconTrash size={14} />
              </ActionIcon>
            </Group>
          ))}
          <FormActions onCancel={onClose} saving={create.isPending || update.isPending} submitTestId="tariff-submit" />
        </Stack>
      </form>
    </Modal>
  )
}
