/**
 * The page viewer: PDFs drawn by pdf.js in the renderer (asking for the password of an encrypted one),
 * images as upright PNGs from the backend (TIFF pages included); zoom, page thumbnails.
 */
import { useMemo, useState, type ReactNode } from 'react'
import { ActionIcon, Badge, Box, Button, Center, Group, Loader, PasswordInput, ScrollArea, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { useElementSize } from '@mantine/hooks'
import { IconChevronLeft, IconChevronRight, IconFileSearch, IconLock, IconZoomIn, IconZoomOut, IconZoomReset } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import type { DocumentDetail } from '../contract'
import { PdfPageCanvas, currentLanguage, downloadFile, formatNumber, usePdfDocument, useRpcMutation, useRpcQuery, type PdfState } from '../../../renderer/src/ui-kit'
import { NS, base64ToBytes, docErrorText } from './common'

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3]
const THUMB_WIDTH = 96

interface ViewerProps {
  doc: DocumentDetail
  pageNo: number
  onPage: (pageNo: number) => void
  /** Hits per page number (search words found in its text). */
  hits: Map<number, number>
}

function Centered({ children }: { children: ReactNode }) {
  return (
    <Center h="100%" p="lg">
      {children}
    </Center>
  )
}

/** Loads a PDF's original once and opens it (password asked here when it has one). */
function usePdf(doc: DocumentDetail, password: string) {
  const original = useRpcQuery('documents.items.original', { id: doc.id }, { enabled: doc.format === 'pdf', staleTime: Infinity, gcTime: 30_000 })
  const bytes = useMemo(() => (original.data ? base64ToBytes(original.data.base64) : null), [original.data])
  const pdf = usePdfDocument(bytes, password)
  return { pdf, error: original.error }
}

function PageImage({ doc, pageNo, width, thumb }: { doc: DocumentDetail; pageNo: number; width: number; thumb?: boolean }) {
  const { t } = useTranslation(NS)
  const q = useRpcQuery('documents.pages.image', { id: doc.id, pageNo, maxWidth: thumb ? 200 : 2000 }, { staleTime: Infinity, gcTime: 60_000 })
  if (q.isError) return <Text c="red" fz="xs">{docErrorText(t, q.error)}</Text>
  if (!q.data) return <Box w={width} h={Math.round(width * 1.41)} bg="var(--mantine-color-default-hover)" />
  return (
    <img
      src={`data:${q.data.mime};base64,${q.data.base64}`}
      alt={t('viewer.pageAlt', { n: pageNo })}
      width={width}
      height={Math.round((width * q.data.height) / q.data.width)}
      data-testid={thumb ? undefined : 'viewer-image'}
      style={{ display: 'block', background: 'white', boxShadow: '0 1px 4px rgba(0,0,0,.25)' }}
    />
  )
}

function PdfPassword({ wrong, onSubmit }: { wrong: boolean; onSubmit: (password: string) => void }) {
  const { t } = useTranslation(NS)
  const [value, setValue] = useState('')
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        if (value) onSubmit(value)
      }}
    >
      <Stack gap="xs" align="center" maw={320}>
        <IconLock size={32} stroke={1.4} />
        <Text fz="sm" ta="center">
          {t(wrong ? 'errors.PDF_PASSWORD_WRONG' : 'viewer.passwordNeeded')}
        </Text>
        <PasswordInput value={value} onChange={(e) => setValue(e.currentTarget.value)} placeholder={t('upload.password')} aria-label={t('upload.password')} w="100%" data-testid="viewer-password" />
        <Button type="submit" size="xs" disabled={!value}>
          {t('viewer.open')}
        </Button>
      </Stack>
    </form>
  )
}

/** The search words found by OCR on this page, drawn over the upright page (boxes are fractions of it). */
function HitBoxes({ doc, pageNo, query }: { doc: DocumentDetail; pageNo: number; query: string }) {
  const { t } = useTranslation(NS)
  const ocr = doc.pages.find((p) => p.pageNo === pageNo)?.source === 'ocr'
  const q = useRpcQuery('documents.pages.words', { id: doc.id, pageNo, text: query.trim() }, { enabled: ocr && query.trim() !== '', staleTime: Infinity })
  if (!ocr || !query.trim() || !q.data) return null
  return (
    <>
      {q.data.words.map((w, i) => (
        <div
          key={i}
          title={t('viewer.hitBox')}
          data-testid="viewer-hit-box"
          style={{
            position: 'absolute',
            left: `${w.x0 * 100}%`,
            top: `${w.y0 * 100}%`,
            width: `${(w.x1 - w.x0) * 100}%`,
            height: `${(w.y1 - w.y0) * 100}%`,
            background: 'rgba(255, 212, 59, 0.4)',
            outline: '2px solid rgba(250, 176, 5, 0.9)',
            borderRadius: 2,
            pointerEvents: 'none',
          }}
        />
      ))}
    </>
  )
}

function PageView({ doc, pdf, pageNo, width }: { doc: DocumentDetail; pdf: PdfState; pageNo: number; width: number }) {
  const [params] = useSearchParams()
  const query = params.get('q') ?? ''
  const page = <PageContent doc={doc} pdf={pdf} pageNo={pageNo} width={width} />
  // the page's box is the picture's: percentages of it are fractions of the page
  return (
    <Box pos="relative" style={{ display: 'inline-block', lineHeight: 0 }}>
      {page}
      <HitBoxes doc={doc} pageNo={pageNo} query={query} />
    </Box>
  )
}

function PageContent({ doc, pdf, pageNo, width }: { doc: DocumentDetail; pdf: PdfState; pageNo: number; width: number }) {
  const { t } = useTranslation(NS)
  const rotation = doc.pages.find((p) => p.pageNo === pageNo)?.rotation ?? 0
  if (doc.format !== 'pdf') return <PageImage doc={doc} pageNo={pageNo} width={width} />
  if (pdf.status === 'ready') return <PdfPageCanvas doc={pdf.doc} pageNo={pageNo} width={width} rotation={rotation} label={t('viewer.pageAlt', { n: pageNo })} testId="viewer-canvas" />
  if (pdf.status === 'error') return <Text c="red" fz="sm">{t('errors.CORRUPT_FILE')}</Text>
  return <Loader size="sm" />
}

function Thumbnails({ doc, pdf, pageNo, onPage, hits }: ViewerProps & { pdf: PdfState }) {
  const { t } = useTranslation(NS)
  return (
    <ScrollArea h="100%" type="auto" style={{ width: THUMB_WIDTH + 28, flexShrink: 0, borderInlineEnd: '1px solid var(--mantine-color-default-border)' }} data-testid="viewer-thumbnails">
      <Stack gap="sm" p={8} align="center">
        {doc.pages.map((p) => (
          <UnstyledButton
            key={p.pageNo}
            onClick={() => onPage(p.pageNo)}
            aria-label={t('viewer.pageAlt', { n: p.pageNo })}
            aria-current={p.pageNo === pageNo ? 'page' : undefined}
            data-testid="viewer-thumb"
            data-page={p.pageNo}
            style={{ outline: p.pageNo === pageNo ? '2px solid var(--mantine-color-blue-6)' : 'none', outlineOffset: 2, borderRadius: 2, position: 'relative' }}
          >
            {doc.format === 'pdf' ? (
              pdf.status === 'ready' ? <PdfPageCanvas doc={pdf.doc} pageNo={p.pageNo} width={THUMB_WIDTH} rotation={p.rotation} /> : <Box w={THUMB_WIDTH} h={THUMB_WIDTH * 1.41} bg="var(--mantine-color-default-hover)" />
            ) : (
              <PageImage doc={doc} pageNo={p.pageNo} width={THUMB_WIDTH} thumb />
            )}
            <Group justify="center" gap={4} mt={2}>
              <Text fz={11} c="dimmed">
                {formatNumber(p.pageNo)}
              </Text>
              {(hits.get(p.pageNo) ?? 0) > 0 && (
                <Badge size="xs" color="yellow" variant="filled" data-testid="thumb-hits">
                  {formatNumber(hits.get(p.pageNo) ?? 0)}
                </Badge>
              )}
            </Group>
          </UnstyledButton>
        ))}
      </Stack>
    </ScrollArea>
  )
}

export function DocumentViewer(props: ViewerProps) {
  const { doc, pageNo, onPage } = props
  const { t } = useTranslation(NS)
  const [zoom, setZoom] = useState(1)
  const [password, setPassword] = useState('')
  const { pdf, error } = usePdf(doc, password)
  const { ref, width: boxWidth } = useElementSize<HTMLDivElement>()
  const flip = currentLanguage() === 'ar' ? { transform: 'scaleX(-1)' } : undefined
  const width = Math.max(120, Math.floor((boxWidth - 32) * zoom))
  const z = ZOOMS.indexOf(zoom)
  const last = doc.pageCount
  const searchable = useRpcMutation('documents.items.searchablePdf', { onSuccess: (o) => downloadFile({ filename: o.filename, mime: o.mime, base64: o.base64, rows: 0 }) })

  let body: ReactNode
  if (error) body = <Centered><Text c="red" fz="sm">{docErrorText(t, error)}</Text></Centered>
  else if (doc.format === 'pdf' && pdf.status === 'password') body = <Centered><PdfPassword wrong={pdf.wrong} onSubmit={setPassword} /></Centered>
  else
    body = (
      <Box p={16} style={{ width: 'max-content', minWidth: '100%', display: 'flex', justifyContent: 'center' }}>
        {boxWidth > 0 && <PageView doc={doc} pdf={pdf} pageNo={pageNo} width={width} />}
      </Box>
    )

  return (
    <Box style={{ display: 'flex', flex: 1, minWidth: 0, minHeight: 0, border: '1px solid var(--mantine-color-default-border)', borderRadius: 8, overflow: 'hidden' }} data-testid="document-viewer" data-page={pageNo} data-format={doc.format}>
      <Thumbnails {...props} pdf={pdf} />
      <Box style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', background: 'var(--mantine-color-default-hover)' }}>
        <Group justify="space-between" px="sm" py={6} gap="xs" wrap="nowrap" style={{ borderBottom: '1px solid var(--mantine-color-default-border)', background: 'var(--mantine-color-body)' }}>
          <Group gap={4} wrap="nowrap">
            <Tooltip label={t('viewer.prev')}>
              <ActionIcon variant="subtle" color="gray" disabled={pageNo <= 1} onClick={() => onPage(pageNo - 1)} aria-label={t('viewer.prev')} data-testid="viewer-prev">
                <IconChevronLeft size={18} style={flip} />
              </ActionIcon>
            </Tooltip>
            <Text fz="sm" data-testid="viewer-page-info">
              {t('viewer.pageOf', { n: formatNumber(pageNo), total: formatNumber(last) })}
            </Text>
            <Tooltip label={t('viewer.next')}>
              <ActionIcon variant="subtle" color="gray" disabled={pageNo >= last} onClick={() => onPage(pageNo + 1)} aria-label={t('viewer.next')} data-testid="viewer-next">
                <IconChevronRight size={18} style={flip} />
              </ActionIcon>
            </Tooltip>
          </Group>
          <Group gap={4} wrap="nowrap">
            {searchable.isError && (
              <Text c="red" fz="xs" data-testid="viewer-searchable-error">
                {docErrorText(t, searchable.error)}
              </Text>
            )}
            {doc.searchablePdf && (
              <Tooltip label={t('viewer.searchablePdf')}>
                <ActionIcon variant="subtle" color="gray" loading={searchable.isPending} onClick={() => searchable.mutate({ id: doc.id })} aria-label={t('viewer.searchablePdf')} data-testid="viewer-searchable-pdf">
                  <IconFileSearch size={18} />
                </ActionIcon>
              </Tooltip>
            )}
            <Tooltip label={t('viewer.zoomOut')}>
              <ActionIcon variant="subtle" color="gray" disabled={z <= 0} onClick={() => setZoom(ZOOMS[z - 1])} aria-label={t('viewer.zoomOut')} data-testid="viewer-zoom-out">
                <IconZoomOut size={18} />
              </ActionIcon>
            </Tooltip>
            <Text fz="xs" w={44} ta="center" className="mono-ltr" data-testid="viewer-zoom">
              {formatNumber(Math.round(zoom * 100))} %
            </Text>
            <Tooltip label={t('viewer.zoomIn')}>
              <ActionIcon variant="subtle" color="gray" disabled={z >= ZOOMS.length - 1} onClick={() => setZoom(ZOOMS[z + 1])} aria-label={t('viewer.zoomIn')} data-testid="viewer-zoom-in">
                <IconZoomIn size={18} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t('viewer.fit')}>
              <ActionIcon variant="subtle" color="gray" onClick={() => setZoom(1)} aria-label={t('viewer.fit')}>
                <IconZoomReset size={18} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
        <ScrollArea style={{ flex: 1, minHeight: 0 }} type="auto" viewportRef={ref}>
          {body}
        </ScrollArea>
      </Box>
    </Box>
  )
}
