/** A cash session's report (Z report once closed): expected vs counted per means, differences highlighted. */
import { Badge, Group, Stack, Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { CashSessionReport } from '../../payments.contract'
import { formatDate, formatMoney } from '../../../../renderer/src/ui-kit'
import { NS } from '../common'

export const diffColor = (d: number | null) => (d === null || d === 0 ? undefined : d < 0 ? 'red' : 'orange')

export function SessionReport({ report }: { report: CashSessionReport }) {
  const { t } = useTranslation(NS)
  const s = report.session
  const closed = s.status === 'closed'
  const sum = (f: (l: (typeof report.lines)[number]) => number | null) => report.lines.reduce((a, l) => a + (f(l) ?? 0), 0)
  return (
    <Stack gap="sm" data-testid="cash-report">
      <Group gap="xs">
        <Badge color={closed ? 'gray' : 'teal'} variant="light">{t(`cash.status.${s.status}`)}</Badge>
        <Text size="sm">{s.username} · {s.workstation}</Text>
        <Text size="sm" c="dimmed">
          {formatDate(s.openedAt, 'datetime')}
          {s.closedAt ? ` → ${formatDate(s.closedAt, 'datetime')}` : ''}
        </Text>
      </Group>
      <Table withTableBorder striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('cash.col.means')}</Table.Th>
            <Table.Th ta="end">{t('cash.col.count')}</Table.Th>
            <Table.Th ta="end">{t('cash.col.expected')}</Table.Th>
            <Table.Th ta="end">{t('cash.col.counted')}</Table.Th>
            <Table.Th ta="end">{t('cash.col.difference')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.lines.map((l) => (
            <Table.Tr key={l.means} data-testid={`cash-line-${l.means}`}>
              <Table.Td>{t(`payments.means.${l.means}`)}</Table.Td>
              <Table.Td ta="end">{l.count}</Table.Td>
              <Table.Td ta="end">{formatMoney(l.expected)}</Table.Td>
              <Table.Td ta="end">{l.counted === null ? '—' : formatMoney(l.counted)}</Table.Td>
              <Table.Td ta="end">
                <Text span fw={l.difference ? 700 : undefined} c={diffColor(l.difference)} size="sm">
                  {l.difference === null ? '—' : formatMoney(l.difference)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr fw={650}>
            <Table.Td>{t('cash.totals')}</Table.Td>
            <Table.Td ta="end">{sum((l) => l.count)}</Table.Td>
            <Table.Td ta="end">{formatMoney(sum((l) => l.expected))}</Table.Td>
            <Table.Td ta="end">{closed ? formatMoney(sum((l) => l.counted)) : '—'}</Table.Td>
            <Table.Td ta="end">
              <Text span fw={700} c={diffColor(s.difference)} size="sm" data-testid="cash-difference">
                {s.difference === null ? '—' : s.difference === 0 ? t('cash.noDifference') : formatMoney(s.difference)}
              </Text>
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {report.note && <Text size="sm">{t('cash.note')} : {report.note}</Text>}
      {report.closedBy && <Text size="xs" c="dimmed">{t('cash.closedBy', { name: report.closedBy })}</Text>}
      {report.payments.length > 0 && (
        <Table withTableBorder fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('payments.col.number')}</Table.Th>
              <Table.Th>{t('payments.col.means')}</Table.Th>
              <Table.Th ta="end">{t('payments.col.amount')}</Table.Th>
              <Table.Th>{t('payments.col.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.payments.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td style={{ direction: 'ltr', fontFamily: 'monospace' }}>{p.number}</Table.Td>
                <Table.Td>{t(`payments.means.${p.means}`)}</Table.Td>
                <Table.Td ta="end">{formatMoney(p.amount)}</Table.Td>
                <Table.Td>{p.reversed && <Badge color="red" variant="light" size="sm">{t('payments.reversed')}</Badge>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  )
}
