import { Badge, Card, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { RunReport } from '../../runs.contract'
import { formatMoney, formatNumber, formatQty } from '../../../../renderer/src/ui-kit'
import { NS } from '../common'

function Stat({ label, value, testId, strong }: { label: string; value: string; testId: string; strong?: boolean }) {
  return (
    <Card withBorder padding="sm" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={strong ? 750 : 650} size={strong ? 'xl' : 'lg'} data-testid={testId} style={{ direction: 'ltr', textAlign: 'start', unicodeBidi: 'plaintext' }}>
        {value}
      </Text>
    </Card>
  )
}

const num = { style: { textAlign: 'end' as const, whiteSpace: 'nowrap' as const } }
/** The unit of a commodity's consumption (sanitation follows the water volume). */
const UNIT: Record<string, string> = { water: 'm³', sanitation: 'm³', electricity: 'kWh' }
/** A consumption with its unit, kept left to right (and the unit after the number) in Arabic. */
const qty = (thousandths: number, commodity: string | undefined) => `\u2066${formatQty(thousandths, commodity ? UNIT[commodity] : undefined)}\u2069`

/** The control report of a run: counts, totals per commodity, contracts left out and why, biggest bills. */
export function ControlReport({ report }: { report: RunReport }) {
  const { t } = useTranslation(NS)
  return (
    <Stack gap="md" data-testid="run-report">
      <Title order={4}>{t('runs.report.title')}</Title>
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm">
        <Stat label={t('runs.report.contracts')} value={formatNumber(report.contracts)} testId="report-contracts" />
        <Stat label={t('runs.report.bills')} value={formatNumber(report.bills)} testId="report-bills" />
        <Stat label={t('runs.report.estimated')} value={formatNumber(report.estimated)} testId="report-estimated" />
        <Stat label={t('runs.report.zero')} value={formatNumber(report.zeroConsumption)} testId="report-zero" />
        <Stat label={t('runs.report.exclTax')} value={formatMoney(report.exclTax)} testId="report-excl" />
        <Stat label={t('runs.report.vat')} value={formatMoney(report.vat)} testId="report-vat" />
        <Stat label={t('runs.report.total')} value={formatMoney(report.total)} testId="report-total" strong />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md">
        <Card withBorder padding="sm" radius="md" style={{ gridColumn: 'span 2' }}>
          <Text fw={650} mb="xs">
            {t('runs.report.byCommodity')}
          </Text>
          <Table.ScrollContainer minWidth={560}>
          <Table striped withRowBorders={false} data-testid="report-commodities">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('runs.report.commodity')}</Table.Th>
                <Table.Th {...num}>{t('runs.report.bills')}</Table.Th>
                <Table.Th {...num}>{t('runs.report.consumption')}</Table.Th>
                <Table.Th {...num}>{t('runs.report.exclTax')}</Table.Th>
                <Table.Th {...num}>{t('runs.report.vat')}</Table.Th>
                <Table.Th {...num}>{t('runs.report.total')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.byCommodity.map((c) => (
                <Table.Tr key={c.commodity}>
                  <Table.Td>{t(`commodities.${c.commodity}`)}</Table.Td>
                  <Table.Td {...num}>{formatNumber(c.bills)}</Table.Td>
                  <Table.Td {...num}>{qty(c.consumption, c.commodity)}</Table.Td>
                  <Table.Td {...num}>{formatMoney(c.exclTax)}</Table.Td>
                  <Table.Td {...num}>{formatMoney(c.vat)}</Table.Td>
                  <Table.Td {...num}>{formatMoney(c.inclTax)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          </Table.ScrollContainer>
        </Card>

        <Card withBorder padding="sm" radius="md">
          <Text fw={650} mb="xs">
            {t('runs.report.skipped')}
          </Text>
          {report.skipped.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('runs.report.skippedNone')}
            </Text>
          ) : (
            <Table withRowBorders={false} data-testid="report-skipped">
              <Table.Tbody>
                {report.skipped.map((s) => (
                  <Table.Tr key={s.reason} data-testid={`skipped-${s.reason}`}>
                    <Table.Td>
                      <Badge variant="light" color={s.reason === 'NO_READING' ? 'gray' : 'orange'} size="sm">
                        {t(`runs.report.reasons.${s.reason}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td {...num}>{formatNumber(s.count)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      </SimpleGrid>

      {report.skippedContracts.length > 0 && (
        <Card withBorder padding="sm" radius="md">
          <Text fw={650} mb="xs">
            {t('runs.report.skippedList')}
          </Text>
          <Table.ScrollContainer minWidth={500} mah={260}>
            <Table striped data-testid="report-skipped-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('runs.report.contract')}</Table.Th>
                  <Table.Th>{t('runs.report.subscriber')}</Table.Th>
                  <Table.Th>{t('runs.report.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.skippedContracts.map((s) => (
                  <Table.Tr key={s.contractId}>
                    <Table.Td ff="monospace" style={{ direction: 'ltr', textAlign: 'start' }}>
                      {s.contractNumber}
                    </Table.Td>
                    <Table.Td>{s.subscriberName}</Table.Td>
                    <Table.Td>{t(`runs.report.reasons.${s.reason}`)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}

      {report.biggest.length > 0 && (
        <Card withBorder padding="sm" radius="md">
          <Text fw={650} mb="xs">
            {t('runs.report.biggest')}
          </Text>
          <Table striped data-testid="report-biggest">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('runs.report.contract')}</Table.Th>
                <Table.Th>{t('runs.report.subscriber')}</Table.Th>
                <Table.Th {...num}>{t('runs.report.consumption')}</Table.Th>
                <Table.Th {...num}>{t('runs.report.amount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.biggest.map((b) => (
                <Table.Tr key={b.contractId}>
                  <Table.Td ff="monospace" style={{ direction: 'ltr', textAlign: 'start' }}>
                    {b.contractNumber}
                  </Table.Td>
                  <Table.Td>
                    {b.subscriberName}{' '}
                    {b.estimated && (
                      <Badge size="xs" variant="light" color="orange">
                        {t('runs.report.estimated')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td {...num}>{qty(b.consumption, b.commodity)}</Table.Td>
                  <Table.Td {...num}>{formatMoney(b.total)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  )
}
