import { ActionIcon, Group, Select, Text, Tooltip, useDirection } from '@mantine/core'
import { IconChevronLeft, IconChevronRight, IconChevronsLeft, IconChevronsRight } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../../i18n/format'
import { PAGE_SIZES } from './types'

export function Pager({
  page,
  pageSize,
  total,
  onPage,
  onPageSize,
}: {
  page: number
  pageSize: number
  total: number
  onPage: (p: number) => void
  onPageSize: (s: number) => void
}) {
  const { t } = useTranslation()
  const { dir } = useDirection()
  const rtl = dir === 'rtl'
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const from = total === 0 ? 0 : page * pageSize + 1
  const to = Math.min(total, (page + 1) * pageSize)
  const First = rtl ? IconChevronsRight : IconChevronsLeft
  const Prev = rtl ? IconChevronRight : IconChevronLeft
  const Next = rtl ? IconChevronLeft : IconChevronRight
  const Last = rtl ? IconChevronsLeft : IconChevronsRight
  const sizes = PAGE_SIZES.includes(pageSize as never) ? PAGE_SIZES : [...PAGE_SIZES, pageSize].sort((a, b) => a - b)
  const btn = (label: string, testId: string, Icon: typeof First, target: number, disabled: boolean) => (
    <Tooltip label={label}>
      <ActionIcon variant="default" size={30} disabled={disabled} onClick={() => onPage(target)} aria-label={label} data-testid={testId}>
        <Icon size={16} />
      </ActionIcon>
    </Tooltip>
  )
  return (
    <Group justify="space-between" gap="sm" wrap="nowrap">
      <Group gap={8} wrap="nowrap">
        <Text fz="sm" c="dimmed" visibleFrom="sm">
          {t('table.pageSize')}
        </Text>
        <Select
          size="xs"
          w={80}
          allowDeselect={false}
          data-testid="dt-page-size"
          aria-label={t('table.pageSize')}
          value={String(pageSize)}
          onChange={(v) => v && onPageSize(Number(v))}
          data={sizes.map((s) => ({ value: String(s), label: String(s) }))}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>
      <Group gap={6} wrap="nowrap">
        <Text fz="sm" fw={500} data-testid="dt-page-info" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          {t('table.pageInfo', { from: formatNumber(from), to: formatNumber(to), total: formatNumber(total) })}
        </Text>
        <Group gap={4} wrap="nowrap" ms="sm">
          {btn(t('table.first'), 'dt-first-page', First, 0, page <= 0)}
          {btn(t('table.prev'), 'dt-prev-page', Prev, page - 1, page <= 0)}
          <Text fz="xs" c="dimmed" px={6} style={{ whiteSpace: 'nowrap' }} data-testid="dt-page-of">
            {t('table.pageOf', { page: formatNumber(page + 1), pages: formatNumber(pages) })}
          </Text>
          {btn(t('table.next'), 'dt-next-page', Next, page + 1, page >= pages - 1)}
          {btn(t('table.last'), 'dt-last-page', Last, pages - 1, page >= pages - 1)}
        </Group>
      </Group>
    </Group>
  )
}
