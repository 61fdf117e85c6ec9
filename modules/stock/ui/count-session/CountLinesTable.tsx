/** The count's lines, bin by bin, then the lines found that were not expected. */
import { useMemo, type KeyboardEvent } from 'react'
import { Table } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { CountDetail } from '../../contract'
import { NS, useBins } from '../common'
import { AddedLineRow } from './AddedLineRow'
import { linesByBin } from './count-entry'
import { ExpectedLineRow } from './ExpectedLineRow'
import type { CountEntry } from './useCountEntry'

interface CountLinesTableProps {
  count: CountDetail
  entry: CountEntry
  editable: boolean
  showExpected: boolean
  /** On the quantity fields (Enter goes back to the scan field). */
  onQtyKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void
}

export function CountLinesTable({ count, entry, editable, showExpected, onQtyKeyDown }: CountLinesTableProps) {
  const { t } = useTranslation(NS)
  const { byId: binsById } = useBins()
  const byBin = useMemo(() => linesByBin(count.lines), [count.lines])
  return (
    <Table withTableBorder striped highlightOnHover verticalSpacing={4} data-testid="count-lines">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={90}>{t('counts.col.bin')}</Table.Th>
          <Table.Th w={170}>{t('counts.col.item')}</Table.Th>
          <Table.Th>{t('counts.col.name')}</Table.Th>
          <Table.Th w={160}>{t('counts.col.lotSerial')}</Table.Th>
          {showExpected && <Table.Th w={120} ta="end">{t('counts.col.expected')}</Table.Th>}
          <Table.Th w={170} ta="end">{t('counts.col.counted')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {byBin.flatMap(([, lines]) =>
          lines.map((l) => <ExpectedLineRow key={l.id} line={l} entry={entry} editable={editable} showExpected={showExpected} onQtyKeyDown={onQtyKeyDown} />),
        )}
        {entry.added.map((a) => (
          <AddedLineRow key={a.key} line={a} binCode={binsById.get(a.binId)?.code ?? ''} entry={entry} showExpected={showExpected} onQtyKeyDown={onQtyKeyDown} />
        ))}
      </Table.Tbody>
    </Table>
  )
}
