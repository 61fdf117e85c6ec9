/** Install an in-stock meter at a connection point: point, commodity, date, serial (searched or scanned), initial index. */
import { useEffect, useState } from 'react'
import { Alert, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import { DEFAULT_DIGITS, METER_COMMODITIES, type MeterCommodity } from '../../readings.contract'
import { FormActions, parseQty, useRpcMutation, useRpcQuery } from '../../../../renderer/src/ui-kit'
import { NS } from '../common'
import { METER_INVALIDATE, indexError, meterDateError, meterErrorMessage, todayIso, useFieldErrors } from './common'
import { NewMeterFields, serialCheckError, useSerialSearch } from './SerialField'

export function InstallModal({ opened, onClose, pointId: fixedPoint }: { opened: boolean; onClose: () => void; pointId?: string }) {
  const { t } = useTranslation(NS)
  const install = useRpcMutation('billing.meters.install', { invalidate: METER_INVALIDATE })
  const [pointId, setPointId] = useState(fixedPoint ?? '')
  const [pointSearch, setPointSearch] = useState('')
  const [debouncedPoint] = useDebouncedValue(pointSearch, 250)
  const [commodity, setCommodity] = useState<MeterCommodity | ''>('')
  const [date, setDate] = useState(todayIso())
  const [serialNo, setSerialNo] = useState('')
  const [index, setIndex] = useState('0')
  const [reason, setReason] = useState('')
  const { errors, setErrors, edit } = useFieldErrors<'pointId' | 'commodity' | 'date' | 'serialNo' | 'index'>()
  const serials = useSerialSearch(serialNo)
  const points = useRpcQuery('billing.points.list', { search: debouncedPoint, pageSize: 20, filters: [{ id: 'active', op: 'equals', value: true }] }, { enabled: opened })
  const fixed = useRpcQuery('billing.points.get', { id: pointId }, { enabled: opened && !!pointId })
  const point = fixed.data
  const served = point ? METER_COMMODITIES.filter((c) => point[c]) : [...METER_COMMODITIES]

  useEffect(() => {
    if (!opened) return
    setPointId(fixedPoint ?? '')
    setCommodity('')
    setDate(todayIso())
    setSerialNo('')
    setIndex('0')
    setReason('')
    setErrors({})
    install.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, fixedPoint])
  // One commodity served: no need to choose.
  useEffect(() => {
    if (point && served.length === 1) setCommodity(served[0])
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [point?.id])

  const pointOptions = (points.data?.rows ?? []).map((r) => ({ value: r.id, label: `${r.code} · ${r.address}` }))
  if (point && !pointOptions.some((o) => o.value === point.id)) pointOptions.unshift({ value: point.id, label: `${point.code} · ${point.address}` })
  const req = t('translation:validation.required')

  const submit = async () => {
    const digits = commodity ? DEFAULT_DIGITS[commodity] : 9
    const next: typeof errors = {
      pointId: pointId ? null : req,
      commodity: commodity ? null : req,
      date: meterDateError(date, t),
      serialNo: serialCheckError(serials.check, t),
      index: indexError(index, digits, t),
    }
    setErrors(next)
    if (Object.values(next).some(Boolean) || !commodity) return
    try {
      const saved = await install.mutateAsync({ pointId, commodity, serialNo: serialNo.trim(), date, index: parseQty(index) ?? 0, reason: reason.trim() })
      notifications.show({ color: 'teal', message: t('meters.install.done', { serial: saved.serialNo, point: saved.pointCode }) })
      onClose()
    } catch {
      // shown in the alert
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} centered size="lg" title={<Text fw={650}>{t('meters.install.title')}</Text>}>
      <form
        noValidate
        data-testid="meter-install-form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <Stack gap="sm">
          {install.error && <Alert color="red" data-testid="meter-form-error">{meterErrorMessage(install.error, t)}</Alert>}
          <Select
            label={t('meters.col.point')}
            withAsterisk
            searchable
            disabled={!!fixedPoint}
            filter={({ options }) => options}
            searchValue={pointSearch}
            onSearchChange={setPointSearch}
            data={pointOptions}
            value={pointId || null}
            onChange={(v) => {
              edit('pointId', setPointId)(v ?? '')
              setCommodity('')
            }}
            nothingFoundMessage={t('contracts.form.nothing')}
            error={errors.pointId}
            comboboxProps={{ withinPortal: true }}
            data-testid="meter-point"
          />
          <Group grow align="flex-start">
            <Select
              label={t('meters.col.commodity')}
              withAsterisk
              allowDeselect={false}
              data={served.map((c) => ({ value: c, label: t(`commodities.${c}`) }))}
              value={commodity || null}
              onChange={(v) => edit('commodity', setCommodity)((v ?? '') as MeterCommodity | '')}
              error={errors.commodity}
              comboboxProps={{ withinPortal: true }}
              data-testid="meter-commodity"
            />
            <TextInput type="date" label={t('meters.install.date')} withAsterisk value={date} onChange={(e) => edit('date', setDate)(e.currentTarget.value)} error={errors.date} data-testid="meter-date" />
          </Group>
          <NewMeterFields
            serialLabel={t('meters.install.serial')}
            indexLabel={t('meters.install.initialIndex')}
            serialNo={serialNo}
            onSerialNo={edit('serialNo', setSerialNo)}
            serials={serials}
            index={index}
            onIndex={edit('index', setIndex)}
            serialError={errors.serialNo}
            indexError={errors.index}
          />
          <TextInput label={t('meters.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="meter-reason" />
          <FormActions onCancel={onClose} saving={install.isPending} submitLabel={t('meters.install.submit')} submitTestId="meter-install-submit" />
        </Stack>
      </form>
    </Modal>
  )
}
