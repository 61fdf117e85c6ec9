/** One line of the move: item, quantity, bins, lot, unit cost, and its serials. */
import { ActionIcon, Badge, Box, Group, Paper, SimpleGrid, Text, TextInput, Tooltip } from '@mantine/core'
import { IconTrash } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { formatMoney, parseMoney, parseQty } from '../../../../renderer/src/ui-kit'
import { BinSelect, Mono, NS, itemName, qtyText, uomLabel } from '../common'
import { TrackingBadge } from '../ItemsScreen'
import { lineQty, lineValue, type LineDraft, type LinePatch, type MoveSides } from './move-draft'
import { SerialsTable } from './SerialsTable'
import { qtyInputProps } from '../qty-field'
import type { LineErrors } from './useMoveDraft'

export function LineEditor(props: {
  index: number
  line: LineDraft
  active: boolean
  errors: LineErrors
  side: MoveSides
  withCost: boolean
  createsSerials: boolean
  onFocus: () => void
  onChange: (patch: LinePatch) => void
  onRemove: () => void
}) {
  const { t } = useTranslation(NS)
  const { line: l, errors, side } = props
  const serial = l.item.tracking === 'serial'
  const qty = lineQty(l, parseQty) ?? 0
  const cost = parseMoney(l.unitCost) ?? 0
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      onFocusCapture={props.onFocus}
      style={props.active ? { borderColor: 'var(--mantine-color-blue-5)', boxShadow: '0 0 0 1px var(--mantine-color-blue-5)' } : undefined}
      data-testid="move-line-editor"
      data-item={l.item.code}
      data-active={props.active || undefined}
    >
      <Group justify="space-between" wrap="nowrap" mb={6}>
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Badge variant="light" color="gray" radius="sm">
            {props.index + 1}
          </Badge>
          <Mono fw={700}>{l.item.code}</Mono>
          <Text fz="sm" truncate>
            {itemName(l.item)}
          </Text>
          {l.item.tracking !== 'none' && <TrackingBadge tracking={l.item.tracking} />}
        </Group>
        <Group gap="xs" wrap="nowrap">
          {props.withCost && qty > 0 && (
            <Text fz="sm" c="dimmed" className="mono-ltr">
              {formatMoney(lineValue(qty, cost))}
            </Text>
          )}
          <Tooltip label={t('entry.removeLine')}>
            <ActionIcon variant="subtle" color="red" onClick={props.onRemove} aria-label={t('entry.removeLine')} data-testid="line-remove">
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 5 }} spacing="sm">
        <TextInput
          label={t('entry.qty', { uom: uomLabel(t, l.item.uom) })}
          {...(serial ? { inputMode: 'numeric' as const } : qtyInputProps(l.item.uom))}
          value={serial ? qtyText(t, qty) : l.qty}
          readOnly={serial}
          variant={serial ? 'filled' : 'default'}
          tabIndex={serial ? -1 : undefined}
          onChange={(e) => props.onChange({ qty: e.currentTarget.value })}
          error={errors.qty}
          data-enter-nav={serial ? undefined : true}
          data-testid="line-qty"
          styles={{ input: { textAlign: 'end', direction: 'ltr' } }}
        />
        {side.from && (
          <BinSelect label={t('entry.fromBin')} value={l.fromBinId} onChange={(v) => props.onChange({ fromBinId: v })} error={errors.fromBinId} data-enter-nav data-testid="line-from" />
        )}
        {side.to && <BinSelect label={t('entry.toBin')} value={l.toBinId} onChange={(v) => props.onChange({ toBinId: v })} error={errors.toBinId} data-enter-nav data-testid="line-to" />}
        {l.item.tracking === 'lot' && (
          <TextInput label={t('entry.lot')} value={l.lotNo} onChange={(e) => props.onChange({ lotNo: e.currentTarget.value })} error={errors.lotNo} data-enter-nav data-testid="line-lot" styles={{ input: { direction: 'ltr' } }} />
        )}
        {props.withCost && (
          <TextInput
            label={t('entry.unitCost')}
            inputMode="decimal"
            value={l.unitCost}
            onChange={(e) => props.onChange({ unitCost: e.currentTarget.value })}
            error={errors.unitCost}
            rightSection={<Text fz="xs" c="dimmed">{t('common.currency')}</Text>}
            rightSectionWidth={44}
            data-enter-nav
            data-testid="line-unitCost"
            styles={{ input: { textAlign: 'end', direction: 'ltr' } }}
          />
        )}
      </SimpleGrid>
      {serial && (
        <Box mt="sm">
          {errors.serials && (
            <Text fz="sm" c="red" mb={4} data-testid="line-serials-error">
              {errors.serials}
            </Text>
          )}
          {l.serials.length === 0 ? (
            <Text fz="sm" c="dimmed" data-testid="line-serials-empty">
              {props.createsSerials ? t('entry.serialsHintNew') : t('entry.serialsHint')}
            </Text>
          ) : (
            <SerialsTable serials={l.serials} errors={errors} createsSerials={props.createsSerials} onChange={props.onChange} />
          )}
        </Box>
      )}
    </Paper>
  )
}
