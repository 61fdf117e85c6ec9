/** A small read-only table for the 360° tabs (a customer has tens of rows, not thousands). */
import type { ReactNode } from 'react'
import { Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { NS } from '../common'

export interface Column<R> {
  label: string
  cell: (row: R) => ReactNode
  /** Numbers, codes and dates read left to right in both languages. */
  ltr?: boolean
  align?: 'start' | 'end'
}

export function SimpleTable<R extends { id: string }>({ rows, columns, testId }: { rows: R[]; columns: Column<R>[]; testId: string }) {
  const { t } = useTranslation(NS)
  if (rows.length === 0)
    return (
      <Text c="dimmed" fz="sm" data-testid={`${testId}-empty`}>
        {t('customer360.none')}
      </Text>
    )
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover data-testid={testId} verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.label} style={{ textAlign: c.align ?? 'start', whiteSpace: 'nowrap' }}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.id}>
              {columns.map((c) => (
                <Table.Td key={c.label} style={{ textAlign: c.align ?? 'start' }}>
                  {c.ltr ? <span style={{ direction: 'ltr', unicodeBidi: 'embed' }}>{c.cell(r)}</span> : c.cell(r)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
