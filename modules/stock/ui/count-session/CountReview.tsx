/** The review tab: variance totals, the counted lines with their variances, and the lines not counted. */
import type { ReactNode } from 'react'
import { Badge, Card, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { CountDetail } from '../../contract'
import { formatMoney } from '../../../../renderer/src/ui-kit'
import { Mono, NS, itemName, qtyText } from '../common'
import { serialText } from './count-entry'

function TotalCard({ label, value, testId, color }: { label: string; value: ReactNode; testId: string; color?: string }) {
  return (
    <Card withBorder padding="sm" radius="md" data-testid={testId}>
      <Text fz="xs" c="dimmed" fw={600}>{label}</Text>
      <Text fz="lg" fw={700} c={color} className="mono-ltr" data-testid={`${testId}-value`}>{value}</Text>
    </Card>
  )
}

export function CountReview({ count }: { count: CountDetail }) {
  const { t } = useTranslation(NS)
  const counted = count.lines.filter((l) => l.countedQty !== null)
  const notCounted = count.lines.filter((l) => l.countedQty === null)
  const tot = count.totals
  return (
    <Stack gap="md" data-testid="count-review">
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <TotalCard label={t('counts.review.counted')} value={`${tot.counted} / ${tot.lines}`} testId="count-total-counted" />
        <TotalCard label={t('counts.review.gain')} value={formatMoney(tot.gainValue)} testId="count-total-gain" color="teal.8" />
        <TotalCard label={t('counts.review.loss')} value={formatMoney(tot.lossValue)} testId="count-total-loss" color="red.8" />
        <TotalCard label={t('counts.review.net')} value={formatMoney(tot.netValue)} testId="count-total-net" />
        <TotalCard label={t('counts.review.abs')} value={formatMoney(tot.absValue)} testId="count-total-abs" color={tot.needsApproval ? 'orange.8' : undefined} />
      </SimpleGrid>
      <Text fz="sm" c="dimmed">{t('counts.review.rule')}</Text>
      <Table withTableBorder striped verticalSpacing={4} data-testid="count-variances">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('counts.col.bin')}</Table.Th>
            <Table.Th>{t('counts.col.item')}</Table.Th>
            <Table.Th>{t('counts.col.lotSerial')}</Table.Th>
            <Table.Th ta="end">{t('counts.col.expectedOpen')}</Table.Th>
            <Table.Th ta="end">{t('counts.col.moved')}</Table.Th>
            <Table.Th ta="end">{t('counts.col.counted')}</Table.Th>
            <Table.Th ta="end">{t('counts.col.variance')}</Table.Th>
            <Table.Th ta="end">{t('counts.col.avgCost')}</Table.Th>
            <Table.Th ta="end">{t('counts.col.value')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {counted.map((l) => (
            <Table.Tr key={l.id} data-testid="count-variance-row" data-item={l.itemCode} data-serial={l.serialNo ?? ''} data-variance={l.varianceQty ?? ''} fw={l.varianceQty ? 600 : undefined}>
              <Table.Td><Mono>{l.binCode}</Mono></Table.Td>
              <Table.Td><Mono>{l.itemCode}</Mono> <Text span fz="xs" c="dimmed">{itemName(l)}</Text></Table.Td>
              <Table.Td><Mono>{serialText(l)}</Mono></Table.Td>
              <Table.Td ta="end" className="mono-ltr">{qtyText(t, l.expectedQty, l.uom)}</Table.Td>
              <Table.Td ta="end" className="mono-ltr">{l.movedQty ? qtyText(t, l.movedQty, l.uom) : '—'}</Table.Td>
              <Table.Td ta="end" className="mono-ltr">{qtyText(t, l.countedQty ?? 0, l.uom)}</Table.Td>
              <Table.Td ta="end" className="mono-ltr" c={l.varianceQty! > 0 ? 'teal.8' : l.varianceQty! < 0 ? 'red.8' : undefined} data-testid="count-variance-qty">
                {l.varianceQty! > 0 ? '+' : ''}{qtyText(t, l.varianceQty ?? 0, l.uom)}
              </Table.Td>
              <Table.Td ta="end" className="mono-ltr">{formatMoney(l.avgCost)}</Table.Td>
              <Table.Td ta="end" className="mono-ltr" c={l.varianceValue! < 0 ? 'red.8' : undefined} data-testid="count-variance-value">{formatMoney(l.varianceValue)}</Table.Td>
            </Table.Tr>
          ))}
          {counted.length === 0 && (
            <Table.Tr><Table.Td colSpan={9}><Text c="dimmed" fz="sm">{t('counts.review.noneCounted')}</Text></Table.Td></Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      {notCounted.length > 0 && (
        <Card withBorder radius="md" padding="sm" data-testid="count-not-counted">
          <Text fw={600} fz="sm">{t('counts.review.notCountedTitle', { n: notCounted.length })}</Text>
          <Text fz="sm" c="dimmed" mb={6}>{t('counts.review.notCountedHint')}</Text>
          <Group gap={6}>
            {notCounted.map((l) => (
              <Badge key={l.id} variant="outline" color="gray" radius="sm" data-testid="count-not-counted-line" style={{ textTransform: 'none' }}>
                <span className="mono-ltr">{`${l.binCode} · ${l.itemCode}${l.serialNo || l.lotNo ? ` · ${serialText(l)}` : ''}`}</span>
              </Badge>
            ))}
          </Group>
        </Card>
      )}
    </Stack>
  )
}
