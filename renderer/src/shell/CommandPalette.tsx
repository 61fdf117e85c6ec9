import { useEffect, useMemo, useState } from 'react'
import { Loader } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { Spotlight, type SpotlightActionData, type SpotlightActionGroupData } from '@mantine/spotlight'
import { IconFileText, IconHome, IconSearch } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { useRpcQuery } from '../api/hooks'
import { navFor } from './modules'
import { useUser } from './session'

const norm = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()

export function CommandPalette() {
  const { t } = useTranslation()
  const user = useUser()
  const navigate = useNavigate()
  const [query, setQuery] = useState('')
  const [debounced] = useDebouncedValue(query.trim(), 250)
  const records = useRpcQuery('core.search.records', { text: debounced, limit: 12 }, { enabled: debounced.length >= 2, staleTime: 10_000 })

  const actions = useMemo(() => {
    const screens: SpotlightActionData[] = [
      { id: 'home', label: t('shell.home'), leftSection: <IconHome size={18} stroke={1.5} />, onClick: () => navigate('/') },
    ]
    for (const g of navFor(user.permissions)) {
      for (const e of g.entries) {
        const Icon = e.route.icon ?? g.module.icon
        screens.push({
          id: `screen:${e.to}`,
          label: t(e.route.labelKey!),
          description: t(g.module.labelKey),
          leftSection: <Icon size={18} stroke={1.5} />,
          onClick: () => navigate(e.to),
        })
      }
    }
    const q = norm(query.trim())
    const shown = q ? screens.filter((s) => norm(`${s.label} ${s.description ?? ''}`).includes(q)) : screens
    const groups: SpotlightActionGroupData[] = []
    if (shown.length) groups.push({ group: t('palette.screens'), actions: shown })
    const hits = debounced.length >= 2 ? (records.data ?? []) : []
    if (hits.length)
      groups.push({
        group: t('palette.records'),
        actions: hits.map((h) => ({
          id: `rec:${h.module}:${h.kind}:${h.id}`,
          label: h.label,
          description: h.description,
          leftSection: <IconFileText size={18} stroke={1.5} />,
          onClick: () => navigate(h.route.startsWith('/') ? h.route : `/${h.route}`),
        })),
      })
    return groups
  }, [t, user.permissions, navigate, query, debounced, records.data])

  // Mantine selects the first action right after each keystroke, when the record hits are not there yet:
  // once they arrive in a list with nothing selected, select the first action so Enter opens it.
  useEffect(() => {
    const list = document.querySelector('.mantine-Spotlight-actionsList')
    if (list && !list.querySelector('[data-action][data-selected]')) list.querySelector('[data-action]')?.setAttribute('data-selected', 'true')
  }, [actions])

  return (
    <Spotlight
      actions={actions}
      query={query}
      onQueryChange={setQuery}
      filter={(_q, a) => a}
      shortcut={['mod + K']}
      limit={40}
      highlightQuery
      scrollable
      maxHeight={420}
      nothingFound={records.isFetching ? t('palette.searching') : t('palette.nothing')}
      searchProps={{
        leftSection: records.isFetching ? <Loader size={16} /> : <IconSearch size={18} stroke={1.5} />,
        placeholder: t('palette.placeholder'),
        // @ts-expect-error data attributes pass through to the input
        'data-testid': 'palette-input',
      }}
    />
  )
}
