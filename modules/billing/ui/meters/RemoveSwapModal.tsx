/**
 * Take a meter off (date, final index, reason) or swap it (final index of the old one, the new serial and its initial
 * index, same day) — one dialog, two modes, from an installation's row actions.
 */
import { useEffect, useState } from 'react'
import { Alert, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import { DEFAULT_DIGITS, type MeterInstallationRow } from '../../readings.contract'
import { FormActions, parseQty, useRpcMutation } from '../../../../renderer/src/ui-kit'
import { NS } from '../common'
import { IndexField, LastIndexHint, METER_INVALIDATE, indexError, meterDateError, meterErrorMessage, todayIso, useFieldErrors, useLastIndex } from './common'
import { NewMeterFields, serialCheckError, useSerialSearch } from './SerialField'

export interface MeterAction {
  mode: 'remove' | 'swap'
  meter: MeterInstallationRow
}

export function RemoveSwapModal({ action, onClose }: { action: MeterAction | null; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const remove = useRpcMutation('billing.meters.remove', { invalidate: METER_INVALIDATE })
  const swap = useRpcMutation('billing.meters.swap', { invalidate: METER_INVALIDATE })
  const meter = action?.meter ?? null
  const isSwap = action?.mode === 'swap'
  const last = useLastIndex(meter)
  const [date, setDate] = useState(todayIso())
  const [finalIndex, setFinalIndex] = useState('')
  const [reason, setReason] = useState('')
  const [serialNo, setSerialNo] = useState('')
  const [initialIndex, setInitialIndex] = useState('0')
  const { errors, setErrors, edit } = useFieldErrors<'date' | 'finalIndex' | 'reason' | 'serialNo' | 'initialIndex'>()
  const serials = useSerialSearch(serialNo)

  useEffect(() => {
    if (!action) return
    setDate(todayIso())
    setFinalIndex('')
    setReason('')
    setSerialNo('')
    setInitialIndex('0')
    setErrors({})
    remove.reset()
    swap.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action])

  const failure = isSwap ? swap.error : remove.error
  const submit = async () => {
    if (!meter) return
    const next: typeof errors = {
      date: meterDateError(date, t, meter.installedOn),
      finalIndex: indexError(finalIndex, meter.digits, t),
      reason: reason.trim() ? null : t('translation:validation.required'),
      ...(isSwap ? { serialNo: serialCheckError(serials.check, t), initialIndex: indexError(initialIndex, DEFAULT_DIGITS[meter.commodity], t) } : {}),
    }
    setErrors(next)
    if (Object.values(next).some(Boolean)) return
    try {
      if (isSwap) {
        const saved = await swap.mutateAsync({
          installationId: meter.id, date, finalIndex: parseQty(finalIndex) ?? 0, serialNo: serialNo.trim(), initialIndex: parseQty(initialIndex) ?? 0, reason: reason.trim(),
        })
        notifications.show({ color: 'teal', message: t('meters.swap.done', { old: meter.serialNo, serial: saved.serialNo }) })
      } else {
        await remove.mutateAsync({ installationId: meter.id, date, index: parseQty(finalIndex) ?? 0, reason: reason.trim() })
        notifications.show({ color: 'teal', message: t('meters.remove.done', { serial: meter.serialNo }) })
      }
      onClose()
    } catch {
      // shown in the alert
    }
  }

  return (
    <Modal
      opened={action !== null}
      onClose={onClose}
      centered
      size="lg"
      title={<Text fw={650}>{t(isSwap ? 'meters.swap.title' : 'meters.remove.title', { serial: meter?.serialNo ?? '', point: meter?.pointCode ?? '' })}</Text>}
    >
      <form
        noValidate
        data-testid={isSwap ? 'meter-swap-form' : 'meter-remove-form'}
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <Stack gap="sm">
          {failure && <Alert color="red" data-testid="meter-form-error">{meterErrorMessage(failure, t)}</Alert>}
          <Group grow align="flex-start">
            <TextInput type="date" label={t(isSwap ? 'meters.swap.date' : 'meters.remove.date')} withAsterisk value={date} onChange={(e) => edit('date', setDate)(e.currentTarget.value)} error={errors.date} data-testid="meter-date" />
            <IndexField
              label={t('meters.remove.finalIndex', { serial: meter?.serialNo ?? '' })}
              value={finalIndex}
              onChange={edit('finalIndex', setFinalIndex)}
              error={errors.finalIndex}
              description={<LastIndexHint last={last} testId="meter-last-index" />}
              testId="meter-final-index"
            />
          </Group>
          {isSwap && (
            <Group grow align="flex-start">
              <NewMeterFields
                serialLabel={t('meters.swap.newSerial')}
                indexLabel={t('meters.swap.initialIndex')}
                serialNo={serialNo}
                onSerialNo={edit('serialNo', setSerialNo)}
                serials={serials}
                index={initialIndex}
                onIndex={edit('initialIndex', setInitialIndex)}
                serialError={errors.serialNo}
                indexError={errors.initialIndex}
              />
            </Group>
          )}
          <TextInput label={t('meters.reason')} withAsterisk value={reason} onChange={(e) => edit('reason', setReason)(e.currentTarget.value)} error={errors.reason} placeholder={t('meters.reasonPlaceholder')} data-testid="meter-reason" />
          <FormActions
            onCancel={onClose}
            saving={remove.isPending || swap.isPending}
            submitLabel={t(isSwap ? 'meters.swap.submit' : 'meters.remove.submit')}
            submitTestId={isSwap ? 'meter-swap-submit' : 'meter-remove-submit'}
          />
        </Stack>
      </form>
    </Modal>
  )
}
