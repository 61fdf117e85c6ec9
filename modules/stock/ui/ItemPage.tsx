import { useMemo, useState } from 'react'
import { Alert, Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Tabs, Text, Title, useDirection } from '@mantine/core'
import { LineChart } from '@mantine/charts'
import { IconArrowLeft, IconArrowRight, IconArrowsExchange, IconChartLine, IconPencil, IconStack2 } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { STOCK_PERMISSIONS, type ItemDetail, type MoveLineRow, type OnHandRow } from '../contract'
import { DataTable, Page, formatMoney, formatQty, useRpcQuery, useSession } from '../../../renderer/src/ui-kit'
import { Field, Mono, NS, categoryLabel, itemName, qtyText, stockErrorMessage, uomLabel } from './common'
import { ItemFormModal } from './ItemForm'
import { TrackingBadge } from './ItemsScreen'
import { moveLineColumns } from './MovesScreen'
import { MoveDrawer } from './MoveDrawer'

const ohCol = createColumnHelper<OnHandRow>()

/** Quantity after each posting day, walking back from the current on-hand over the latest moves. */
export function quantitySeries(onHand: number, lines: MoveLineRow[]): { date: string; qty: number }[] {
  const delta = (l: MoveLineRow) => (l.toBinId ? l.qty : 0) - (l.fromBinId ? l.qty : 0)
  // lines: newest first.
  const points: { date: string; qty: number }[] = []
  let qty = onHand
  let i = 0
  while (i < lines.length) {
    const date = lines[i]!.date
    points.push({ date, qty })
    while (i < lines.length && lines[i]!.date === date) qty -= delta(lines[i++]!)
  }
  if (points.length) points.push({ date: '', qty }) // the quantity before the first move shown
  return points.reverse()
}

function QtyChart({ item }: { item: ItemDetail }) {
  const { t } = useTranslation(NS)
  const { dir } = useDirection()
  const moves = useRpcQuery('stock.moves.list', {
    page: 0,
    pageSize: 1000,
    sort: [
      { id: 'date', desc: true },
      { id: 'postedAt', desc: true },
    ],
    filters: [{ id: 'itemId', op: 'equals', value: item.id }],
  })
  const data = useMemo(() => {
    const series = quantitySeries(item.onHandQty, (moves.data?.rows ?? []) as MoveLineRow[])
    if (series.length && series[0]!.date === '') {
      // Start the line the day before the first move shown.
      const first = series[1]?.date
      if (first) {
        const d = new Date(`${first}T00:00:00`)
        d.setDate(d.getDate() - 1)
        series[0]!.date = d.toISOString().slice(0, 10)
      }
    }
    // dd/mm/yyyy built by hand: Intl's Arabic dates carry bidi marks that scramble inside the LTR chart.
    return series.map((p) => ({ day: p.date.split('-').reverse().join('/'), qty: p.qty / 1000 }))
  }, [moves.data, item.onHandQty])

  if (moves.isLoading)
    return (
      <Group justify="center" h={220}>
        <Loader size="sm" />
      </Group>
    )
  if (moves.error) return <Alert color="red">{stockErrorMessage(moves.error, t)}</Alert>
  if (data.length < 2)
    return (
      <Group justify="center" h={220}>
        <Text c="dimmed" fz="sm">
          {t('item.noMoves')}
        </Text>
      </Group>
    )
  return (
    <div data-testid="item-qty-chart" dir="ltr">
      <LineChart
        h={220}
        data={data}
        dataKey="day"
        curveType="stepAfter"
        withDots={data.length <= 40}
        series={[{ name: 'qty', label: t('item.chartSeries', { uom: uomLabel(t, item.uom) }), color: 'blue.6' }]}
        valueFormatter={(v) => formatQty(Math.round(v * 1000))}
        xAxisProps={{ reversed: dir === 'rtl' }}
        yAxisProps={{ orientation: dir === 'rtl' ? 'right' : 'left' }}
        gridAxis="xy"
      />
    </div>
  )
}

export function ItemPage() {
  const { t } = useTranslation(NS)
  const { id = '' } = useParams()
  const { dir } = useDirection()
  const navigate = useNavigate()
  const { can } = useSession()
  const [editing, setEditing] = useState(false)
  const [openMove, setOpenMove] = useState<string | null>(null)
  const q = useRpcQuery('stock.items.get', { id }, { enabled: !!id })
  const item = q.data
  const itemFilter = useMemo(() => [{ id: 'itemId', op: 'equals' as const, value: id }], [id])

  const ohColumns = useMemo(
    () => [
      ohCol.accessor('depotCode', { meta: { labelKey: 'stock:onhand.col.depot', width: 110, mono: true } }),
      ohCol.accessor('binCode', { meta: { labelKey: 'stock:onhand.col.bin', width: 110, mono: true } }),
      ohCol.accessor('lotNo', { meta: { labelKey: 'stock:onhand.col.lot', filter: 'text', width: 120, mono: true } }),
      ohCol.accessor('serialNo', { meta: { labelKey: 'stock:onhand.col.serial', filter: 'text', width: 160, mono: true } }),
      ohCol.accessor('qty', { meta: { labelKey: 'stock:onhand.col.qty', exportAs: 'quantity', align: 'end', width: 110 }, cell: (c) => <span className="mono-ltr">{qtyText(t, c.getValue(), c.row.original.uom)}</span> }),
      ohCol.accessor('value', { meta: { labelKey: 'stock:onhand.col.value', exportAs: 'money', align: 'end', width: 130 }, cell: (c) => formatMoney(c.getValue()) }),
    ],
    [t],
  )
  const mvColumns = useMemo(() => moveLineColumns(t, { withItem: false }), [t])
  const Back = dir === 'rtl' ? IconArrowRight : IconArrowLeft

  if (q.error)
    return (
      <Page title={t('item.title')} testId="stock-item-page">
        <Alert color="red" data-testid="item-error">
          {stockErrorMessage(q.error, t)}
        </Alert>
      </Page>
    )
  if (!item)
    return (
      <Page title={t('item.title')} testId="stock-item-page">
        <Loader size="sm" />
      </Page>
    )

  return (
    <Page
      title={
        <Group gap="sm" wrap="nowrap">
          <Mono fw={700}>{item.code}</Mono>
          <span>{itemName(item)}</span>
          {!item.active && (
            <Badge color="gray" variant="light">
              {t('common.inactive')}
            </Badge>
          )}
        </Group>
      }
      subtitle={
        <Anchor component={Link} to="/stock/items" fz="sm" data-testid="item-back">
          <Group gap={4} component="span">
            <Back size={14} /> {t('item.back')}
          </Group>
        </Anchor>
      }
      testId="stock-item-page"
      actions={
        <>
          {can(STOCK_PERMISSIONS.post) && (
            <Button variant="default" leftSection={<IconArrowsExchange size={16} />} onClick={() => navigate('/stock/moves/new')} data-testid="item-new-move">
              {t('item.newMove')}
            </Button>
          )}
          {can(STOCK_PERMISSIONS.manage) && (
            <Button leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)} data-testid="item-edit">
              {t('items.edit')}
            </Button>
          )}
        </>
      }
    >
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Card withBorder padding="md" radius="md">
            <SimpleGrid cols={3} spacing="sm" verticalSpacing="sm">
              <Field label={t('items.col.onHand')} testId="item-page-onhand">
                <Text fz={20} fw={700} className="mono-ltr" span>
                  {qtyText(t, item.onHandQty, item.uom)}
                </Text>
              </Field>
              <Field label={t('items.col.standardCost')}>{formatMoney(item.standardCost)}</Field>
              <Field label={t('items.col.lastCost')}>{formatMoney(item.lastCost)}</Field>
              <Field label={t('items.col.nameFr')}>{item.nameFr}</Field>
              <Field label={t('items.col.nameAr')}>
                <span dir="rtl">{item.nameAr}</span>
              </Field>
              <Field label={t('items.col.category')}>{categoryLabel(t, item.category)}</Field>
              <Field label={t('items.col.uom')}>{t(`uomLong.${item.uom}`)}</Field>
              <Field label={t('items.col.tracking')}>
                <TrackingBadge tracking={item.tracking} />
              </Field>
              <Field label={t('items.form.barcodes')}>
                {item.barcodes.length ? (
                  <Group gap={4}>
                    {item.barcodes.map((b) => (
                      <Badge key={b} variant="default" radius="sm" className="mono-ltr" tt="none">
                        {b}
                      </Badge>
                    ))}
                  </Group>
                ) : null}
              </Field>
            </SimpleGrid>
            {item.levels.length > 0 && (
              <Group gap="xs" mt="sm">
                <Text fz="xs" c="dimmed" fw={600}>
                  {t('items.form.levels')}
                </Text>
                {item.levels.map((l) => (
                  <Badge key={l.depotId} variant="light" color="gray" radius="sm" tt="none">
                    <span className="mono-ltr">{l.depotCode}</span> · {t('item.minMax', { min: formatQty(l.minQty), max: formatQty(l.maxQty) })}
                  </Badge>
                ))}
              </Group>
            )}
          </Card>
          <Card withBorder padding="md" radius="md">
            <Group gap={6} mb="xs">
              <IconChartLine size={16} />
              <Title order={4} fz={14}>
                {t('item.chart')}
              </Title>
            </Group>
            <QtyChart item={item} />
          </Card>
        </SimpleGrid>
        <Tabs defaultValue="stock" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="stock" leftSection={<IconStack2 size={15} />} data-testid="item-tab-stock">
              {t('item.perLocation')}
            </Tabs.Tab>
            <Tabs.Tab value="moves" leftSection={<IconArrowsExchange size={15} />} data-testid="item-tab-moves">
              {t('item.history')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="stock" pt="sm">
            <DataTable tableId="stock.item.onhand" method="stock.onhand.list" columns={ohColumns} filters={itemFilter} height={380} selectable={false} exportName={`${item.code}-stock`} />
          </Tabs.Panel>
          <Tabs.Panel value="moves" pt="sm">
            <DataTable
              tableId="stock.item.moves"
              method="stock.moves.list"
              columns={mvColumns}
              filters={itemFilter}
              height={420}
              selectable={false}
              getRowId={(r) => r.lineId}
              defaultSort={[{ id: 'date', desc: true }]}
              onRowOpen={(r) => setOpenMove(r.moveId)}
              exportName={`${item.code}-moves`}
            />
          </Tabs.Panel>
        </Tabs>
      </Stack>
      <ItemFormModal itemId={editing ? item.id : null} onClose={() => setEditing(false)} />
      <MoveDrawer moveId={openMove} onClose={() => setOpenMove(null)} />
    </Page>
  )
}
