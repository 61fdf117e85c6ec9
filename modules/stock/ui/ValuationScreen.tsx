import { useMemo, useState } from 'react'
import { Alert, Button, Card, Group, Loader, ScrollArea, Select, Switch, Table, Text } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { IconDownload, IconReportMoney } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { ValuationReport } from '../contract'
import { Page, currentLanguage, downloadText, formatDate, formatFixed, formatMoney, useRpcQuery } from '../../../renderer/src/ui-kit'
import { Mono, NS, categoryLabel, qtyText, stockErrorMessage, todayIso } from './common'
import { STOCK_CATEGORIES } from '../contract'
import { csvText } from '../../core/domain/csv'
import type { ExportKind } from '../../core/domain/decimal-text'

/** The report as CSV with the rules of every file export; `;` separated for French Excel. */
function toCsv(r: ValuationReport, headers: string[]): string {
  const ids = ['itemCode', 'itemName', 'category', 'uom', 'qty', 'avgCost', 'value'] as const
  const kinds: Partial<Record<(typeof ids)[number], ExportKind>> = { qty: 'quantity', avgCost: 'money', value: 'money' }
  const columns = ids.map((id, i) => ({ id, label: headers[i], kind: kinds[id] }))
  const total = { itemCode: 'TOTAL', value: r.totals.value }
  return csvText(columns, [...r.rows, total], ';')
}

export function ValuationScreen() {
  const { t } = useTranslation(NS)
  const navigate = useNavigate()
  const [asOf, setAsOf] = useState(todayIso())
  const [category, setCategory] = useState<string | null>(null)
  const [includeZero, setIncludeZero] = useState(false)
  const q = useRpcQuery('stock.valuation.report', { asOf, includeZero, ...(category ? { category } : {}) })
  const r = q.data
  const headers = useMemo(
    () => [t('valuation.col.code'), t('valuation.col.item'), t('valuation.col.category'), t('valuation.col.uom'), t('valuation.col.qty'), t('valuation.col.avgCost'), t('valuation.col.value')],
    [t],
  )
  const exportCsv = () => {
    if (!r) return
    downloadText(toCsv(r, headers), `${t('valuation.exportName')}-${r.siteCode}-${r.asOf}.csv`)
  }
  return (
    <Page
      title={t('valuation.title')}
      subtitle={t('valuation.subtitle')}
      testId="stock-valuation-screen"
      actions={
        <Button variant="default" leftSection={<IconDownload size={16} />} onClick={exportCsv} disabled={!r} data-testid="valuation-export">
          {t('valuation.export')}
        </Button>
      }
    >
      <Card withBorder radius="md" padding="md" mb="md">
        <Group align="flex-end" gap="md">
          <DatePickerInput
            label={t('valuation.asOf')}
            value={asOf}
            onChange={(v) => v && setAsOf(String(v).slice(0, 10))}
            maxDate={todayIso()}
            valueFormat="DD/MM/YYYY"
            locale={currentLanguage()}
            w={180}
            data-testid="valuation-date"
            popoverProps={{ withinPortal: true }}
          />
          <Select
            label={t('valuation.category')}
            placeholder={t('translation:common.all')}
            clearable
            value={category}
            onChange={setCategory}
            data={STOCK_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(t, c) }))}
            w={220}
            data-testid="valuation-category"
            comboboxProps={{ withinPortal: true }}
          />
          <Switch label={t('valuation.includeZero')} checked={includeZero} onChange={(e) => setIncludeZero(e.currentTarget.checked)} mb={8} data-testid="valuation-zero" />
          {q.isFetching && <Loader size="xs" mb={10} />}
          <Group gap="xl" ms="auto" wrap="nowrap">
            <div>
              <Text fz="xs" c="dimmed" fw={600}>
                {t('valuation.items')}
              </Text>
              <Text fz={20} fw={700} className="mono-ltr" data-testid="valuation-items">
                {r ? formatFixed(r.totals.items, 0) : '—'}
              </Text>
            </div>
            <div>
              <Text fz="xs" c="dimmed" fw={600}>
                {t('valuation.total', { date: formatDate(`${asOf}T12:00:00`, 'date') })}
              </Text>
              <Text fz={20} fw={700} c="teal.8" className="mono-ltr" data-testid="valuation-total">
                {r ? formatMoney(r.totals.value) : '—'}
              </Text>
            </div>
          </Group>
        </Group>
      </Card>
      {q.error && <Alert color="red">{stockErrorMessage(q.error, t)}</Alert>}
      {r && (
        <Card withBorder radius="md" padding={0}>
          <ScrollArea.Autosize mah="calc(100dvh - 320px)">
            <Table striped highlightOnHover stickyHeader verticalSpacing={6} fz="sm" data-testid="valuation-table" data-as-of={r.asOf}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('valuation.col.code')}</Table.Th>
                  <Table.Th>{t('valuation.col.item')}</Table.Th>
                  <Table.Th>{t('valuation.col.category')}</Table.Th>
                  <Table.Th ta="end">{t('valuation.col.qty')}</Table.Th>
                  <Table.Th ta="end">{t('valuation.col.avgCost')}</Table.Th>
                  <Table.Th ta="end">{t('valuation.col.value')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.rows.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={6}>
                      <Group justify="center" py="xl" gap="xs">
                        <IconReportMoney size={20} color="var(--mantine-color-dimmed)" />
                        <Text c="dimmed">{t('valuation.empty')}</Text>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                )}
                {r.rows.map((row) => (
                  <Table.Tr key={row.itemId} data-testid="valuation-row" data-item={row.itemCode} style={{ cursor: 'pointer' }} onClick={() => navigate(`/stock/items/${row.itemId}`)}>
                    <Table.Td>
                      <Mono fw={600}>{row.itemCode}</Mono>
                    </Table.Td>
                    <Table.Td>{row.itemName}</Table.Td>
                    <Table.Td>{categoryLabel(t, row.category)}</Table.Td>
                    <Table.Td ta="end" className="mono-ltr" data-testid="valuation-qty">
                      {qtyText(t, row.qty, row.uom)}
                    </Table.Td>
                    <Table.Td ta="end">{formatMoney(row.avgCost)}</Table.Td>
                    <Table.Td ta="end" fw={600} data-testid="valuation-value">
                      {formatMoney(row.value)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th colSpan={5}>{t('valuation.totalRow', { count: r.totals.items })}</Table.Th>
                  <Table.Th ta="end" data-testid="valuation-foot-total">
                    {formatMoney(r.totals.value)}
                  </Table.Th>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </ScrollArea.Autosize>
        </Card>
      )}
    </Page>
  )
}
