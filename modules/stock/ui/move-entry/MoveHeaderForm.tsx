/** The move's kind, date, reference, reason, and what the kind needs: direction, issued status, default bins. */
import { Card, Group, SegmentedControl, Select, SimpleGrid, Stack, TextInput } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { IconAdjustments, IconArrowBarToDown, IconArrowBarUp, IconArrowsExchange } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { POSTABLE_MOVE_KINDS, type PostableMoveKind } from '../../contract'
import { currentLanguage } from '../../../../renderer/src/ui-kit'
import { BinSelect, NS, todayIso } from '../common'
import { moveSides, type IssuedSerialStatus, type MoveDirection } from './move-draft'
import type { MoveDraft } from './useMoveDraft'

export const KIND_ICONS = { receipt: IconArrowBarToDown, issue: IconArrowBarUp, transfer: IconArrowsExchange, adjustment: IconAdjustments }

export function MoveHeaderForm({ draft }: { draft: MoveDraft }) {
  const { t } = useTranslation(NS)
  const { kind, direction, date, reference, reason, serialStatus } = draft.header
  const side = moveSides(kind, direction)
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm">
        <SegmentedControl
          value={kind}
          onChange={(v) => draft.setKind(v as PostableMoveKind)}
          data={POSTABLE_MOVE_KINDS.map((k) => {
            const I = KIND_ICONS[k]
            return {
              value: k,
              label: (
                <Group gap={6} wrap="nowrap" justify="center" data-testid={`move-kind-${k}`}>
                  <I size={16} />
                  <span>{t(`kinds.${k}`)}</span>
                </Group>
              ),
            }
          })}
          fullWidth
          data-testid="move-kind"
        />
        <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm">
          <DatePickerInput
            label={t('entry.date')}
            value={date}
            onChange={(v) => v && draft.setDate(String(v).slice(0, 10))}
            maxDate={todayIso()}
            valueFormat="DD/MM/YYYY"
            locale={currentLanguage()}
            data-testid="move-date"
            popoverProps={{ withinPortal: true }}
          />
          <TextInput label={t('entry.reference')} placeholder={t(`entry.referenceHint.${kind}`)} value={reference} onChange={(e) => draft.setReference(e.currentTarget.value)} data-enter-nav data-testid="move-reference" />
          <TextInput label={t('entry.reason')} value={reason} onChange={(e) => draft.setReason(e.currentTarget.value)} data-enter-nav data-testid="move-reason" />
          {kind === 'adjustment' && (
            <Select
              label={t('entry.direction')}
              allowDeselect={false}
              value={direction}
              onChange={(v) => v && draft.setDirection(v as MoveDirection)}
              data={[
                { value: 'in', label: t('entry.directionIn') },
                { value: 'out', label: t('entry.directionOut') },
              ]}
              data-testid="move-direction"
              comboboxProps={{ withinPortal: true }}
            />
          )}
          {kind === 'issue' && (
            <Select
              label={t('entry.serialStatus')}
              allowDeselect={false}
              value={serialStatus}
              onChange={(v) => v && draft.setSerialStatus(v as IssuedSerialStatus)}
              data={[
                { value: 'installed', label: t('entry.serialStatusInstalled') },
                { value: 'scrapped', label: t('entry.serialStatusScrapped') },
              ]}
              data-testid="move-serial-status"
              comboboxProps={{ withinPortal: true }}
            />
          )}
          {side.from && <BinSelect label={t('entry.defaultFrom')} clearable value={draft.defaultFrom} onChange={draft.chooseDefaultFrom} data-testid="move-default-from" />}
          {side.to && <BinSelect label={t('entry.defaultTo')} clearable value={draft.defaultTo} onChange={draft.chooseDefaultTo} data-testid="move-default-to" />}
        </SimpleGrid>
      </Stack>
    </Card>
  )
}
