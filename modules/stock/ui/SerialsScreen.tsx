import { useMemo } from 'react'
import { Alert, Divider, Drawer, Group, Loader, ScrollArea, SimpleGrid, Stack, Table, Text, Title, useDirection } from '@mantine/core'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { SERIAL_STATUSES, type SerialRow } from '../contract'
import { DataTable, Page, formatDate, useRpcQuery } from '../../../renderer/src/ui-kit'
import { Field, KindBadge, Mono, NS, SerialStatusBadge, stockErrorMessage } from './common'

const col = createColumnHelper<SerialRow>()

function SerialDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const { dir } = useDirection()
  const q = useRpcQuery('stock.serials.get', { id: id ?? '' }, { enabled: !!id })
  const s = q.data
  return (
    <Drawer
      opened={!!id}
      onClose={onClose}
      position={dir === 'rtl' ? 'left' : 'right'}
      size="xl"
      title={
        <Group gap="sm">
          <Text fw={650}>{t('serials.detail')}</Text>
          {s && <Mono fw={650}>{s.serialNo}</Mono>}
        </Group>
      }
      scrollAreaComponent={ScrollArea.Autosize}
      data-testid="serial-drawer"
    >
      {q.isLoading && <Loader size="sm" />}
      {q.error && <Alert color="red">{stockErrorMessage(q.error, t)}</Alert>}
      {s && s.id === id && (
        <Stack gap="md" data-testid="serial-detail" data-serial={s.serialNo}>
          <SimpleGrid cols={3} spacing="md">
            <Field label={t('serials.col.status')}>
              <SerialStatusBadge status={s.status} />
            </Field>
            <Field label={t('serials.col.item')}>
              <Mono fw={600}>{s.itemCode}</Mono> {s.itemName}
            </Field>
            <Field label={t('serials.col.location')}>{s.depotCode && s.binCode ? <Mono>{`${s.depotCode} / ${s.binCode}`}</Mono> : null}</Field>
            <Field label={t('serials.col.brand')}>{s.brand}</Field>
            <Field label={t('serials.col.caliber')}>{s.caliber}</Field>
            <Field label={t('serials.col.year')}>{s.manufactureYear}</Field>
            <Field label={t('serials.col.connectionPoint')}>{s.connectionPointId ? <Mono>{s.connectionPointId}</Mono> : null}</Field>
            <Field label={t('serials.col.updatedAt')}>{formatDate(s.updatedAt)}</Field>
          </SimpleGrid>
          <Divider />
          <Title order={4} fz={15}>
            {t('serials.history')}
          </Title>
          {s.history.length === 0 ? (
            <Text c="dimmed" fz="sm">
              {t('item.noMoves')}
            </Text>
          ) : (
            <Table striped withTableBorder verticalSpacing={6} fz="sm" data-testid="serial-history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('moves.col.date')}</Table.Th>
                  <Table.Th>{t('moves.col.number')}</Table.Th>
                  <Table.Th>{t('moves.col.kind')}</Table.Th>
                  <Table.Th>{t('moves.col.from')}</Table.Th>
                  <Table.Th>{t('moves.col.to')}</Table.Th>
                  <Table.Th>{t('moves.col.reference')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.history.map((h) => (
                  <Table.Tr key={h.lineId} data-testid="serial-history-row" data-kind={h.kind}>
                    <Table.Td>{formatDate(`${h.date}T12:00:00`, 'date')}</Table.Td>
                    <Table.Td>
                      <Mono fw={600}>{h.number}</Mono>
                    </Table.Td>
                    <Table.Td>
                      <KindBadge kind={h.kind} />
                    </Table.Td>
                    <Table.Td>
                      <Mono>{h.fromBinCode ?? '—'}</Mono>
                    </Table.Td>
                    <Table.Td>
                      <Mono>{h.toBinCode ?? '—'}</Mono>
                    </Table.Td>
                    <Table.Td>{h.reference ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </Drawer>
  )
}

export function SerialsScreen() {
  const { t } = useTranslation(NS)
  const [params, setParams] = useSearchParams()
  const open = params.get('serial')
  const columns = useMemo(
    () => [
      col.accessor('serialNo', { meta: { labelKey: 'stock:serials.col.serialNo', filter: 'text', width: 170, mono: true }, cell: (c) => <Mono fw={600}>{c.getValue()}</Mono> }),
      col.accessor('itemCode', { meta: { labelKey: 'stock:serials.col.itemCode', filter: 'text', filterOp: 'prefix', width: 120, mono: true }, cell: (c) => <Mono>{c.getValue()}</Mono> }),
      col.accessor('itemName', { meta: { labelKey: 'stock:serials.col.item', width: 220 } }),
      col.accessor('status', {
        meta: { labelKey: 'stock:serials.col.status', filter: 'select', options: SERIAL_STATUSES.map((s) => ({ value: s, labelKey: `stock:serialStatus.${s}` })), width: 140 },
        cell: (c) => <SerialStatusBadge status={c.getValue()} />,
      }),
      col.accessor('brand', { meta: { labelKey: 'stock:serials.col.brand', filter: 'text', width: 130 } }),
      col.accessor('caliber', { meta: { labelKey: 'stock:serials.col.caliber', filter: 'text', width: 110 } }),
      col.accessor('manufactureYear', { meta: { labelKey: 'stock:serials.col.year', filter: 'number', width: 90, align: 'end' } }),
      col.accessor('binCode', {
        meta: { labelKey: 'stock:serials.col.location', width: 140, mono: true },
        cell: (c) => <Mono>{c.row.original.depotCode && c.getValue() ? `${c.row.original.depotCode} / ${c.getValue()}` : '—'}</Mono>,
      }),
      col.accessor('connectionPointId', { meta: { labelKey: 'stock:serials.col.connectionPoint', filter: 'text', width: 150, mono: true } }),
      col.accessor('updatedAt', { meta: { labelKey: 'stock:serials.col.updatedAt', filter: 'date', width: 160 }, cell: (c) => formatDate(c.getValue()) }),
    ],
    [],
  )
  return (
    <Page title={t('serials.title')} subtitle={t('serials.subtitle')} fill testId="stock-serials-screen">
      <DataTable
        tableId="stock.serials"
        method="stock.serials.list"
        columns={columns}
        defaultSort={[{ id: 'serialNo', desc: false }]}
        defaultHidden={['itemName', 'updatedAt']}
        selectable={false}
        exportName={t('serials.exportName')}
        onRowOpen={(r) => setParams({ serial: r.id })}
      />
      <SerialDrawer id={open} onClose={() => setParams({})} />
    </Page>
  )
}

