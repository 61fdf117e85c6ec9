/** The document's versions (the viewer shows the chosen one) and the upload of a new version. */
import { Button, FileButton, Group, Stack, Text, UnstyledButton } from '@mantine/core'
import { IconUpload } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { DocumentMeta } from '../contract'
import { formatDate, useRpcMutation } from '../../../renderer/src/ui-kit'
import { NS, codeText, docErrorText, fileToBase64 } from './common'

export function VersionsList({ meta, current, onVersion }: { meta: DocumentMeta; current: string; onVersion: (id: string) => void }) {
  const { t } = useTranslation(NS)
  const upload = useRpcMutation('documents.versions.upload', { invalidate: ['documents.'] })
  const send = async (file: File | null) => {
    if (!file) return
    const result = await upload.mutateAsync({ id: meta.id, name: file.name, dataBase64: await fileToBase64(file) })
    if (result.ok) onVersion(result.documentId)
  }
  const last = upload.data
  return (
    <Stack gap={4} data-testid="versions">
      <Text fz="xs" c="dimmed" fw={600}>
        {t('organise.versions')}
      </Text>
      {meta.versions.map((v) => (
        <UnstyledButton key={v.id} onClick={() => onVersion(v.id)} data-testid="version-row" data-current={v.id === current}>
          <Text fz="sm" fw={v.id === current ? 700 : 400}>
            {t('organise.version', { n: v.versionNo })} · <span dir="auto">{v.originalName}</span> · {formatDate(v.createdAt)}
          </Text>
        </UnstyledButton>
      ))}
      {meta.canManage && (
        <Group>
          <FileButton onChange={(f) => void send(f)} accept="application/pdf,image/*">
            {(props) => (
              <Button {...props} size="xs" variant="default" leftSection={<IconUpload size={14} />} loading={upload.isPending} data-testid="version-upload">
                {t('organise.newVersion')}
              </Button>
            )}
          </FileButton>
        </Group>
      )}
      {last && !last.ok && <Text fz="sm" c="red">{codeText(t, last.error.code, last.error.details)}</Text>}
      {upload.isError && <Text fz="sm" c="red">{docErrorText(t, upload.error)}</Text>}
    </Stack>
  )
}
