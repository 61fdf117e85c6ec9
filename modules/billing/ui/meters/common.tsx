/** Pieces shared by the meter screens and the contract forms: error words, index fields, the meter at a point. */
import { useState } from 'react'
import type { TFunction } from 'i18next'
import { Text, TextInput } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { MeterCommodity, MeterInstallationRow } from '../../readings.contract'
import { METER_COMMODITIES } from '../../readings.contract'
import { formatQty, parseQty, useRpcQuery } from '../../../../renderer/src/ui-kit'
import { NS, billingErrorMessage, formatDay } from '../common'
import { meterErrorText } from './errors'

export const todayIso = () => new Date().toISOString().slice(0, 10)
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** What a meter form's write makes stale. */
export const METER_INVALIDATE = ['billing.meters', 'billing.readings', 'stock.serials']

/** A meter action's date: required, not in the future, and not before the meter's install date when given. */
export function meterDateError(date: string, t: TFunction, installedOn?: string): string | null {
  if (!DATE.test(date)) return t('translation:validation.required')
  if (date > todayIso()) return t('billing:errors.FUTURE_DATE')
  if (installedOn !== undefined && date < installedOn) return t('billing:meters.validation.beforeInstall', { date: formatDay(installedOn) })
  return null
}

/** A form's field errors, and `edit(field, set)`: a setter that also clears the field's error (it is checked again on submit). */
export function useFieldErrors<F extends string>() {
  const [errors, setErrors] = useState<Partial<Record<F, string | null>>>({})
  const edit =
    <T,>(field: F, set: (v: T) => void) =>
    (v: T) => {
      set(v)
      setErrors((e) => ({ ...e, [field]: null }))
    }
  return { errors, setErrors, edit }
}

export function meterErrorMessage(e: unknown, t: TFunction): string {
  const text = meterErrorText(e)
  if (!text) return billingErrorMessage(e, t)
  const status = text.values.status ? t(`billing:meters.serialStatus.${text.values.status}`, { defaultValue: text.values.status }) : ''
  return t(`billing:${text.key}`, { ...text.values, status })
}

export const isMeterCommodity = (c: string): c is MeterCommodity => (METER_COMMODITIES as readonly string[]).includes(c)

/**
 * A typed index (m³ / kWh, decimals allowed) checked against the meter's digits: the translated error, or null.
 * Empty text is "required".
 */
export function indexError(text: string, digits: number, t: TFunction): string | null {
  if (text.trim() === '') return t('billing:meters.validation.indexRequired')
  const value = parseQty(text)
  if (value === null || value < 0) return t('billing:meters.validation.indexInvalid')
  if (value >= 10 ** digits * 1000) return t('billing:meters.validation.indexTooLarge', { digits })
  return null
}

export interface LastIndex {
  index: number
  date: string
}

/** The meter's latest read that counts (accepted or in review), else its initial index. */
export function useLastIndex(meter: MeterInstallationRow | null): LastIndex | null {
  const q = useRpcQuery(
    'billing.readings.list',
    {
      pageSize: 1,
      sort: [{ id: 'date', desc: true }, { id: 'createdAt', desc: true }],
      filters: [{ id: 'installationId', op: 'equals', value: meter?.id ?? '' }, { id: 'status', op: 'in', value: ['accepted', 'review'] }],
    },
    { enabled: !!meter },
  )
  if (!meter) return null
  const last = q.data?.rows[0]
  return last ? { index: last.index, date: last.date } : { index: meter.initialIndex, date: meter.installedOn }
}

/** The meter in service at a point for a commodity (null: none, or a commodity without meters such as sanitation). */
export function useMeterAt(pointId: string, commodity: string): { meter: MeterInstallationRow | null; loading: boolean } {
  const enabled = !!pointId && isMeterCommodity(commodity)
  const q = useRpcQuery(
    'billing.meters.list',
    {
      pageSize: 1,
      filters: [{ id: 'pointId', op: 'equals', value: pointId }, { id: 'commodity', op: 'equals', value: commodity }, { id: 'active', op: 'equals', value: true }],
    },
    { enabled },
  )
  return { meter: enabled ? (q.data?.rows[0] ?? null) : null, loading: enabled && q.isLoading }
}

/** "Last index 1 234 on 01/11/2026" under an index field. */
export function LastIndexHint({ last, testId }: { last: LastIndex | null; testId?: string }) {
  const { t } = useTranslation(NS)
  if (!last) return null
  return (
    <span data-testid={testId}>
      {t('meters.lastIndex', { index: formatQty(last.index), date: formatDay(last.date) })}
    </span>
  )
}

interface IndexFieldProps {
  label: string
  value: string
  onChange: (v: string) => void
  error?: React.ReactNode
  description?: React.ReactNode
  testId: string
  withAsterisk?: boolean
}

export function IndexField({ label, value, onChange, error, description, testId, withAsterisk = true }: IndexFieldProps) {
  return (
    <TextInput
      label={label}
      withAsterisk={withAsterisk}
      inputMode="decimal"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      description={description}
      styles={{ input: { direction: 'ltr', textAlign: 'end' } }}
      data-testid={testId}
    />
  )
}

/**
 * The move-in / move-out index of a contract form: shown only when a meter is in service at the point for the
 * commodity, with its serial and last index. `value` is the typed text; the form checks it with `indexError`.
 */
export function MoveIndexField({ kind, meter, value, onChange, error }: { kind: 'in' | 'out'; meter: MeterInstallationRow | null; value: string; onChange: (v: string) => void; error?: string | null }) {
  const { t } = useTranslation(NS)
  const last = useLastIndex(meter)
  if (!meter) return null
  return (
    <IndexField
      label={t(kind === 'in' ? 'meters.contract.moveInIndex' : 'meters.contract.moveOutIndex', { serial: meter.serialNo })}
      value={value}
      onChange={onChange}
      error={error}
      description={
        <Text component="span" fz="xs" c="dimmed" data-testid={`contract-move-${kind}-meter`}>
          {t('meters.contract.meter', { serial: meter.serialNo })} · <LastIndexHint last={last} />
        </Text>
      }
      testId={`contract-move-${kind}-index`}
    />
  )
}
