/** One document: the viewer with thumbnails, each page's text (search words marked) and its details. */
import { useEffect, useMemo, useRef, type ReactNode } from 'react'
import { Alert, Anchor, Box, Button, Center, Group, Loader, ScrollArea, SimpleGrid, Stack, Tabs, Text, TextInput } from '@mantine/core'
import { IconArrowLeft, IconDownload, IconSearch } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { DOCUMENT_EVENTS, type DocumentDetail, type JobProgress, type PageDetail } from '../contract'
import { Page, currentLanguage, downloadFile, formatDate, formatNumber, rpcKey, usePushEvent, useRpcMutation, useRpcQuery } from '../../../renderer/src/ui-kit'
import { ConfidenceText, Marked, NS, StatusBadge, codeText, docErrorText, formatLabel, sizeText } from './common'
import { countHits, highlightSegments } from './highlight'
import { DocumentViewer } from './DocumentViewer'
import { TitleEditor } from './TitleEditor'
import { MetadataPanel } from './MetadataPanel'

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Text fz="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text fz="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children ?? '—'}
      </Text>
    </div>
  )
}

function Details({ doc }: { doc: DocumentDetail }) {
  const { t } = useTranslation(NS)
  return (
    <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm" p="sm" data-testid="document-details">
      <Field label={t('details.originalName')}>
        <span dir="auto">{doc.originalName}</span>
      </Field>
      <Field label={t('details.format')}>{formatLabel(t, doc.format)}</Field>
      <Field label={t('details.size')}>{sizeText(t, doc.size)}</Field>
      <Field label={t('details.status')}>
        <StatusBadge status={doc.status} />
      </Field>
      <Field label={t('details.pages')}>{formatNumber(doc.pageCount)}</Field>
      <Field label={t('details.ocrPages')}>{formatNumber(doc.ocrPageCount)}</Field>
      <Field label={t('details.langs')}>{doc.langs.split('+').map((l) => t(`langs.${l}`, { defaultValue: l })).join(', ')}</Field>
      <Field label={t('details.encrypted')}>{t(doc.encrypted ? 'details.yes' : 'details.no')}</Field>
      <Field label={t('details.createdAt')}>{formatDate(doc.createdAt)}</Field>
      <Box style={{ gridColumn: '1 / -1' }}>
        <Field label={t('details.sha256')}>
          <Text span fz="xs" className="mono-ltr">
            {doc.sha256}
          </Text>
        </Field>
      </Box>
    </SimpleGrid>
  )
}

function PageText({ page, query }: { page: PageDetail | undefined; query: string }) {
  const { t } = useTranslation(NS)
  const box = useRef<HTMLDivElement>(null)
  const lines = useMemo(() => (page?.text ?? '').split('\n').map((line) => highlightSegments(line, query)), [page?.text, query])
  useEffect(() => {
    box.current?.querySelector('mark')?.scrollIntoView({ block: 'center' })
  }, [lines])
  if (!page) return null
  return (
    <Stack gap={6} p="sm" data-testid="page-text-panel" data-page={page.pageNo}>
      <Group justify="space-between" gap="xs">
        <Text fz="xs" c="dimmed" fw={600}>
          {t('page.title', { n: formatNumber(page.pageNo) })}
        </Text>
        <ConfidenceText source={page.source} confidence={page.confidence} />
      </Group>
      {page.status === 'pending' && (
        <Group gap={6}>
          <Loader size="xs" />
          <Text fz="sm" c="dimmed">
            {t('page.pending')}
          </Text>
        </Group>
      )}
      {page.errorCode && (
        <Text fz="sm" c="red">
          {codeText(t, page.errorCode)}
        </Text>
      )}
      {page.status === 'done' && !page.text.trim() && (
        <Text fz="sm" c="dimmed">
          {t('page.empty')}
        </Text>
      )}
      <Box ref={box} data-testid="page-text" style={{ fontSize: 'var(--mantine-font-size-sm)', lineHeight: 1.7 }}>
        {lines.map((segments, i) => (
          <div key={i} dir="auto" style={{ minHeight: '1em', overflowWrap: 'anywhere' }}>
            <Marked segments={segments} testId="page-mark" />
          </div>
        ))}
      </Box>
    </Stack>
  )
}

export function DocumentPage() {
  const { t } = useTranslation(NS)
  const { id: routeId = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const query = params.get('q') ?? ''
  const qc = useQueryClient()
  // the route names the document (any version's id); `v` picks the version shown (default: the latest)
  const meta = useRpcQuery('documents.meta.get', { id: routeId }, { enabled: !!routeId })
  const navigate = useNavigate()
  useEffect(() => {
    if (meta.data && meta.data.id !== routeId) navigate(`/documents/${meta.data.id}?v=${routeId}`, { replace: true })
  }, [meta.data, routeId, navigate])
  const id = params.get('v') ?? meta.data?.versions.at(-1)?.id ?? routeId
  const detail = useRpcQuery('documents.items.get', { id }, { enabled: !!id && (meta.isSuccess || meta.isError) })
  const doc = detail.data
  const pageNo = Math.min(Math.max(1, Number(params.get('page')) || 1), doc?.pageCount || 1)

  usePushEvent<JobProgress>(DOCUMENT_EVENTS.jobProgress, (p) => {
    if (p.documentId === id) void qc.invalidateQueries({ queryKey: rpcKey('documents.items.get', { id }) })
  })

  const download = useRpcMutation('documents.items.original', { onSuccess: (o) => downloadFile({ filename: o.filename, mime: o.mime, base64: o.base64, rows: 0 }) })

  const hits = useMemo(() => {
    const m = new Map<number, number>()
    if (query.trim()) for (const p of doc?.pages ?? []) m.set(p.pageNo, countHits(highlightSegments(p.text, query)))
    return m
  }, [doc?.pages, query])
  const totalHits = [...hits.values()].reduce((a, b) => a + b, 0)

  const set = (next: { page?: number; q?: string }) => {
    const p = new URLSearchParams(params)
    if (next.page !== undefined) p.set('page', String(next.page))
    if (next.q !== undefined) {
      if (next.q) p.set('q', next.q)
      else p.delete('q')
    }
    setParams(p, { replace: true })
  }

  if (detail.isError)
    return (
      <Page title={t('document.title')}>
        <Alert color="red">{docErrorText(t, detail.error)}</Alert>
      </Page>
    )
  if (!doc)
    return (
      <Center h={300}>
        <Loader />
      </Center>
    )

  return (
    <Page
      title={<TitleEditor doc={doc} />}
      subtitle={
        <Group gap="xs" component="span">
          <Anchor component={Link} to="/documents" fz="sm">
            <Group gap={4} component="span">
              <IconArrowLeft size={14} style={currentLanguage() === 'ar' ? { transform: 'scaleX(-1)' } : undefined} />
              {t('document.back')}
            </Group>
          </Anchor>
          <StatusBadge status={doc.status} />
          <Text span fz="sm" c="dimmed">
            {t('document.summary', { pages: formatNumber(doc.pageCount), ocr: formatNumber(doc.ocrPageCount), format: formatLabel(t, doc.format) })}
          </Text>
        </Group>
      }
      fill
      testId="document-page"
      actions={
        <Button variant="default" leftSection={<IconDownload size={16} />} loading={download.isPending} onClick={() => download.mutate({ id })} data-testid="document-download">
          {t('document.download')}
        </Button>
      }
    >
      {download.isError && (
        <Alert color="red" mb="xs">
          {docErrorText(t, download.error)}
        </Alert>
      )}
      <Box style={{ display: 'flex', gap: 12, flex: 1, minHeight: 0 }}>
        <DocumentViewer doc={doc} pageNo={pageNo} onPage={(n) => set({ page: n })} hits={hits} />
        <Box style={{ width: 380, flexShrink: 0, display: 'flex', flexDirection: 'column', minHeight: 0, border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}>
          <Tabs defaultValue="text" style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
            <Tabs.List>
              <Tabs.Tab value="text" data-testid="tab-text">
                {t('document.tabText')}
              </Tabs.Tab>
              <Tabs.Tab value="meta" data-testid="tab-meta">
                {t('organise.tab')}
              </Tabs.Tab>
              <Tabs.Tab value="details" data-testid="tab-details">
                {t('document.tabDetails')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="text" style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
              <Box p="sm" pb={0}>
                <TextInput
                  size="xs"
                  value={query}
                  onChange={(e) => set({ q: e.currentTarget.value })}
                  placeholder={t('document.find')}
                  aria-label={t('document.find')}
                  leftSection={<IconSearch size={14} />}
                  dir="auto"
                  data-testid="document-find"
                />
                {query.trim() && (
                  <Text fz="xs" c="dimmed" mt={4} data-testid="document-hit-count">
                    {t('document.hits', { count: totalHits, n: formatNumber(totalHits) })}
                  </Text>
                )}
              </Box>
              <ScrollArea style={{ flex: 1, minHeight: 0 }} type="auto">
                <PageText page={doc.pages.find((p) => p.pageNo === pageNo)} query={query} />
              </ScrollArea>
            </Tabs.Panel>
            <Tabs.Panel value="meta" style={{ flex: 1, minHeight: 0 }}>
              <ScrollArea h="100%" type="auto">
                {meta.data && (
                  <MetadataPanel
                    id={meta.data.id}
                    versionId={id}
                    onVersion={(v) => {
                      const p = new URLSearchParams(params)
                      p.set('v', v)
                      p.delete('page')
                      setParams(p, { replace: true })
                    }}
                  />
                )}
              </ScrollArea>
            </Tabs.Panel>
            <Tabs.Panel value="details" style={{ flex: 1, minHeight: 0 }}>
              <ScrollArea h="100%" type="auto">
                <Details doc={doc} />
              </ScrollArea>
            </Tabs.Panel>
          </Tabs>
        </Box>
      </Box>
    </Page>
  )
}
