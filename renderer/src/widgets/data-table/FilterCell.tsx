import { CloseButton, Select, TextInput } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { IconCalendar, IconFilter } from '@tabler/icons-react'
import type { Column, RowData } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { currentLanguage } from '../../i18n'

export type FilterDraft = string | [string | null, string | null] | null

export function FilterCell<T extends RowData>({
  column,
  value,
  onChange,
}: {
  column: Column<T, unknown>
  value: FilterDraft
  onChange: (v: FilterDraft) => void
}) {
  const { t } = useTranslation()
  const meta = column.columnDef.meta
  const testId = `dt-filter-${column.id}`
  const label = meta?.labelKey ? t(meta.labelKey) : column.id
  if (!meta?.filter) return null

  if (meta.filter === 'select') {
    return (
      <Select
        size="xs"
        data-testid={testId}
        aria-label={`${t('table.filter')} ${label}`}
        placeholder={t('table.any')}
        clearable
        value={typeof value === 'string' ? value : null}
        onChange={(v) => onChange(v)}
        data={(meta.options ?? []).map((o) => ({ value: String(o.value), label: o.labelKey ? t(o.labelKey) : (o.label ?? String(o.value)) }))}
        comboboxProps={{ withinPortal: true }}
      />
    )
  }
  if (meta.filter === 'date') {
    const v = Array.isArray(value) ? value : [null, null]
    return (
      <DatePickerInput
        type="range"
        size="xs"
        data-testid={testId}
        aria-label={`${t('table.filter')} ${label}`}
        placeholder={`${t('table.from')} – ${t('table.to')}`}
        leftSection={<IconCalendar size={14} />}
        locale={currentLanguage()}
        valueFormat="DD/MM/YYYY"
        clearable
        allowSingleDateInRange
        value={v as [string | null, string | null]}
        onChange={(r) => onChange(r[0] || r[1] ? [r[0] ? String(r[0]) : null, r[1] ? String(r[1]) : null] : null)}
        popoverProps={{ withinPortal: true }}
      />
    )
  }
  const str = typeof value === 'string' ? value : ''
  return (
    <TextInput
      size="xs"
      data-testid={testId}
      aria-label={`${t('table.filter')} ${label}`}
      placeholder={t('table.filter')}
      inputMode={meta.filter === 'number' ? 'numeric' : undefined}
      leftSection={<IconFilter size={12} />}
      rightSection={str ? <CloseButton size="xs" onClick={() => onChange(null)} aria-label={t('common.close')} /> : null}
      value={str}
      onChange={(e) => onChange(e.currentTarget.value || null)}
    />
  )
}
