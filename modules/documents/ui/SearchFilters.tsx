/**
 * Search filters (type, tags, correspondent, date range), kept in the URL beside `q` so a search can be
 * shared or reopened. `filtersFromParams` gives the `documents.search.run` arguments.
 */
import { Button, Group, MultiSelect, Select, TextInput } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { IconFilterOff } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { SetURLSearchParams } from 'react-router'
import { useRpcQuery } from '../../../renderer/src/ui-kit'
import { NS } from './common'
import { localName, useDocumentTypes } from './organise-common'

export interface SearchFilterArgs {
  typeId?: string
  tags?: string[]
  correspondent?: string
  dateFrom?: string
  dateTo?: string
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

export function filtersFromParams(params: URLSearchParams): SearchFilterArgs {
  const out: SearchFilterArgs = {}
  const type = params.get('type')
  if (type) out.typeId = type
  const tags = params.getAll('tag').filter(Boolean)
  if (tags.length) out.tags = tags.slice(0, 10)
  const corr = params.get('corr')?.trim()
  if (corr) out.correspondent = corr
  const from = params.get('from')
  if (from && DAY.test(from)) out.dateFrom = from
  const to = params.get('to')
  if (to && DAY.test(to)) out.dateTo = to
  return out
}

export function SearchFilters({ params, setParams }: { params: URLSearchParams; setParams: SetURLSearchParams }) {
  const { t } = useTranslation(NS)
  const { types } = useDocumentTypes()
  const tags = useRpcQuery('documents.tags.list', {}, { staleTime: 30_000 })
  const f = filtersFromParams(params)
  const update = (change: (next: URLSearchParams) => void) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev)
        change(next)
        return next
      },
      { replace: true },
    )
  const setOne = (key: string, value: string | null) => update((next) => (value ? next.set(key, value) : next.delete(key)))
  const any = Object.keys(f).length > 0
  return (
    <Group gap="xs" align="flex-end" wrap="wrap" data-testid="search-filters">
      <Select
        size="xs"
        w={180}
        label={t('search.filters.type')}
        placeholder={t('search.filters.any')}
        data={types.map((type) => ({ value: type.id, label: localName(type.name) }))}
        value={f.typeId ?? null}
        onChange={(v) => setOne('type', v)}
        clearable
        data-testid="search-filter-type"
      />
      <MultiSelect
        size="xs"
        w={220}
        label={t('search.filters.tags')}
        placeholder={f.tags?.length ? undefined : t('search.filters.any')}
        data={(tags.data ?? []).map((x) => x.tag)}
        value={f.tags ?? []}
        onChange={(values) =>
          update((next) => {
            next.delete('tag')
            for (const v of values.slice(0, 10)) next.append('tag', v)
          })
        }
        searchable
        clearable
        data-testid="search-filter-tags"
      />
      <TextInput
        size="xs"
        w={180}
        label={t('search.filters.correspondent')}
        value={params.get('corr') ?? ''}
        onChange={(e) => setOne('corr', e.currentTarget.value)}
        dir="auto"
        data-testid="search-filter-correspondent"
      />
      <DatePickerInput
        size="xs"
        w={220}
        type="range"
        label={t('search.filters.dates')}
        placeholder={t('search.filters.any')}
        value={[f.dateFrom ?? null, f.dateTo ?? null]}
        onChange={([from, to]) =>
          update((next) => {
            if (from) next.set('from', String(from).slice(0, 10))
            else next.delete('from')
            if (to) next.set('to', String(to).slice(0, 10))
            else next.delete('to')
          })
        }
        allowSingleDateInRange
        clearable
        data-testid="search-filter-dates"
      />
      {any && (
        <Button
          size="xs"
          variant="subtle"
          color="gray"
          leftSection={<IconFilterOff size={14} />}
          onClick={() => update((next) => ['type', 'tag', 'corr', 'from', 'to'].forEach((k) => next.delete(k)))}
          data-testid="search-filters-clear"
        >
          {t('search.filters.clear')}
        </Button>
      )}
    </Group>
  )
}
