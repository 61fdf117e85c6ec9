/** Full-text search over every page: answers as you type, ranked hits with their words marked. */
import { useEffect, useState } from 'react'
import { Badge, Box, Card, Group, Loader, Stack, Text, TextInput, UnstyledButton } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconFileText, IconSearch } from '@tabler/icons-react'
import { keepPreviousData } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { useNavigate, useSearchParams } from 'react-router'
import type { SearchHit } from '../contract'
import { Page, formatNumber, useRpcQuery } from '../../../renderer/src/ui-kit'
import { Marked, NS, docErrorText } from './common'
import { snippetSegments } from './highlight'
import { SearchFilters, filtersFromParams } from './SearchFilters'

const LIMIT = 50

export const documentHref = (hit: Pick<SearchHit, 'documentId' | 'pageNo'>, query: string) =>
  `/documents/${hit.documentId}?page=${hit.pageNo}${query ? `&q=${encodeURIComponent(query)}` : ''}`

function HitCard({ hit, query }: { hit: SearchHit; query: string }) {
  const { t } = useTranslation(NS)
  const navigate = useNavigate()
  return (
    <UnstyledButton onClick={() => navigate(documentHref(hit, query))} data-testid="search-hit" data-document={hit.documentId} data-page={hit.pageNo} style={{ display: 'block', width: '100%' }}>
      <Card withBorder radius="md" padding="sm" className="doc-hit">
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Group gap={8} wrap="nowrap" style={{ minWidth: 0 }}>
            <IconFileText size={18} stroke={1.5} color="var(--mantine-color-blue-6)" style={{ flexShrink: 0 }} />
            <Text fw={600} fz="sm" truncate="end" dir="auto" data-testid="search-hit-title">
              {hit.title}
            </Text>
          </Group>
          <Badge size="sm" variant="light" color="gray" radius="sm" style={{ flexShrink: 0 }}>
            {t('search.page', { n: formatNumber(hit.pageNo) })}
          </Badge>
        </Group>
        <Text fz="sm" mt={6} c="dimmed" dir="auto" style={{ lineHeight: 1.6 }} data-testid="search-hit-snippet">
          <Marked segments={snippetSegments(hit.snippet)} testId="search-mark" />
        </Text>
      </Card>
    </UnstyledButton>
  )
}

export function SearchScreen() {
  const { t } = useTranslation(NS)
  const [params, setParams] = useSearchParams()
  // The box owns what is typed (a URL update per keystroke loses keys on a busy machine); the URL follows, debounced.
  const [text, setText] = useState(() => params.get('q') ?? '')
  const [debounced] = useDebouncedValue(text.trim(), 200)
  useEffect(() => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev)
        if (debounced) next.set('q', debounced)
        else next.delete('q')
        return next
      },
      { replace: true },
    )
  }, [debounced, setParams])
  const filters = filtersFromParams(params)
  const q = useRpcQuery('documents.search.run', { text: debounced, limit: LIMIT, ...filters }, { enabled: debounced.length > 0, placeholderData: keepPreviousData, staleTime: 5_000 })
  const hits = debounced ? (q.data?.hits ?? []) : []

  return (
    <Page title={t('search.title')} subtitle={t('search.subtitle')} testId="documents-search-screen">
      <Stack gap="md" maw={900}>
        <TextInput
          size="md"
          autoFocus
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          placeholder={t('search.placeholder')}
          aria-label={t('search.placeholder')}
          leftSection={<IconSearch size={18} />}
          rightSection={q.isFetching ? <Loader size="xs" /> : null}
          dir="auto"
          data-testid="documents-search-input"
        />
        <SearchFilters params={params} setParams={setParams} />
        <Box data-testid="search-results" data-state={!debounced ? 'idle' : q.isFetching || debounced !== text.trim() ? 'loading' : q.isError ? 'error' : 'ready'} data-count={hits.length}>
          {q.isError && (
            <Text c="red" fz="sm">
              {docErrorText(t, q.error)}
            </Text>
          )}
          {!debounced && (
            <Text c="dimmed" fz="sm">
              {t('search.hint')}
            </Text>
          )}
          {debounced && q.isSuccess && (
            <Text c="dimmed" fz="xs" mb="xs" data-testid="search-count">
              {hits.length === 0 ? t('search.none') : hits.length >= LIMIT ? t('search.countMore', { n: formatNumber(LIMIT) }) : t('search.count', { count: hits.length, n: formatNumber(hits.length) })}
            </Text>
          )}
          <Stack gap="xs">
            {hits.map((h) => (
              <HitCard key={`${h.documentId}:${h.pageNo}`} hit={h} query={debounced} />
            ))}
          </Stack>
        </Box>
      </Stack>
    </Page>
  )
}
