/** The 360° tabs over the subscriber's own records: contracts and the connection points they are at. */
import { Anchor, Badge, Group } from '@mantine/core'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { ConnectionPointRow, ContractRow } from '../../contract'
import { formatMoney } from '../../../../renderer/src/ui-kit'
import { NS, formatDay } from '../common'
import { SimpleTable } from './SimpleTable'

export function ContractsTab({ contracts }: { contracts: ContractRow[] }) {
  const { t } = useTranslation(NS)
  return (
    <SimpleTable
      testId="customer-contracts"
      rows={contracts}
      columns={[
        { label: t('contracts.col.number'), cell: (c) => c.number, ltr: true },
        { label: t('contracts.col.commodity'), cell: (c) => t(`commodities.${c.commodity}`) },
        { label: t('contracts.col.category'), cell: (c) => c.category },
        { label: t('contracts.col.point'), cell: (c) => c.pointCode, ltr: true },
        { label: t('contracts.col.address'), cell: (c) => c.pointAddress },
        { label: t('contracts.col.start'), cell: (c) => formatDay(c.startDate) },
        { label: t('contracts.col.end'), cell: (c) => (c.endDate ? formatDay(c.endDate) : <Badge size="sm" variant="light" color="teal">{t('contracts.running')}</Badge>) },
        { label: t('contracts.col.deposit'), cell: (c) => formatMoney(c.deposit), ltr: true, align: 'end' },
      ]}
    />
  )
}

export function PointsTab({ points }: { points: ConnectionPointRow[] }) {
  const { t } = useTranslation(NS)
  return (
    <SimpleTable
      testId="customer-points"
      rows={points}
      columns={[
        { label: t('points.col.code'), cell: (p) => p.code, ltr: true },
        { label: t('points.col.address'), cell: (p) => p.address },
        { label: t('points.col.district'), cell: (p) => p.district },
        { label: t('points.col.sector'), cell: (p) => p.sector, ltr: true },
        {
          label: t('points.col.commodities'),
          cell: (p) => (
            <Group gap={4}>
              {(['water', 'electricity', 'sanitation'] as const).filter((c) => p[c]).map((c) => (
                <Badge key={c} size="xs" variant="outline">
                  {t(`commodities.${c}`)}
                </Badge>
              ))}
            </Group>
          ),
        },
        { label: t('points.col.gps'), cell: (p) => (p.lat === null ? '—' : <Anchor component={Link} to="/billing/map">{`${p.lat.toFixed(5)}, ${p.lng?.toFixed(5)}`}</Anchor>), ltr: true },
      ]}
    />
  )
}
