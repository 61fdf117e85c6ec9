/** One line of the count's snapshot: a quantity field, or found / missing for a serial. */
import type { KeyboardEvent } from 'react'
import { Badge, Table, Text, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { CountLineRow } from '../../contract'
import { formatQty } from '../../../../renderer/src/ui-kit'
import { Mono, NS, itemName, qtyText } from '../common'
import { serialText, serialToggleValue, shownCount } from './count-entry'
import { qtyInputProps } from '../qty-field'
import { SerialToggle } from './SerialToggle'
import type { CountEntry } from './useCountEntry'

interface ExpectedLineRowProps {
  line: CountLineRow
  entry: CountEntry
  editable: boolean
  showExpected: boolean
  onQtyKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void
}

export function ExpectedLineRow({ line: l, entry, editable, showExpected, onQtyKeyDown }: ExpectedLineRowProps) {
  const { t } = useTranslation(NS)
  return (
    <Table.Tr data-testid="count-line" data-item={l.itemCode} data-serial={l.serialNo ?? ''} data-bin={l.binCode} data-counted={l.countedQty ?? ''}>
      <Table.Td><Mono>{l.binCode}</Mono></Table.Td>
      <Table.Td><Mono fw={600}>{l.itemCode}</Mono>{l.added && <Badge size="xs" ms={6} color="orange" variant="light">{t('counts.addedBadge')}</Badge>}</Table.Td>
      <Table.Td>{itemName(l)}</Table.Td>
      <Table.Td><Mono>{serialText(l)}</Mono></Table.Td>
      {showExpected && <Table.Td ta="end" className="mono-ltr">{qtyText(t, l.expectedQty + l.movedQty, l.uom)}</Table.Td>}
      <Table.Td>
        {l.tracking === 'serial' ? (
          <SerialToggle value={serialToggleValue(l, entry.drafts)} disabled={!editable} onChange={(v) => entry.setCounted(l.id, v)} />
        ) : (
          <TextInput
            size="xs"
            {...qtyInputProps(l.uom)}
            ref={entry.qtyFieldRef(l.id)}
            value={shownCount(l, entry.drafts, formatQty)}
            disabled={!editable}
            placeholder={t('counts.notCountedShort')}
            onChange={(e) => entry.setCounted(l.id, e.currentTarget.value)}
            onKeyDown={onQtyKeyDown}
            rightSection={<Text fz="xs" c="dimmed">{t(`stock:uom.${l.uom}`)}</Text>}
            data-testid="count-qty"
            aria-label={t('counts.col.counted')}
            styles={{ input: { textAlign: 'end', direction: 'ltr' } }}
          />
        )}
      </Table.Td>
    </Table.Tr>
  )
}
