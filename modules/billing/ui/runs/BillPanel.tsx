import { useMemo, useState } from 'react'
import { Alert, Badge, Button, Group, Loader, Modal, SegmentedControl, SimpleGrid, Stack, Table, Text, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconDownload, IconFileTypePdf, IconReceiptRefund } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { RUNS_PERMISSIONS, type BillDetail, type BillLanguage, type BillLineRow } from '../../runs.contract'
import { PdfPageCanvas, currentLanguage, downloadFile, formatMoney, formatQty, usePdfDocument, useRpcMutation, useRpcQuery, useSession } from '../../../../renderer/src/ui-kit'
import { NS, billingErrorMessage, formatDay, formatRate, formatVat } from '../common'

const unit = (c: string) => (c === 'electricity' ? 'kWh' : 'm³')
const num = { style: { textAlign: 'end' as const, whiteSpace: 'nowrap' as const } }
const plain = { unicodeBidi: 'plaintext' as const }
/** A number with its unit, kept left to right inside Arabic text (Unicode isolate). */
const iso = (text: string) => `\u2066${text}\u2069`
/** A date without the bidi marks the Arabic date format carries (they would reorder it inside the isolate above). */
const day = (date: string | null | undefined) => formatDay(date).replace(/[\u200E\u200F\u061C]/g, '')

function lineLabel(l: BillLineRow, t: TFunction): string {
  if (l.kind === 'band') {
    const base = l.bandTo === null
      ? t('bills.detail.bandOpen', { band: l.band, from: iso(`${formatQty(l.bandFrom)} ${unit(l.commodity)}`) })
      : t('bills.detail.band', { band: l.band, from: iso(formatQty(l.bandFrom)), to: iso(`${formatQty(l.bandTo)} ${unit(l.commodity)}`) })
    return l.rule === 'selective' ? `${base} · ${t('bills.detail.selective')}` : base
  }
  if (l.kind === 'fee') return (currentLanguage() === 'ar' && l.labelAr) || l.label || l.code || ''
  return t('bills.detail.vatLine', { rate: formatVat(l.vatRate ?? 0) })
}

function base64ToBytes(base64: string): Uint8Array {
  const bin = atob(base64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return bytes
}

/** The bill's PDF drawn in the app (pdfjs), in French or Arabic, with a download button. */
function PdfModal({ bill, onClose }: { bill: BillDetail; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const [lang, setLang] = useState<BillLanguage>(bill.subscriberLanguage)
  const pdf = useRpcQuery('billing.bills.pdf', { id: bill.id, lang })
  const bytes = useMemo(() => (pdf.data ? base64ToBytes(pdf.data.base64) : null), [pdf.data])
  const doc = usePdfDocument(bytes)
  return (
    <Modal opened onClose={onClose} size={720} centered title={<Text fw={650}>{t('bills.detail.title', { number: bill.number })}</Text>}>
      <Stack gap="sm">
        <Group justify="space-between">
          <SegmentedControl
            value={lang}
            onChange={(v) => setLang(v as BillLanguage)}
            data={[
              { value: 'fr', label: t('bills.detail.pdfFr') },
              { value: 'ar', label: t('bills.detail.pdfAr') },
            ]}
            data-testid="bill-pdf-lang"
          />
          <Button variant="default" leftSection={<IconDownload size={16} />} disabled={!pdf.data} onClick={() => pdf.data && downloadFile({ ...pdf.data, rows: 0 })} data-testid="bill-pdf-download">
            {t('bills.detail.download')}
          </Button>
        </Group>
        {pdf.error && <Alert color="red">{billingErrorMessage(pdf.error, t)}</Alert>}
        {doc.status === 'ready' ? <PdfPageCanvas doc={doc.doc} pageNo={1} width={680} testId="bill-pdf-page" label={bill.number} /> : <Loader />}
      </Stack>
    </Modal>
  )
}

function CreditNoteModal({ bill, onClose }: { bill: BillDetail; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const [reason, setReason] = useState('')
  const credit = useRpcMutation('billing.bills.creditNote', { invalidate: ['billing.bills', 'billing.runs', 'billing.ledger'] })
  return (
    <Modal opened onClose={onClose} centered title={<Text fw={650}>{t('bills.credit.title', { number: bill.number })}</Text>}>
      <Stack gap="sm">
        <Text size="sm">{t('bills.credit.text', { amount: formatMoney(bill.total) })}</Text>
        {credit.error && <Alert color="red">{billingErrorMessage(credit.error, t)}</Alert>}
        <Textarea label={t('bills.credit.reason')} description={t('bills.credit.reasonHint')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} data-testid="credit-reason" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('translation:common.cancel')}
          </Button>
          <Button
            color="red"
            disabled={reason.trim().length < 3}
            loading={credit.isPending}
            data-testid="credit-submit"
            onClick={async () => {
              try {
                const after = await credit.mutateAsync({ id: bill.id, reason })
                notifications.show({ color: 'teal', message: t('bills.credit.done', { number: after.creditNoteNumber }) })
                onClose()
              } catch {
                // shown above
              }
            }}
          >
            {t('bills.credit.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} style={plain}>
        {value}
      </Text>
    </div>
  )
}

/** A bill's detail: who, what period, one line per tranche, fee and VAT; open its PDF; cancel it by a credit note. */
export function BillPanel({ id }: { id: string }) {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const q = useRpcQuery('billing.bills.get', { id })
  const [showPdf, setShowPdf] = useState(false)
  const [crediting, setCrediting] = useState(false)
  const bill = q.data
  if (q.error) return <Alert color="red">{billingErrorMessage(q.error, t)}</Alert>
  if (!bill) return <Loader />
  const commodities = [...new Set(bill.lines.map((l) => l.commodity))]
  return (
    <Stack gap="sm" data-testid="bill-panel">
      <Group justify="space-between" wrap="wrap">
        <Group gap="xs">
          <Text fw={700} size="lg" ff="monospace" style={{ direction: 'ltr' }}>
            {bill.number}
          </Text>
          <Badge color={bill.status === 'posted' ? 'teal' : 'red'} variant="light" data-testid="bill-status">
            {t(`bills.status.${bill.status}`)}
          </Badge>
          {bill.estimated && (
            <Badge color="orange" variant="light">
              {t('bills.detail.estimated')}
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          <Button leftSection={<IconFileTypePdf size={16} />} onClick={() => setShowPdf(true)} data-testid="bill-open-pdf">
            {t('bills.detail.openPdf')}
          </Button>
          {can(RUNS_PERMISSIONS.runs) && bill.status === 'posted' && (
            <Button color="red" variant="light" leftSection={<IconReceiptRefund size={16} />} onClick={() => setCrediting(true)} data-testid="bill-credit">
              {t('bills.detail.creditNote')}
            </Button>
          )}
        </Group>
      </Group>
      {bill.creditNote && (
        <Alert color="red" data-testid="bill-cancelled">
          {t('bills.detail.cancelledBy', { number: bill.creditNote.number, date: formatDay(bill.creditNote.date), reason: bill.creditNote.reason })}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Field label={t('bills.col.subscriber')} value={`${bill.subscriberName} · ${bill.subscriberNumber}`} />
        <Field label={t('bills.col.contract')} value={`${bill.contractNumber} · ${bill.pointCode}`} />
        <Field label={t('bills.detail.period')} value={`${iso(`${day(bill.periodFrom)} – ${day(bill.periodTo)}`)} (${t('bills.detail.days', { count: bill.days })})`} />
        <Field label={t('bills.detail.indexes')} value={`${iso(`${formatQty(bill.fromIndex)} → ${formatQty(bill.toIndex)}`)} · ${iso(`${formatQty(bill.consumption)} ${unit(bill.commodity)}`)}`} />
      </SimpleGrid>
      <Table striped data-testid="bill-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('bills.detail.designation')}</Table.Th>
            <Table.Th {...num}>{t('bills.detail.qty')}</Table.Th>
            <Table.Th {...num}>{t('bills.detail.rate')}</Table.Th>
            <Table.Th {...num}>{t('bills.detail.amount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {commodities.map((c) => [
            <Table.Tr key={c}>
              <Table.Td colSpan={4} fw={650}>
                {t(`commodities.${c}`)}
              </Table.Td>
            </Table.Tr>,
            ...bill.lines
              .filter((l) => l.commodity === c)
              .map((l) => (
                <Table.Tr key={l.lineNo}>
                  <Table.Td ps="lg">{lineLabel(l, t)}</Table.Td>
                  <Table.Td {...num}>{l.kind === 'band' ? iso(`${formatQty(l.qty)} ${unit(c)}`) : l.kind === 'vat' ? formatMoney(l.qty) : ''}</Table.Td>
                  <Table.Td {...num}>{l.kind === 'band' ? formatRate(l.rate ?? 0) : ''}</Table.Td>
                  <Table.Td {...num}>{formatMoney(l.amount)}</Table.Td>
                </Table.Tr>
              )),
          ])}
          <Table.Tr>
            <Table.Td fw={700}>{t('bills.detail.total')}</Table.Td>
            <Table.Td />
            <Table.Td />
            <Table.Td {...num} fw={700} data-testid="bill-total">
              {formatMoney(bill.total)}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {showPdf && <PdfModal bill={bill} onClose={() => setShowPdf(false)} />}
      {crediting && <CreditNoteModal bill={bill} onClose={() => setCrediting(false)} />}
    </Stack>
  )
}
