/** The offline map of connection points: filters, colour by commodity or status, a popup per point. */
import { useMemo, useState } from 'react'
import { Anchor, Badge, Box, CloseButton, Group, Loader, Paper, SegmentedControl, Select, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import { COMMODITIES, type Commodity } from '../../contract'
import { MAP_POINT_STATUSES, type MapPoint, type MapPointStatus } from '../../map.contract'
import { Page, formatNumber, useListQuery, useRpcQuery } from '../../../../renderer/src/ui-kit'
import { NS, billingErrorMessage, formatDay } from '../common'
import { COMMODITY_COLOURS, STATUS_COLOURS, type ColourBy } from './colours'
import { MapView } from './MapView'

function Legend({ colourBy }: { colourBy: ColourBy }) {
  const { t } = useTranslation(NS)
  const entries = colourBy === 'status' ? Object.entries(STATUS_COLOURS).map(([k, c]) => [t(`map.status.${k}`), c]) : Object.entries(COMMODITY_COLOURS).map(([k, c]) => [t(`map.group.${k}`), c])
  return (
    <Group gap="md" data-testid="map-legend">
      {entries.map(([label, colour]) => (
        <Group key={label} gap={6} wrap="nowrap">
          <Box w={12} h={12} style={{ borderRadius: 6, background: colour, border: '2px solid white', boxShadow: '0 0 0 1px var(--mantine-color-gray-4)' }} />
          <Text fz="sm">{label}</Text>
        </Group>
      ))}
    </Group>
  )
}

function PointPopup({ point, onClose }: { point: MapPoint; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const detail = useRpcQuery('billing.points.get', { id: point.id })
  const contracts = useListQuery('billing.contracts.list', { page: 0, pageSize: 20, filters: [{ id: 'pointId', op: 'equals', value: point.id }], sort: [{ id: 'startDate', desc: true }] })
  const d = detail.data
  return (
    <Paper shadow="md" p="sm" radius="md" withBorder data-testid="map-popup">
      <Group justify="space-between" wrap="nowrap" mb={4}>
        <Text fw={700} data-testid="map-popup-code" style={{ direction: 'ltr', whiteSpace: 'nowrap' }}>
          {point.code}
        </Text>
        <CloseButton size="sm" onClick={onClose} aria-label={t('map.close')} />
      </Group>
      <Badge size="sm" variant="light" mb={6} color={point.status === 'connected' ? 'teal' : point.status === 'vacant' ? 'yellow' : 'red'}>
        {t(`map.status.${point.status}`)}
      </Badge>
      {d ? (
        <Stack gap={2}>
          <Text fz="sm" dir="auto">
            {d.address}
          </Text>
          <Text fz="xs" c="dimmed">
            {[d.city, d.district, d.sector].filter(Boolean).join(' · ')}
          </Text>
          <Group gap={4} mt={2}>
            {(['water', 'electricity', 'sanitation'] as const).filter((c) => d[c]).map((c) => (
              <Badge key={c} size="xs" variant="outline">
                {t(`commodities.${c}`)}
              </Badge>
            ))}
          </Group>
        </Stack>
      ) : (
        <Loader size="xs" />
      )}
      <Text fz="xs" fw={600} mt="xs" c="dimmed">
        {t('map.contracts')}
      </Text>
      {contracts.data && contracts.data.rows.length === 0 && <Text fz="sm">{t('map.noContract')}</Text>}
      <Stack gap={2} mt={2}>
        {contracts.data?.rows.map((c) => (
          <Group key={c.id} gap={6} wrap="nowrap" justify="space-between" data-testid="map-popup-contract">
            <Anchor component={Link} to={`/billing/customers/${c.subscriberId}`} fz="sm" truncate dir="auto">
              {c.number} · {c.subscriberName}
            </Anchor>
            <Text fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {t(`commodities.${c.commodity}`)} · {c.endDate ? formatDay(c.endDate) : t('map.running')}
            </Text>
          </Group>
        ))}
      </Stack>
      <Anchor component={Link} to="/billing/points" fz="xs" mt="xs" display="block">
        {t('map.openPoints')}
      </Anchor>
    </Paper>
  )
}

export function MapScreen() {
  const { t } = useTranslation(NS)
  const [sector, setSector] = useState<string | null>(null)
  const [district, setDistrict] = useState<string | null>(null)
  const [commodity, setCommodity] = useState<Commodity | null>(null)
  const [status, setStatus] = useState<MapPointStatus | null>(null)
  const [colourBy, setColourBy] = useState<ColourBy>('commodity')
  const [selected, setSelected] = useState<MapPoint | null>(null)
  const facets = useRpcQuery('billing.map.facets', {})
  const args = { ...(sector ? { sector } : {}), ...(district ? { district } : {}), ...(commodity ? { commodity } : {}), ...(status ? { status } : {}) }
  const query = useRpcQuery('billing.map.points', args, { placeholderData: (prev) => prev })
  const points = useMemo(() => query.data?.points ?? [], [query.data])
  const fitKey = JSON.stringify(args)
  const result = query.data

  return (
    <Page
      title={t('map.title')}
      subtitle={t('map.subtitle')}
      fill
      testId="map-screen"
      actions={
        <SegmentedControl
          size="xs"
          value={colourBy}
          onChange={(v) => setColourBy(v as ColourBy)}
          data={[
            { value: 'commodity', label: t('map.colourByCommodity') },
            { value: 'status', label: t('map.colourByStatus') },
          ]}
          data-testid="map-colour-by"
        />
      }
    >
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select w={160} label={t('map.sector')} placeholder={t('map.all')} clearable searchable data={facets.data?.sectors ?? []} value={sector} onChange={(v) => (setSector(v), setSelected(null))} data-testid="map-filter-sector" />
        <Select w={180} label={t('map.district')} placeholder={t('map.all')} clearable searchable data={facets.data?.districts ?? []} value={district} onChange={(v) => (setDistrict(v), setSelected(null))} data-testid="map-filter-district" />
        <Select w={170} label={t('map.commodity')} placeholder={t('map.all')} clearable data={COMMODITIES.map((c) => ({ value: c, label: t(`commodities.${c}`) }))} value={commodity} onChange={(v) => (setCommodity(v as Commodity | null), setSelected(null))} data-testid="map-filter-commodity" />
        <Select w={170} label={t('map.statusLabel')} placeholder={t('map.all')} clearable data={MAP_POINT_STATUSES.map((s) => ({ value: s, label: t(`map.status.${s}`) }))} value={status} onChange={(v) => (setStatus(v as MapPointStatus | null), setSelected(null))} data-testid="map-filter-status" />
        <Box style={{ flex: 1 }} />
        <Legend colourBy={colourBy} />
      </Group>
      {query.error && <Text c="red">{billingErrorMessage(query.error, t)}</Text>}
      <MapView points={points} colourBy={colourBy} selectedId={selected?.id ?? null} onSelect={setSelected} fitKey={fitKey} popup={selected ? <PointPopup key={selected.id} point={selected} onClose={() => setSelected(null)} /> : undefined} />
      <Text fz="xs" c="dimmed" data-testid="map-count">
        {result
          ? result.truncated
            ? t('map.countTruncated', { shown: formatNumber(result.points.length), total: formatNumber(result.total) })
            : t('map.count', { count: result.total, total: formatNumber(result.total) })
          : ' '}
      </Text>
    </Page>
  )
}
