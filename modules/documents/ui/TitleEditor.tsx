/** The document's title, editable in place by those who manage documents (Enter saves, Escape cancels). */
import { useState } from 'react'
import { ActionIcon, Group, TextInput, Tooltip } from '@mantine/core'
import { IconCheck, IconPencil, IconX } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { DOCUMENT_PERMISSIONS, type DocumentDetail } from '../contract'
import { rpcKey, useRpcMutation, useSession } from '../../../renderer/src/ui-kit'
import { useQueryClient } from '@tanstack/react-query'
import { NS, docErrorText } from './common'

export function TitleEditor({ doc }: { doc: DocumentDetail }) {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const qc = useQueryClient()
  const [draft, setDraft] = useState<string | null>(null)
  const rename = useRpcMutation('documents.items.rename', {
    invalidate: ['documents.items.list', 'documents.search'],
    onSuccess: (next) => {
      qc.setQueryData(rpcKey('documents.items.get', { id: doc.id }), next)
      setDraft(null)
    },
  })
  if (draft === null)
    return (
      <Group gap={6} wrap="nowrap" component="span">
        <span dir="auto" data-testid="document-title">
          {doc.title}
        </span>
        {can(DOCUMENT_PERMISSIONS.manage) && (
          <Tooltip label={t('document.rename')}>
            <ActionIcon variant="subtle" color="gray" aria-label={t('document.rename')} onClick={() => setDraft(doc.title)} data-testid="document-rename">
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    )
  const save = () => (draft.trim() ? rename.mutate({ id: doc.id, title: draft }) : undefined)
  return (
    <Group gap={6} wrap="nowrap" component="span">
      <TextInput
        autoFocus
        size="sm"
        w={420}
        maw="60vw"
        dir="auto"
        value={draft}
        maxLength={300}
        aria-label={t('document.rename')}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') save()
          if (e.key === 'Escape') setDraft(null)
        }}
        error={rename.isError ? docErrorText(t, rename.error) : !draft.trim() ? t('document.titleRequired') : undefined}
        data-testid="document-title-input"
      />
      <ActionIcon color="teal" variant="light" onClick={save} loading={rename.isPending} disabled={!draft.trim()} aria-label={t('document.save')} data-testid="document-title-save">
        <IconCheck size={16} />
      </ActionIcon>
      <ActionIcon color="gray" variant="subtle" onClick={() => setDraft(null)} aria-label={t('document.cancel')}>
        <IconX size={16} />
      </ActionIcon>
    </Group>
  )
}
