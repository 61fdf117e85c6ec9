/** Taking a payment: means, amount, the fields each means needs; validated by the contract's schema. */
import { Alert, Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import { PAYMENT_MEANS, paymentTakeSchema, type ContractAccount, type PaymentMeans, type PaymentTaken } from '../../payments.contract'
import { formatMoney, parseMoney, useRpcMutation } from '../../../../renderer/src/ui-kit'
import { NS, billingErrorMessage, billingValidate, serverFieldErrors } from '../common'

const moneyInput = { input: { direction: 'ltr' as const, textAlign: 'end' as const } }

interface Values {
  means: PaymentMeans
  amount: string
  bank: string
  chequeNumber: string
  cardAuth: string
  transferRef: string
}

export function PaymentForm({ account, chosen, onTaken }: { account: ContractAccount; chosen: { refId: string; amount: number }[]; onTaken: (t: PaymentTaken) => void }) {
  const { t } = useTranslation(NS)
  const take = useRpcMutation('billing.payments.take', { invalidate: ['billing.ledger', 'billing.payments', 'billing.cash'] })
  const toInput = (v: Values) => ({ contractId: account.contractId, means: v.means, amount: parseMoney(v.amount) ?? 0, bank: v.bank, chequeNumber: v.chequeNumber, cardAuth: v.cardAuth, transferRef: v.transferRef, allocations: chosen })
  const validate = billingValidate(paymentTakeSchema, t)
  const form = useForm<Values>({
    initialValues: { means: 'cash', amount: '', bank: '', chequeNumber: '', cardAuth: '', transferRef: '' },
    validate: (v) => {
      const amount = parseMoney(v.amount)
      if (amount === null || amount <= 0) return { amount: t('payments.form.amountInvalid') }
      const errors = validate(toInput(v))
      // Chosen items beyond the amount: say it on the amount field.
      if (errors.allocations) errors.amount = errors.allocations
      return errors
    },
  })
  const owed = Math.max(account.balance, 0)
  const means = form.values.means
  return (
    <form
      noValidate
      data-testid="payment-form"
      onSubmit={form.onSubmit(async (v) => {
        try {
          const taken = await take.mutateAsync(toInput(v))
          notifications.show({ color: 'teal', message: t('payments.taken', { number: taken.payment.number }) })
          form.reset()
          onTaken(taken)
        } catch (e) {
          form.setErrors(serverFieldErrors(e, t))
        }
      })}
    >
      <Stack gap="sm">
        <Text fw={650}>{t('payments.form.title')}</Text>
        {take.error && Object.keys(serverFieldErrors(take.error, t)).length === 0 && <Alert color="red" data-testid="payment-error">{billingErrorMessage(take.error, t)}</Alert>}
        <SegmentedControl
          fullWidth
          data={PAYMENT_MEANS.map((m) => ({ value: m, label: t(`payments.means.${m}`) }))}
          data-testid="payment-means"
          {...form.getInputProps('means')}
        />
        <Group align="flex-end" wrap="nowrap">
          <TextInput style={{ flex: 1 }} label={t('payments.form.amount')} withAsterisk inputMode="decimal" styles={moneyInput} data-testid="payment-amount" {...form.getInputProps('amount')} />
          {owed > 0 && (
            <Button variant="default" onClick={() => form.setFieldValue('amount', formatMoney(owed))} data-testid="payment-fill">
              {t('payments.form.fillOwed')}
            </Button>
          )}
        </Group>
        {means === 'cheque' && (
          <Group grow align="flex-start">
            <TextInput label={t('payments.form.bank')} withAsterisk data-testid="payment-bank" {...form.getInputProps('bank')} />
            <TextInput label={t('payments.form.chequeNumber')} withAsterisk styles={{ input: { direction: 'ltr' } }} data-testid="payment-cheque" {...form.getInputProps('chequeNumber')} />
          </Group>
        )}
        {means === 'card' && <TextInput label={t('payments.form.cardAuth')} withAsterisk styles={{ input: { direction: 'ltr' } }} data-testid="payment-card" {...form.getInputProps('cardAuth')} />}
        {means === 'transfer' && <TextInput label={t('payments.form.transferRef')} withAsterisk styles={{ input: { direction: 'ltr' } }} data-testid="payment-transfer" {...form.getInputProps('transferRef')} />}
        <Button type="submit" loading={take.isPending} data-testid="payment-submit">
          {t('payments.form.submit')}
        </Button>
      </Stack>
    </form>
  )
}
