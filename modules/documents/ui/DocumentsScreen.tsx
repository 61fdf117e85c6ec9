/** Documents: drop or pick files to ingest (progress per file and overall), and the list of documents. */
import { useMemo } from 'react'
import { Box, Button, Stack, Text } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { DOCUMENT_PERMISSIONS, DOCUMENT_STATUSES, type DocumentListRow } from '../contract'
import { formatDay, localName, useDocumentTypes } from './organise-common'
import { DataTable, Page, formatDate, formatNumber, useSession } from '../../../renderer/src/ui-kit'
import { NS, StatusBadge, formatLabel, sizeText } from './common'
import { UploadDrop, UploadList } from './UploadPanel'
import { useUploads } from './useUploads'

const col = createColumnHelper<DocumentListRow>()
const FORMATS = ['pdf', 'png', 'jpeg', 'tiff', 'bmp', 'gif', 'webp']

export function DocumentsScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const navigate = useNavigate()
  const uploads = useUploads()
  const { types, nameOf } = useDocumentTypes()

  const columns = useMemo(
    () => [
      col.accessor('title', {
        meta: { labelKey: 'documents:list.col.title', filter: 'text', width: 300 },
        cell: (c) => (
          <Text span fz="sm" fw={500} dir="auto">
            {c.getValue()}
          </Text>
        ),
      }),
      col.accessor('typeId', {
        meta: { labelKey: 'documents:list.col.type', filter: 'select', options: types.map((x) => ({ value: x.id, label: localName(x.name) })), width: 160 },
        cell: (c) => nameOf(c.getValue()),
      }),
      col.accessor('correspondent', {
        meta: { labelKey: 'documents:list.col.correspondent', filter: 'text', width: 180 },
        cell: (c) => (
          <Text span fz="sm" dir="auto">
            {c.getValue()}
          </Text>
        ),
      }),
      col.accessor('tags', { meta: { labelKey: 'documents:list.col.tags', filter: 'text', width: 180 }, enableSorting: false }),
      col.accessor('documentDate', { meta: { labelKey: 'documents:list.col.documentDate', filter: 'date', width: 130 }, cell: (c) => formatDay(c.getValue()) }),
      col.accessor('format', {
        meta: { labelKey: 'documents:list.col.format', filter: 'select', options: FORMATS.map((f) => ({ value: f, labelKey: `documents:formats.${f}` })), width: 110 },
        cell: (c) => formatLabel(t, c.getValue()),
      }),
      col.accessor('pageCount', { meta: { labelKey: 'documents:list.col.pages', filter: 'number', align: 'end', width: 90 }, cell: (c) => formatNumber(c.getValue()) }),
      col.accessor('ocrPageCount', { meta: { labelKey: 'documents:list.col.ocrPages', filter: 'number', align: 'end', width: 110 }, cell: (c) => formatNumber(c.getValue()) }),
      col.accessor('status', {
        meta: { labelKey: 'documents:list.col.status', filter: 'select', options: DOCUMENT_STATUSES.map((s) => ({ value: s, labelKey: `documents:status.${s}` })), width: 130 },
        cell: (c) => <StatusBadge status={c.getValue()} />,
      }),
      col.accessor('createdAt', { meta: { labelKey: 'documents:list.col.createdAt', filter: 'date', width: 170 }, cell: (c) => formatDate(c.getValue()) }),
      col.accessor('size', { meta: { labelKey: 'documents:list.col.size', filter: 'number', align: 'end', width: 100 }, cell: (c) => sizeText(t, c.getValue()) }),
      col.accessor('originalName', {
        meta: { labelKey: 'documents:list.col.originalName', filter: 'text', width: 220 },
        cell: (c) => (
          <Text span fz="sm" dir="auto">
            {c.getValue()}
          </Text>
        ),
      }),
      col.accessor('sha256', { enableSorting: false, meta: { labelKey: 'documents:list.col.sha256', filter: 'text', filterOp: 'prefix', mono: true, width: 200 } }),
    ],
    [t, types, nameOf],
  )

  return (
    <Page
      title={t('list.title')}
      subtitle={t('list.subtitle')}
      fill
      testId="documents-screen"
      actions={
        <Button variant="default" leftSection={<IconSearch size={16} />} onClick={() => navigate('/documents/search')} data-testid="documents-search-open">
          {t('search.open')}
        </Button>
      }
    >
      {can(DOCUMENT_PERMISSIONS.ingest) && (
        <Stack gap="xs" mb="sm">
          <UploadDrop uploads={uploads} compact />
          <UploadList uploads={uploads} />
        </Stack>
      )}
      <Box style={{ flex: 1, minHeight: 260, display: 'flex', flexDirection: 'column' }}>
        <DataTable
          tableId="documents.items"
          method="documents.items.list"
          columns={columns}
          defaultSort={[{ id: 'createdAt', desc: true }]}
          defaultHidden={['size', 'originalName', 'sha256', 'ocrPageCount', 'format']}
          selectable={false}
          exportName={t('list.exportName')}
          onRowOpen={(r) => navigate(`/documents/${r.id}`)}
        />
      </Box>
    </Page>
  )
}
