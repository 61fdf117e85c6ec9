/** Drop zone + file picker, then one line per file: progress, and what went wrong in plain words. */
import { useState } from 'react'
import { ActionIcon, Anchor, Box, Button, Group, Paper, PasswordInput, Progress, ScrollArea, Stack, Text, Tooltip } from '@mantine/core'
import { IconCloudUpload, IconFile, IconX } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { FileDrop, formatNumber } from '../../../renderer/src/ui-kit'
import { NS, codeText, sizeText } from './common'
import { isActive, type UploadItem, type useUploads } from './useUploads'

type Uploads = ReturnType<typeof useUploads>

const ACCEPT = '.pdf,.png,.jpg,.jpeg,.tif,.tiff,.bmp,.gif,.webp,application/pdf,image/*'

export function UploadDrop({ uploads, compact }: { uploads: Uploads; compact?: boolean }) {
  const { t } = useTranslation(NS)
  return (
    <FileDrop onFiles={uploads.add} accept={ACCEPT} label={t('upload.drop')} testId="doc-drop">
      <Group gap="sm" wrap="nowrap" justify={compact ? 'flex-start' : 'center'}>
        <IconCloudUpload size={compact ? 26 : 34} stroke={1.4} color="var(--mantine-color-blue-6)" style={{ flexShrink: 0 }} />
        <Box style={{ minWidth: 0 }}>
          <Text fw={600} fz="sm">
            {t('upload.drop')}
          </Text>
          <Text fz="xs" c="dimmed">
            {t('upload.hint')}
          </Text>
        </Box>
      </Group>
    </FileDrop>
  )
}

function phaseText(t: (k: string, o?: Record<string, unknown>) => string, i: UploadItem): string {
  if (i.phase === 'running' || (i.phase === 'queued' && i.pagesDone > 0)) return t('upload.pages', { done: formatNumber(i.pagesDone), total: formatNumber(i.pagesTotal) })
  return t(`upload.phase.${i.phase}`)
}

function PasswordRetry({ onRetry }: { onRetry: (password: string) => void }) {
  const { t } = useTranslation(NS)
  const [password, setPassword] = useState('')
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        if (password) onRetry(password)
      }}
    >
      <Group gap="xs" wrap="nowrap" mt={4}>
        <PasswordInput
          size="xs"
          placeholder={t('upload.password')}
          aria-label={t('upload.password')}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          style={{ flex: 1, maxWidth: 260 }}
          data-testid="upload-password"
          autoComplete="off"
        />
        <Button size="xs" type="submit" disabled={!password} data-testid="upload-password-retry">
          {t('upload.retry')}
        </Button>
      </Group>
    </form>
  )
}

function UploadLine({ item, uploads }: { item: UploadItem; uploads: Uploads }) {
  const { t } = useTranslation(NS)
  const failed = item.phase === 'refused' || item.phase === 'failed'
  const percent = item.phase === 'done' ? 100 : item.pagesTotal ? Math.round((item.pagesDone / item.pagesTotal) * 100) : 0
  const duplicateOf = item.error?.code === 'DUPLICATE' ? ((item.error.details as { documentId?: string } | undefined)?.documentId ?? null) : null
  return (
    <Box py={6} data-testid="upload-item" data-name={item.name} data-phase={item.phase} data-error={item.error?.code}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <IconFile size={18} stroke={1.5} style={{ flexShrink: 0, marginTop: 2 }} color="var(--mantine-color-dimmed)" />
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text fz="sm" fw={500} truncate="end" dir="auto" title={item.name}>
              {item.name}
            </Text>
            <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
              <Text fz="xs" c="dimmed">
                {sizeText(t, item.size)}
              </Text>
              <Text fz="xs" c={failed ? 'red' : item.phase === 'done' ? 'teal' : undefined} fw={600} data-testid="upload-phase">
                {phaseText(t, item)}
              </Text>
              {item.phase === 'done' && item.documentId && (
                <Anchor component={Link} to={`/documents/${item.documentId}`} fz="xs" data-testid="upload-open">
                  {t('upload.open')}
                </Anchor>
              )}
              {isActive(item) && item.jobId && (
                <Tooltip label={t('upload.cancel')}>
                  <ActionIcon size="sm" variant="subtle" color="gray" aria-label={t('upload.cancel')} onClick={() => void uploads.cancel(item.jobId!)} data-testid="upload-cancel">
                    <IconX size={14} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          </Group>
          {!failed && item.phase !== 'cancelled' && (
            <Progress
              value={item.phase === 'waiting' || item.phase === 'reading' || item.phase === 'sending' ? 100 : item.phase === 'done' ? 100 : Math.max(percent, 6)}
              striped={!['done'].includes(item.phase)}
              animated={!['done'].includes(item.phase)}
              color={item.phase === 'done' ? 'teal' : item.phase === 'waiting' || item.phase === 'reading' || item.phase === 'sending' ? 'gray' : 'blue'}
              size="sm"
              mt={4}
              aria-label={item.name}
              data-testid="upload-progress"
              data-value={percent}
            />
          )}
          {failed && item.error && (
            <Text fz="xs" c="red" mt={2} data-testid="upload-error">
              {codeText(t, item.error.code, item.error.details)}{' '}
              {duplicateOf && (
                <Anchor component={Link} to={`/documents/${duplicateOf}`} fz="xs" data-testid="upload-duplicate-open">
                  {t('upload.openExisting')}
                </Anchor>
              )}
            </Text>
          )}
          {item.phase === 'refused' && item.error?.code === 'PDF_PASSWORD' && <PasswordRetry onRetry={(p) => uploads.retry(item.key, p)} />}
        </Box>
      </Group>
    </Box>
  )
}

export function UploadList({ uploads }: { uploads: Uploads }) {
  const { t } = useTranslation(NS)
  const { items, summary } = uploads
  if (!items.length) return null
  return (
    <Paper withBorder p="sm" radius="md" data-testid="upload-panel" data-busy={summary.busy || undefined}>
      <Group justify="space-between" gap="sm" wrap="nowrap" mb={4}>
        <Text fz="sm" fw={600} data-testid="upload-summary">
          {t('upload.summary', { files: summary.files, done: summary.done, failed: summary.failed })}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Text fz="xs" c="dimmed" className="mono-ltr">
            {formatNumber(summary.percent)} %
          </Text>
          {!summary.busy && (
            <Button size="compact-xs" variant="subtle" onClick={uploads.clearFinished} data-testid="upload-clear">
              {t('upload.clear')}
            </Button>
          )}
        </Group>
      </Group>
      <Progress value={summary.percent} size="md" radius="xl" color={summary.busy ? 'blue' : 'teal'} aria-label={t('upload.overall')} data-testid="upload-overall" data-value={summary.percent} />
      <ScrollArea.Autosize mah={220} mt={6} type="auto">
        <Stack gap={0}>
          {items.map((i) => (
            <UploadLine key={i.key} item={i} uploads={uploads} />
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Paper>
  )
}
