/** The clerk's till on this workstation: open it (opening float) or close it (counting per means). */
import { useState } from 'react'
import { Alert, Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCashRegister, IconLock } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { PAYMENT_MEANS, type CashSessionRow, type PaymentMeans } from '../../payments.contract'
import { formatDate, formatMoney, parseMoney, useRpcMutation, useRpcQuery } from '../../../../renderer/src/ui-kit'
import { NS, billingErrorMessage } from '../common'
import { SessionReport, diffColor } from './SessionReport'

const INVALIDATE = ['billing.cash', 'billing.payments', 'billing.ledger']
const moneyInput = { input: { direction: 'ltr' as const, textAlign: 'end' as const } }

function OpenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const open = useRpcMutation('billing.cash.open', { invalidate: INVALIDATE })
  const [float, setFloat] = useState('0')
  const value = parseMoney(float)
  const invalid = value === null || value < 0
  return (
    <Modal opened={opened} onClose={onClose} centered title={<Text fw={650}>{t('cash.openTitle')}</Text>}>
      <Stack gap="sm">
        {open.error && <Alert color="red">{billingErrorMessage(open.error, t)}</Alert>}
        <TextInput label={t('cash.float')} inputMode="decimal" styles={moneyInput} value={float} onChange={(e) => setFloat(e.currentTarget.value)} error={invalid ? t('cash.countInvalid') : null} data-testid="cash-float" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('translation:common.cancel')}</Button>
          <Button
            disabled={invalid}
            loading={open.isPending}
            data-testid="cash-open-submit"
            onClick={async () => {
              try {
                const s = await open.mutateAsync({ openingFloat: value ?? 0 })
                notifications.show({ color: 'teal', message: t('cash.opened', { number: s.number }) })
                onClose()
              } catch {
                // shown above
              }
            }}
          >
            {t('cash.open')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

function CloseModal({ session, onClose }: { session: CashSessionRow | null; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const live = useRpcQuery('billing.cash.report', { id: session?.id ?? '00000000-0000-0000-0000-000000000000' }, { enabled: session !== null })
  const close = useRpcMutation('billing.cash.close', { invalidate: INVALIDATE })
  const [counted, setCounted] = useState<Record<PaymentMeans, string>>({ cash: '', cheque: '', card: '', transfer: '' })
  const [note, setNote] = useState('')
  const [done, setDone] = useState<Awaited<ReturnType<typeof close.mutateAsync>> | null>(null)
  const parsed = Object.fromEntries(PAYMENT_MEANS.map((m) => [m, counted[m].trim() === '' ? (m === 'cash' ? null : 0) : parseMoney(counted[m])])) as Record<PaymentMeans, number | null>
  const invalid = PAYMENT_MEANS.some((m) => parsed[m] === null || (parsed[m] ?? 0) < 0)
  const finish = () => {
    setDone(null)
    setCounted({ cash: '', cheque: '', card: '', transfer: '' })
    setNote('')
    onClose()
  }
  return (
    <Modal opened={session !== null} onClose={finish} centered size="lg" title={<Text fw={650}>{done ? t('cash.report', { number: done.session.number }) : t('cash.closeTitle', { number: session?.number ?? '' })}</Text>}>
      {done ? (
        <Stack>
          <SessionReport report={done} />
          <Group justify="flex-end">
            <Button onClick={finish} data-testid="cash-report-done">{t('translation:common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">{t('cash.closeHint')}</Text>
          {close.error && <Alert color="red">{billingErrorMessage(close.error, t)}</Alert>}
          {PAYMENT_MEANS.map((m) => {
            const line = live.data?.lines.find((l) => l.means === m)
            const value = parsed[m]
            const diff = line && value !== null && counted[m].trim() !== '' ? value - line.expected : null
            return (
              <Group key={m} grow align="flex-end" wrap="nowrap">
                <TextInput
                  label={t(`payments.means.${m}`)}
                  withAsterisk={m === 'cash'}
                  inputMode="decimal"
                  styles={moneyInput}
                  value={counted[m]}
                  onChange={(e) => setCounted({ ...counted, [m]: e.currentTarget.value })}
                  error={counted[m].trim() !== '' && (value === null || value < 0) ? t('cash.countInvalid') : null}
                  data-testid={`cash-count-${m}`}
                />
                <Stack gap={0}>
                  <Text size="xs" c="dimmed">{t('cash.col.expected')}</Text>
                  <Text size="sm">{line ? formatMoney(line.expected) : '…'}</Text>
                </Stack>
                <Stack gap={0}>
                  <Text size="xs" c="dimmed">{t('cash.col.difference')}</Text>
                  <Text size="sm" fw={diff ? 700 : undefined} c={diffColor(diff)} data-testid={`cash-diff-${m}`}>
                    {diff === null ? '—' : formatMoney(diff)}
                  </Text>
                </Stack>
              </Group>
            )
          })}
          <Textarea label={t('cash.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} data-testid="cash-note" />
          <Group justify="flex-end">
            <Button variant="default" onClick={finish}>{t('translation:common.cancel')}</Button>
            <Button
              color="orange"
              disabled={invalid}
              loading={close.isPending}
              data-testid="cash-close-submit"
              onClick={async () => {
                if (!session) return
                try {
                  const counts = Object.fromEntries(PAYMENT_MEANS.map((m) => [m, parsed[m] ?? 0])) as Record<PaymentMeans, number>
                  const report = await close.mutateAsync({ id: session.id, counted: counts, note })
                  notifications.show({ color: 'teal', message: t('cash.closed', { number: report.session.number }) })
                  setDone(report)
                } catch {
                  // shown above
                }
              }}
            >
              {t('cash.closeSubmit')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}

export function CashSessionBar() {
  const { t } = useTranslation(NS)
  const current = useRpcQuery('billing.cash.current', {})
  const [opening, setOpening] = useState(false)
  const [closing, setClosing] = useState<CashSessionRow | null>(null)
  const s = current.data ?? null
  return (
    <Alert
      color={s ? 'teal' : 'orange'}
      variant="light"
      icon={<IconCashRegister size={18} />}
      p="xs"
      data-testid="cash-bar"
      styles={{ message: { width: '100%' } }}
    >
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" data-testid="cash-status">
          {current.isLoading ? '…' : s ? t('cash.current', { number: s.number, time: formatDate(s.openedAt, 'datetime'), float: formatMoney(s.openingFloat) }) : t('cash.none')}
        </Text>
        {s ? (
          <Button size="xs" color="orange" variant="light" leftSection={<IconLock size={14} />} onClick={() => setClosing(s)} data-testid="cash-close">
            {t('cash.close')}
          </Button>
        ) : (
          <Button size="xs" leftSection={<IconCashRegister size={14} />} onClick={() => setOpening(true)} data-testid="cash-open" disabled={current.isLoading}>
            {t('cash.open')}
          </Button>
        )}
      </Group>
      <OpenModal opened={opening} onClose={() => setOpening(false)} />
      <CloseModal session={closing} onClose={() => setClosing(null)} />
    </Alert>
  )
}
