/** The receipt PDF of a payment, shown and downloadable (to print). */
import { useMemo } from 'react'
import { Button, Center, Group, Loader, Modal, Stack, Text } from '@mantine/core'
import { IconDownload } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { PdfPageCanvas, downloadFile, usePdfDocument, useRpcQuery } from '../../../../renderer/src/ui-kit'
import { NS, billingErrorMessage } from '../common'

const NONE = '00000000-0000-0000-0000-000000000000'

export function ReceiptModal({ payment, onClose }: { payment: { id: string; number: string } | null; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const file = useRpcQuery('billing.payments.receipt', { id: payment?.id ?? NONE }, { enabled: payment !== null })
  const bytes = useMemo(() => {
    if (!file.data) return null
    const bin = atob(file.data.base64)
    const out = new Uint8Array(bin.length)
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
    return out
  }, [file.data])
  const pdf = usePdfDocument(bytes)
  return (
    <Modal opened={payment !== null} onClose={onClose} centered size={560} title={<Text fw={650}>{t('payments.receipt', { number: payment?.number ?? '' })}</Text>}>
      <Stack gap="sm">
        {file.error && <Text c="red">{billingErrorMessage(file.error, t)}</Text>}
        <Center mih={300} bg="gray.1" p="xs">
          {pdf.status === 'ready' ? <PdfPageCanvas doc={pdf.doc} pageNo={1} width={500} label={t('payments.receiptOpen')} testId="receipt-page" /> : <Loader />}
        </Center>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('translation:common.close')}</Button>
          <Button leftSection={<IconDownload size={16} />} disabled={!file.data} onClick={() => file.data && downloadFile(file.data)} data-testid="receipt-download">
            {t('payments.download')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
