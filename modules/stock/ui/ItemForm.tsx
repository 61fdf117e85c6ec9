import { useEffect, useMemo } from 'react'
import { Alert, Divider, Group, Modal, SegmentedControl, Select, Stack, Switch, Table, TagsInput, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import { ITEM_TRACKING, STOCK_CATEGORIES, STOCK_UOMS, itemCreateSchema, type ItemDetail, type ItemTracking, type StockUom } from '../contract'
import { FormActions, formatFixed, isRpcFailure, parseMoney, parseQty, useRpcMutation, useRpcQuery, zodValidate } from '../../../renderer/src/ui-kit'
import { NS, categoryLabel, stockErrorMessage, uomLabel, useDepots } from './common'

interface Values {
  code: string
  tracking: ItemTracking
  nameFr: string
  nameAr: string
  category: string
  uom: StockUom
  standardCost: string
  active: boolean
  barcodes: string[]
  /** depotId → min/max as typed. */
  levels: Record<string, { min: string; max: string }>
}

type LevelValue = { depotId: string; minQty: number; maxQty: number }

/** Levels to write: new or changed ones, and removed ones as 0/0 (which stock.levels.set removes). */
function changedLevels(item: ItemDetail, wanted: LevelValue[]): LevelValue[] {
  const before = new Map(item.levels.map((l) => [l.depotId, l]))
  const out = wanted.filter((l) => before.get(l.depotId)?.minQty !== l.minQty || before.get(l.depotId)?.maxQty !== l.maxQty)
  for (const l of item.levels) if (!wanted.some((w) => w.depotId === l.depotId)) out.push({ depotId: l.depotId, minQty: 0, maxQty: 0 })
  return out
}

const EMPTY: Values = { code: '', tracking: 'none', nameFr: '', nameAr: '', category: '', uom: 'u', standardCost: '', active: true, barcodes: [], levels: {} }

/** Create (`itemId === 'new'`) or edit an item: names, category, unit, cost, barcodes, min/max per depot. */
export function ItemFormModal({ itemId, onClose, onSaved }: { itemId: string | 'new' | null; onClose: () => void; onSaved?: (item: ItemDetail) => void }) {
  const { t } = useTranslation(NS)
  const isNew = itemId === 'new'
  const existing = useRpcQuery('stock.items.get', { id: isNew || !itemId ? '' : itemId }, { enabled: !!itemId && !isNew })
  const item = isNew ? null : existing.data
  const { depots } = useDepots()
  const normalDepots = useMemo(() => depots.filter((d) => d.kind === 'normal' && (d.active || item?.levels.some((l) => l.depotId === d.id))), [depots, item])
  const create = useRpcMutation('stock.items.create', { invalidate: ['stock.items', 'stock.onhand'] })
  const update = useRpcMutation('stock.items.update', { invalidate: ['stock.items', 'stock.onhand'] })
  const saveLevel = useRpcMutation('stock.levels.set', { invalidate: ['stock.items', 'stock.levels', 'stock.reorder'] })

  const form = useForm<Values>({
    initialValues: EMPTY,
    validate: (v) => {
      const errors: Record<string, string> = {}
      const cost = v.standardCost.trim() === '' ? 0 : parseMoney(v.standardCost)
      if (cost === null) errors.standardCost = t('form.amountInvalid')
      for (const [depotId, l] of Object.entries(v.levels)) {
        const min = l.min.trim() === '' ? 0 : parseQty(l.min)
        const max = l.max.trim() === '' ? 0 : parseQty(l.max)
        if (min === null) errors[`levels.${depotId}.min`] = t('form.qtyInvalid')
        if (max === null) errors[`levels.${depotId}.max`] = t('form.qtyInvalid')
        if (min !== null && max !== null && max > 0 && max < min) errors[`levels.${depotId}.max`] = t('items.form.maxBelowMin')
      }
      const base = zodValidate(itemCreateSchema, t, { code: 'stock:items.form.codeFormat' })({
        code: isNew ? v.code : 'X',
        tracking: v.tracking,
        nameFr: v.nameFr,
        nameAr: v.nameAr,
        category: v.category,
        uom: v.uom,
        standardCost: cost ?? 0,
        active: v.active,
        barcodes: v.barcodes,
      })
      for (const [k, msg] of Object.entries(base)) {
        const key = k.startsWith('barcodes') ? 'barcodes' : k
        if (!(key in errors)) errors[key] = key === 'barcodes' ? t('items.form.barcodeInvalid') : msg
      }
      return errors
    },
  })

  useEffect(() => {
    if (itemId === 'new') form.setValues(EMPTY)
    else if (item)
      form.setValues({
        code: item.code,
        tracking: item.tracking,
        nameFr: item.nameFr,
        nameAr: item.nameAr,
        category: item.category,
        uom: item.uom,
        standardCost: item.standardCost ? formatFixed(item.standardCost, 2) : '',
        active: item.active,
        barcodes: item.barcodes,
        levels: Object.fromEntries(item.levels.map((l) => [l.depotId, { min: formatFixed(l.minQty, 3, 0), max: formatFixed(l.maxQty, 3, 0) }])),
      })
    form.resetDirty()
    form.clearErrors()
    create.reset()
    update.reset()
    saveLevel.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [itemId, item])

  const submit = form.onSubmit(async (v) => {
    const levels = Object.entries(v.levels)
      .map(([depotId, l]) => ({ depotId, minQty: parseQty(l.min) ?? 0, maxQty: parseQty(l.max) ?? 0 }))
      .filter((l) => l.minQty > 0 || l.maxQty > 0)
    const common = {
      nameFr: v.nameFr.trim(),
      nameAr: v.nameAr.trim(),
      category: v.category,
      uom: v.uom,
      standardCost: v.standardCost.trim() === '' ? 0 : (parseMoney(v.standardCost) ?? 0),
      active: v.active,
      barcodes: v.barcodes.map((b) => b.trim()).filter(Boolean),
    }
    try {
      let saved: ItemDetail
      if (isNew) saved = await create.mutateAsync({ code: v.code.trim(), tracking: v.tracking, ...common, levels })
      else {
        // The item (HQ's) and each depot's level (that depot's site's) are saved apart: a branch sets its own
        // depots' levels of a catalogue item; only the levels that changed are written.
        saved = await update.mutateAsync({ id: item!.id, ...common })
        for (const l of changedLevels(item!, levels)) await saveLevel.mutateAsync({ itemId: item!.id, ...l })
        if (levels.length > 0 || item!.levels.length > 0) saved = { ...saved, levels: (await existing.refetch()).data?.levels ?? saved.levels }
      }
      notifications.show({ color: 'teal', message: isNew ? t('items.created', { code: saved.code }) : t('items.updated', { code: saved.code }) })
      onSaved?.(saved)
      onClose()
    } catch (e) {
      if (isRpcFailure(e) && e.code === 'CONFLICT') {
        const d = (e.details ?? {}) as { field?: string; barcode?: string }
        if (d.field === 'barcode' || d.barcode) form.setFieldError('barcodes', t('items.form.barcodeTaken', { barcode: d.barcode ?? '' }))
        else if (isNew) form.setFieldError('code', t('items.form.codeTaken'))
      }
    }
  })

  const failure = create.error ?? update.error ?? saveLevel.error
  const categories = useMemo(() => {
    const list: string[] = [...STOCK_CATEGORIES]
    if (form.values.category && !list.includes(form.values.category)) list.push(form.values.category)
    return list.map((c) => ({ value: c, label: categoryLabel(t, c) }))
  }, [form.values.category, t])

  const setLevel = (depotId: string, key: 'min' | 'max', value: string) =>
    form.setFieldValue('levels', { ...form.values.levels, [depotId]: { ...(form.values.levels[depotId] ?? { min: '', max: '' }), [key]: value } })

  return (
    <Modal
      opened={itemId !== null}
      onClose={onClose}
      title={<Text fw={650}>{isNew ? t('items.form.createTitle') : t('items.form.editTitle', { code: item?.code ?? '' })}</Text>}
      size="xl"
      centered
    >
      <form onSubmit={submit} noValidate data-testid="item-form">
        <Stack gap="sm">
          {failure && !(isRpcFailure(failure) && failure.code === 'CONFLICT') && (
            <Alert color="red" variant="light" data-testid="item-form-error">
              {stockErrorMessage(failure, t)}
            </Alert>
          )}
          <Group grow align="flex-start">
            <TextInput
              label={t('items.form.code')}
              description={isNew ? t('items.form.codeHint') : undefined}
              disabled={!isNew}
              withAsterisk={isNew}
              autoComplete="off"
              data-testid="item-code"
              styles={{ input: { direction: 'ltr' } }}
              {...form.getInputProps('code')}
            />
            <Stack gap={4}>
              <Text fz="sm" fw={500}>
                {t('items.form.tracking')}
              </Text>
              <SegmentedControl
                disabled={!isNew}
                data={ITEM_TRACKING.map((k) => ({ value: k, label: t(`tracking.${k}`) }))}
                data-testid="item-tracking"
                {...form.getInputProps('tracking')}
              />
              {isNew && (
                <Text fz="xs" c="dimmed">
                  {t('items.form.trackingHint')}
                </Text>
              )}
            </Stack>
          </Group>
          <Group grow align="flex-start">
            <TextInput label={t('items.form.nameFr')} withAsterisk data-testid="item-nameFr" lang="fr" dir="ltr" {...form.getInputProps('nameFr')} />
            <TextInput label={t('items.form.nameAr')} data-testid="item-nameAr" lang="ar" dir="rtl" {...form.getInputProps('nameAr')} />
          </Group>
          <Group grow align="flex-start">
            <Select
              label={t('items.form.category')}
              withAsterisk
              searchable
              data={categories}
              data-testid="item-category"
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('category')}
            />
            <Select
              label={t('items.form.uom')}
              allowDeselect={false}
              data={STOCK_UOMS.map((u) => ({ value: u, label: `${uomLabel(t, u)} — ${t(`uomLong.${u}`)}` }))}
              data-testid="item-uom"
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('uom')}
            />
            <TextInput
              label={t('items.form.standardCost')}
              description={t('items.form.perUnit')}
              inputMode="decimal"
              rightSection={<Text fz="xs" c="dimmed">{t('common.currency')}</Text>}
              rightSectionWidth={44}
              data-testid="item-standardCost"
              styles={{ input: { textAlign: 'end' } }}
              {...form.getInputProps('standardCost')}
            />
          </Group>
          <TagsInput
            label={t('items.form.barcodes')}
            description={t('items.form.barcodesHint')}
            placeholder={form.values.barcodes.length ? undefined : t('items.form.barcodesPlaceholder')}
            splitChars={[',', ' ', ';']}
            acceptValueOnBlur
            data-testid="item-barcodes"
            styles={{ inputField: { direction: 'ltr' } }}
            {...form.getInputProps('barcodes')}
          />
          <Switch label={t('items.form.active')} data-testid="item-active" {...form.getInputProps('active', { type: 'checkbox' })} />
          <Divider label={t('items.form.levels')} labelPosition="left" />
          {normalDepots.length === 0 ? (
            <Text fz="sm" c="dimmed">
              {t('items.form.noDepots')}
            </Text>
          ) : (
            <Table withTableBorder verticalSpacing={4} data-testid="item-levels">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('items.form.depot')}</Table.Th>
                  <Table.Th w={170}>{t('items.form.minQty', { uom: uomLabel(t, form.values.uom) })}</Table.Th>
                  <Table.Th w={170}>{t('items.form.maxQty', { uom: uomLabel(t, form.values.uom) })}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {normalDepots.map((d) => (
                  <Table.Tr key={d.id} data-testid="item-level-row" data-depot={d.code}>
                    <Table.Td>
                      <Text fz="sm">
                        <span className="mono-ltr">{d.code}</span> — {d.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        inputMode="decimal"
                        aria-label={t('items.form.minQty', { uom: uomLabel(t, form.values.uom) })}
                        value={form.values.levels[d.id]?.min ?? ''}
                        onChange={(e) => setLevel(d.id, 'min', e.currentTarget.value)}
                        error={form.errors[`levels.${d.id}.min`]}
                        data-testid="item-level-min"
                        styles={{ input: { textAlign: 'end' } }}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        size="xs"
                        inputMode="decimal"
                        aria-label={t('items.form.maxQty', { uom: uomLabel(t, form.values.uom) })}
                        value={form.values.levels[d.id]?.max ?? ''}
                        onChange={(e) => setLevel(d.id, 'max', e.currentTarget.value)}
                        error={form.errors[`levels.${d.id}.max`]}
                        data-testid="item-level-max"
                        styles={{ input: { textAlign: 'end' } }}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <FormActions
            onCancel={onClose}
            saving={create.isPending || update.isPending || saveLevel.isPending}
            disabled={!isNew && !item}
            submitLabel={isNew ? t('translation:common.create') : undefined}
            submitTestId="item-submit"
          />
        </Stack>
      </form>
    </Modal>
  )
}
