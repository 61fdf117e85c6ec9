/**
 * A record of any module (supplier, employee, subscriber…) found with `core.search.records` (the command
 * palette's search), or — when `freeText` — plain text. The chosen record shows as its label with its kind.
 */
import { useRef, useState } from 'react'
import { Autocomplete, Badge, Group, Loader, Text } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconLink } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { RecordLink } from '../contract'
import { useRpcQuery } from '../../../renderer/src/ui-kit'
import { NS } from './common'

export interface RecordPickerProps {
  label: string
  /** The text shown (a free-text value, or the linked record's label). */
  text: string
  link: RecordLink | null
  /** `link` is null when the text is typed rather than picked (only kept when `freeText`). */
  onChange: (text: string, link: RecordLink | null) => void
  freeText?: boolean
  disabled?: boolean
  error?: string
  required?: boolean
  testId: string
}

export function RecordPicker({ label, text, link, onChange, freeText, disabled, error, required, testId }: RecordPickerProps) {
  const { t } = useTranslation(NS)
  const [typed, setTyped] = useState<string | null>(null)
  const picked = useRef(false)
  const shown = typed ?? text
  const [debounced] = useDebouncedValue(shown.trim(), 250)
  const searching = typed !== null && debounced.length >= 2
  const records = useRpcQuery('core.search.records', { text: debounced || 'x', limit: 10 }, { enabled: searching, staleTime: 10_000 })
  const hits = searching ? (records.data ?? []) : []
  const keyOf = (h: { module: string; kind: string; id: string }) => `${h.module}|${h.kind}|${h.id}`

  return (
    <Autocomplete
      label={label}
      withAsterisk={required}
      value={shown}
      dir="auto"
      disabled={disabled}
      error={error}
      description={link ? undefined : freeText ? t('organise.recordOrText') : t('organise.recordHint')}
      data={hits.map((h) => ({ value: keyOf(h), label: h.label }))}
      filter={({ options }) => options}
      rightSection={records.isFetching ? <Loader size={14} /> : link ? <IconLink size={14} aria-label={t('organise.linkedRecord')} /> : null}
      renderOption={({ option }) => {
        const hit = hits.find((h) => keyOf(h) === option.value)
        return (
          <Group gap={6} wrap="nowrap" data-testid={`${testId}-option`}>
            <Text fz="sm">{hit?.label ?? option.value}</Text>
            {hit && (
              <Badge size="xs" variant="light" style={{ textTransform: 'none' }}>
                {t(`organise.recordKinds.${hit.module}.${hit.kind}`, { defaultValue: `${hit.module} · ${hit.kind}` })}
              </Badge>
            )}
          </Group>
        )
      }}
      onOptionSubmit={(key) => {
        const hit = hits.find((h) => keyOf(h) === key)
        if (!hit) return
        picked.current = true // the input's own onChange (with the label) follows: not typing
        setTyped(null)
        onChange(hit.label, { module: hit.module, entity: hit.kind, id: hit.id, label: hit.label })
      }}
      onChange={(value) => {
        if (picked.current) {
          picked.current = false
          return
        }
        setTyped(value)
        if (freeText) onChange(value, null)
        else if (!value) onChange('', null)
      }}
      onBlur={() => {
        // a record field keeps its record: typing without picking puts the label back
        if (!freeText) setTyped(null)
      }}
      data-testid={testId}
    />
  )
}
