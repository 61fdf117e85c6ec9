import { ActionIcon, Button, Checkbox, Divider, Group, Popover, ScrollArea, Stack, Text, Tooltip } from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconColumns3, IconRestore } from '@tabler/icons-react'
import type { RowData, Table } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'

export function ColumnsMenu<T extends RowData>({
  table,
  order,
  setOrder,
  onReset,
}: {
  table: Table<T>
  order: string[]
  setOrder: (o: string[]) => void
  onReset: () => void
}) {
  const { t } = useTranslation()
  const move = (id: string, delta: number) => {
    const i = order.indexOf(id)
    const j = i + delta
    if (i < 0 || j < 0 || j >= order.length) return
    const next = order.slice()
    ;[next[i], next[j]] = [next[j]!, next[i]!]
    setOrder(next)
  }
  return (
    <Popover position="bottom-end" shadow="md" width={300} withinPortal>
      <Popover.Target>
        <Tooltip label={t('table.columns')}>
          <Button variant="default" size="xs" leftSection={<IconColumns3 size={16} />} data-testid="dt-columns">
            {t('table.columns')}
          </Button>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown p="xs" data-testid="dt-columns-menu">
        <ScrollArea.Autosize mah={360}>
          <Stack gap={2}>
            {order.map((id, i) => {
              const col = table.getColumn(id)
              if (!col) return null
              const label = col.columnDef.meta?.labelKey ? t(col.columnDef.meta.labelKey) : id
              return (
                <Group key={id} gap={4} wrap="nowrap" px={4} py={2}>
                  <Checkbox
                    size="xs"
                    style={{ flex: 1 }}
                    label={label}
                    checked={col.getIsVisible()}
                    disabled={!col.getCanHide()}
                    onChange={(e) => col.toggleVisibility(e.currentTarget.checked)}
                    data-testid={`dt-col-toggle-${id}`}
                  />
                  <ActionIcon size="sm" variant="subtle" color="gray" disabled={i === 0} onClick={() => move(id, -1)} aria-label={t('table.moveUp')} data-testid={`dt-col-up-${id}`}>
                    <IconArrowUp size={14} />
                  </ActionIcon>
                  <ActionIcon size="sm" variant="subtle" color="gray" disabled={i === order.length - 1} onClick={() => move(id, 1)} aria-label={t('table.moveDown')} data-testid={`dt-col-down-${id}`}>
                    <IconArrowDown size={14} />
                  </ActionIcon>
                </Group>
              )
            })}
          </Stack>
        </ScrollArea.Autosize>
        <Divider my={6} />
        <Button variant="subtle" size="xs" fullWidth leftSection={<IconRestore size={14} />} onClick={onReset} data-testid="dt-columns-reset">
          {t('table.resetColumns')}
        </Button>
        <Text fz={11} c="dimmed" ta="center" mt={4}>
          {t('table.sortHint')}
        </Text>
      </Popover.Dropdown>
    </Popover>
  )
}
