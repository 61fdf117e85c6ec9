/** A line found that was not expected, before it is saved: its lot number (lot items) and quantity are typed here. */
import type { KeyboardEvent } from 'react'
import { Badge, Table, Text, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Mono, NS, itemName, qtyText } from '../common'
import type { AddedLineDraft } from './count-entry'
import { qtyInputProps } from '../qty-field'
import type { CountEntry } from './useCountEntry'

interface AddedLineRowProps {
  line: AddedLineDraft
  binCode: string
  entry: CountEntry
  showExpected: boolean
  onQtyKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void
}

export function AddedLineRow({ line: a, binCode, entry, showExpected, onQtyKeyDown }: AddedLineRowProps) {
  const { t } = useTranslation(NS)
  return (
    <Table.Tr data-testid="count-added-line" data-item={a.item.code}>
      <Table.Td><Mono>{binCode}</Mono></Table.Td>
      <Table.Td><Mono fw={600}>{a.item.code}</Mono><Badge size="xs" ms={6} color="orange" variant="light">{t('counts.addedBadge')}</Badge></Table.Td>
      <Table.Td>{itemName(a.item)}</Table.Td>
      <Table.Td>
        {a.item.tracking === 'lot' ? (
          <TextInput
            size="xs"
            value={a.lotNo}
            placeholder={t('counts.lotPlaceholder')}
            onChange={(e) => entry.updateAdded(a.key, { lotNo: e.currentTarget.value })}
            data-testid="count-added-lot"
            styles={{ input: { direction: 'ltr' } }}
          />
        ) : (
          <Mono>{a.serialNo ?? ''}</Mono>
        )}
      </Table.Td>
      {showExpected && <Table.Td ta="end" className="mono-ltr">{qtyText(t, 0, a.item.uom)}</Table.Td>}
      <Table.Td>
        <TextInput
          size="xs"
          {...qtyInputProps(a.item.uom)}
          ref={entry.qtyFieldRef(a.key)}
          value={a.qty}
          disabled={a.item.tracking === 'serial'}
          onChange={(e) => entry.updateAdded(a.key, { qty: e.currentTarget.value })}
          onKeyDown={onQtyKeyDown}
          rightSection={<Text fz="xs" c="dimmed">{t(`stock:uom.${a.item.uom}`)}</Text>}
          data-testid="count-qty"
          aria-label={t('counts.col.counted')}
          styles={{ input: { textAlign: 'end', direction: 'ltr' } }}
        />
      </Table.Td>
    </Table.Tr>
  )
}
