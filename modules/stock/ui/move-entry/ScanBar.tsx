/** The scan field (barcode, item code or serial number, then Enter), the item picker, and the scan feedback. */
import type { Ref } from 'react'
import { Group, Paper, Text, TextInput } from '@mantine/core'
import { IconBarcode } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { ItemSelect, NS } from '../common'
import type { MoveScanner } from './useMoveScanner'

export function ScanBar({ scanner, inputRef }: { scanner: MoveScanner; inputRef: Ref<HTMLInputElement> }) {
  const { t } = useTranslation(NS)
  const { scan, feedback, pending } = scanner
  return (
    <Paper withBorder radius="md" p="md" bg="var(--mantine-color-blue-light)">
      <Group align="flex-end" gap="md" wrap="wrap">
        <TextInput
          ref={inputRef}
          style={{ flex: '1 1 360px' }}
          size="md"
          label={t('entry.scan.label')}
          placeholder={t('entry.scan.placeholder')}
          leftSection={<IconBarcode size={20} />}
          value={scan}
          onChange={(e) => scanner.setScan(e.currentTarget.value)}
          onKeyDown={scanner.onScanKey}
          autoComplete="off"
          spellCheck={false}
          data-testid="move-scan"
          data-pending={pending > 0 || undefined}
          styles={{ input: scan ? { direction: 'ltr', textAlign: 'start' } : undefined }}
        />
        <ItemSelect
          style={{ flex: '1 1 280px' }}
          size="md"
          label={t('entry.pickItem')}
          placeholder={t('entry.pickItemHint')}
          value={null}
          onChange={(_, item) => {
            if (item) scanner.pickItem(item)
          }}
          data-testid="move-pick-item"
          data-enter-ignore
        />
      </Group>
      <Text
        mt={6}
        fz="sm"
        mih={20}
        c={feedback?.status === 'error' ? 'red.7' : feedback?.status === 'warn' ? 'orange.8' : 'teal.8'}
        data-testid="scan-feedback"
        data-status={feedback?.status}
      >
        {feedback?.text ?? t('entry.scan.hint')}
      </Text>
    </Paper>
  )
}
