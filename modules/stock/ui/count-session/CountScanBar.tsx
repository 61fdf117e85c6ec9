/** The scan field (barcode, item code or serial number, then Enter), the bin new lines go to, "mark missing", and the scan feedback. */
import type { Ref } from 'react'
import { Button, Card, Group, Select, Text, TextInput } from '@mantine/core'
import { IconBarcode } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { NS } from '../common'
import type { CountScanner } from './useCountScanner'

interface CountScanBarProps {
  scanner: CountScanner
  inputRef: Ref<HTMLInputElement>
  /** Null when the count has no serial lines. */
  onMarkMissing: (() => void) | null
}

export function CountScanBar({ scanner, inputRef, onMarkMissing }: CountScanBarProps) {
  const { t } = useTranslation(NS)
  const { feedback } = scanner
  return (
    <Card withBorder padding="sm" radius="md">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          ref={inputRef}
          style={{ flex: 1, minWidth: 260 }}
          leftSection={<IconBarcode size={18} />}
          label={t('counts.scan.label')}
          placeholder={t('counts.scan.placeholder')}
          value={scanner.scan}
          onChange={(e) => scanner.setScan(e.currentTarget.value)}
          onKeyDown={scanner.onScanKey}
          autoComplete="off"
          data-testid="count-scan"
          styles={{ input: { direction: 'ltr', textAlign: 'start' } }}
        />
        <Select
          label={t('counts.scan.bin')}
          w={200}
          data={scanner.scopeBins.map((b) => ({ value: b.id, label: b.code }))}
          value={scanner.binId}
          onChange={scanner.setBinId}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          data-testid="count-bin"
        />
        {onMarkMissing && (
          <Button variant="light" color="orange" onClick={onMarkMissing} data-testid="count-mark-missing">
            {t('counts.actions.markMissing')}
          </Button>
        )}
      </Group>
      <Text fz="sm" mt={6} c={feedback?.status === 'error' ? 'red' : feedback?.status === 'warn' ? 'orange.8' : feedback ? 'teal.8' : 'dimmed'} data-testid="count-scan-feedback" data-status={feedback?.status ?? ''}>
        {feedback?.text ?? t('counts.scan.hint')}
      </Text>
    </Card>
  )
}
