/** Retention and trash: documents past their type's retention (proposed for destruction), the trash (restore, destroy). */
import { useMemo } from 'react'
import { Alert, Box, Button, Group, Stack, Tabs } from '@mantine/core'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { DOCUMENT_PERMISSIONS, type RetentionRow, type TrashRow } from '../contract'
import { DataTable, Page, formatDate, useRpcMutation, useSession } from '../../../renderer/src/ui-kit'
import { NS, docErrorText } from './common'
import { formatDay, localName, useDocumentTypes } from './organise-common'

const rcol = createColumnHelper<RetentionRow>()
const tcol = createColumnHelper<TrashRow>()

export function RetentionScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const navigate = useNavigate()
  const { types, nameOf } = useDocumentTypes()
  const trash = useRpcMutation('documents.items.trash', { invalidate: ['documents.'] })
  const restore = useRpcMutation('documents.trash.restore', { invalidate: ['documents.'] })
  const purge = useRpcMutation('documents.trash.empty', { invalidate: ['documents.'] })
  const typeOptions = useMemo(() => types.map((x) => ({ value: x.id, label: localName(x.name) })), [types])

  const retentionColumns = useMemo(
    () => [
      rcol.accessor('title', { meta: { labelKey: 'documents:list.col.title', filter: 'text', width: 280 } }),
      rcol.accessor('typeId', { meta: { labelKey: 'documents:list.col.type', filter: 'select', options: typeOptions, width: 170 }, cell: (c) => nameOf(c.getValue()) }),
      rcol.accessor('documentDate', { meta: { labelKey: 'documents:list.col.documentDate', filter: 'date', width: 140 }, cell: (c) => formatDay(c.getValue()) }),
      rcol.accessor('keepUntil', { meta: { labelKey: 'documents:organise.keepUntil', filter: 'date', width: 140 }, cell: (c) => formatDay(c.getValue()) }),
    ],
    [typeOptions, nameOf],
  )
  const trashColumns = useMemo(
    () => [
      tcol.accessor('title', { meta: { labelKey: 'documents:list.col.title', filter: 'text', width: 280 } }),
      tcol.accessor('typeId', { meta: { labelKey: 'documents:list.col.type', filter: 'select', options: typeOptions, width: 170 }, cell: (c) => nameOf(c.getValue()) }),
      tcol.accessor('trashedAt', { meta: { labelKey: 'documents:organise.trashedAt', filter: 'date', width: 170 }, cell: (c) => formatDate(c.getValue()) }),
      tcol.accessor('trashedBy', { meta: { labelKey: 'documents:organise.trashedBy', filter: 'text', width: 140 } }),
    ],
    [typeOptions, nameOf],
  )
  const error = trash.error ?? restore.error ?? purge.error

  return (
    <Page title={t('organise.retentionTitle')} subtitle={t('organise.retentionSubtitle')} fill testId="retention-screen">
      {error && (
        <Alert color="red" mb="xs">
          {docErrorText(t, error)}
        </Alert>
      )}
      <Tabs defaultValue="trash" style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
        <Tabs.List>
          <Tabs.Tab value="trash" data-testid="tab-trash">
            {t('organise.trash')}
          </Tabs.Tab>
          <Tabs.Tab value="proposed" data-testid="tab-proposed">
            {t('organise.proposed')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="trash" style={{ flex: 1, minHeight: 260, display: 'flex', flexDirection: 'column' }} pt="xs">
          <Box style={{ flex: 1, minHeight: 260, display: 'flex', flexDirection: 'column' }}>
            <DataTable
              tableId="documents.trash"
              method="documents.trash.list"
              columns={trashColumns}
              exportable={false}
              selectionActions={(ids, clear) => (
                <Group gap="xs">
                  <Button size="xs" variant="default" loading={restore.isPending} onClick={() => restore.mutate({ ids }, { onSuccess: clear })} data-testid="trash-restore">
                    {t('organise.restore')}
                  </Button>
                  {can(DOCUMENT_PERMISSIONS.purge) && (
                    <Button
                      size="xs"
                      color="red"
                      loading={purge.isPending}
                      onClick={() => window.confirm(t('organise.purgeConfirm', { count: ids.length })) && purge.mutate({ ids }, { onSuccess: clear })}
                      data-testid="trash-purge"
                    >
                      {t('organise.purge')}
                    </Button>
                  )}
                </Group>
              )}
            />
          </Box>
        </Tabs.Panel>
        <Tabs.Panel value="proposed" style={{ flex: 1, minHeight: 260, display: 'flex', flexDirection: 'column' }} pt="xs">
          <Stack style={{ flex: 1, minHeight: 260 }}>
            <DataTable
              tableId="documents.retention"
              method="documents.retention.list"
              columns={retentionColumns}
              onRowOpen={(r) => navigate(`/documents/${r.id}`)}
              selectionActions={(ids, clear) => (
                <Button size="xs" color="orange" loading={trash.isPending} onClick={() => trash.mutate({ ids }, { onSuccess: clear })} data-testid="retention-trash">
                  {t('organise.toTrash')}
                </Button>
              )}
            />
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Page>
  )
}
