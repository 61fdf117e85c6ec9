/**
 * The meter serial of an install / swap: type to search the serials in stock at this site, pick one, or scan its
 * barcode (the scanner types the number and Enter; Enter moves on to the next field instead of submitting).
 * Under the field: what the stock knows of the typed number (in stock here, elsewhere, installed, unknown).
 */
import { useMemo, useRef } from 'react'
import { Autocomplete, Group, Text } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconBarcode } from '@tabler/icons-react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { SerialRow } from '../../../stock/contract'
import { useRpcQuery, useSession, useUser } from '../../../../renderer/src/ui-kit'
import { NS } from '../common'
import { IndexField } from './common'

/** What the stock says of a typed serial number. */
export type SerialCheck =
  | { state: 'empty' | 'checking' | 'unchecked' }
  | { state: 'ok'; serial: SerialRow }
  | { state: 'unknown' }
  | { state: 'elsewhere'; serial: SerialRow }
  | { state: 'notInStock'; serial: SerialRow }

/** The depots of the user's site (serials in stock "here" are in their bins). */
function useSiteDepots(enabled: boolean): string[] | null {
  const { siteCode } = useUser()
  const q = useRpcQuery('stock.depots.list', { pageSize: 200, filters: [{ id: 'siteCode', op: 'equals', value: siteCode }] }, { enabled })
  return q.data ? q.data.rows.map((d) => d.code) : null
}

/** In-stock serials of the site matching the typed text, and the check of the exact number typed. */
export function useSerialSearch(text: string): { options: SerialRow[]; check: SerialCheck } {
  const { can } = useSession()
  const canRead = can('stock.read')
  const depots = useSiteDepots(canRead)
  const [debounced] = useDebouncedValue(text.trim(), 200)
  const ready = canRead && depots !== null
  const search = useRpcQuery(
    'stock.serials.list',
    {
      search: debounced,
      pageSize: 20,
      filters: [{ id: 'status', op: 'equals', value: 'in_stock' }, { id: 'depotCode', op: 'in', value: depots ?? [] }],
    },
    { enabled: ready && (depots?.length ?? 0) > 0 },
  )
  const exact = useRpcQuery('stock.serials.list', { pageSize: 5, filters: [{ id: 'serialNo', op: 'equals', value: debounced }] }, { enabled: canRead && debounced !== '' })
  const check = useMemo((): SerialCheck => {
    const typed = text.trim()
    if (typed === '') return { state: 'empty' }
    if (!canRead) return { state: 'unchecked' }
    if (debounced !== typed || exact.isLoading || depots === null) return { state: 'checking' }
    const found = exact.data?.rows ?? []
    const here = found.find((s) => s.status === 'in_stock' && s.depotCode !== null && depots.includes(s.depotCode))
    if (here) return { state: 'ok', serial: here }
    const inStock = found.find((s) => s.status === 'in_stock')
    if (inStock) return { state: 'elsewhere', serial: inStock }
    if (found[0]) return { state: 'notInStock', serial: found[0] }
    return { state: 'unknown' }
  }, [text, debounced, canRead, exact.isLoading, exact.data, depots])
  return { options: search.data?.rows ?? [], check }
}

/** The translated refusal of a typed serial, or null when it can be installed (or cannot be checked here). */
export function serialCheckError(check: SerialCheck, t: TFunction): string | null {
  switch (check.state) {
    case 'empty':
      return t('billing:meters.validation.serialRequired')
    case 'unknown':
      return t('billing:meters.validation.serialUnknown')
    case 'elsewhere':
      return t('billing:meters.validation.serialElsewhere', { depot: check.serial.depotCode ?? '' })
    case 'notInStock':
      return t('billing:meters.validation.serialNotInStock', { status: t(`billing:meters.serialStatus.${check.serial.status}`) })
    default:
      return null
  }
}

const location = (s: SerialRow) => (s.depotCode && s.binCode ? `${s.depotCode} / ${s.binCode}` : '')

interface SerialFieldProps {
  label: string
  value: string
  onChange: (v: string) => void
  check: SerialCheck
  options: SerialRow[]
  error?: string | null
  testId: string
  /** Enter (a scan ends with it, or a pick from the list): go to the next field. */
  onEnter?: () => void
}

export function SerialField({ label, value, onChange, check, options, error, testId, onEnter }: SerialFieldProps) {
  const { t } = useTranslation(NS)
  const byNo = useMemo(() => new Map(options.map((s) => [s.serialNo, s])), [options])
  // What the stock says of the typed number shows at once (a scan gets its answer before the submit); the form's own
  // error (e.g. required) only while the field is empty. A number not found yet is no error while the list still offers
  // in-stock numbers it may be the start of.
  const quiet = check.state === 'ok' || check.state === 'checking' || check.state === 'unchecked' || (check.state === 'unknown' && options.length > 0 && !error)
  const shownError = check.state === 'empty' ? error : quiet ? null : serialCheckError(check, t)
  const description =
    check.state === 'ok' ? (
      <Text component="span" fz="xs" c="teal" data-testid={`${testId}-ok`}>
        {t('meters.serial.inStock', { item: check.serial.itemName, location: location(check.serial) })}
      </Text>
    ) : check.state === 'unchecked' ? (
      t('meters.serial.unchecked')
    ) : (
      t('meters.serial.hint')
    )
  return (
    <Autocomplete
      label={label}
      withAsterisk
      placeholder={t('meters.serial.placeholder')}
      leftSection={<IconBarcode size={16} />}
      value={value}
      onChange={onChange}
      data={options.map((s) => s.serialNo)}
      filter={({ options: all }) => all}
      limit={20}
      renderOption={({ option }) => {
        const s = byNo.get(option.value)
        return (
          <Group gap="xs" wrap="nowrap" justify="space-between" w="100%">
            <Text fz="sm" ff="monospace" dir="ltr" style={{ whiteSpace: 'nowrap', flexShrink: 0 }}>{option.value}</Text>
            {s && (
              <Text fz="xs" c="dimmed" truncate="end" dir="auto" title={`${s.itemName} · ${location(s)}`}>
                {s.itemName} · <span dir="ltr">{location(s)}</span>
              </Text>
            )}
          </Group>
        )
      }}
      onOptionSubmit={() => onEnter?.()}
      onKeyDown={(e) => {
        if (e.key !== 'Enter' || e.nativeEvent.isComposing) return
        e.preventDefault()
        onEnter?.()
      }}
      description={description}
      error={shownError}
      comboboxProps={{ withinPortal: true }}
      styles={{ input: { direction: 'ltr' } }}
      data-testid={testId}
    />
  )
}

interface NewMeterFieldsProps {
  serialLabel: string
  indexLabel: string
  serialNo: string
  onSerialNo: (v: string) => void
  serials: ReturnType<typeof useSerialSearch>
  index: string
  onIndex: (v: string) => void
  serialError?: string | null
  indexError?: string | null
}

/** The new meter of an install or a swap: its serial (searched or scanned; Enter goes on to the index) and its initial index. */
export function NewMeterFields({ serialLabel, indexLabel, serialNo, onSerialNo, serials, index, onIndex, serialError, indexError }: NewMeterFieldsProps) {
  const { t } = useTranslation(NS)
  const indexRef = useRef<HTMLDivElement>(null)
  return (
    <>
      <SerialField
        label={serialLabel}
        value={serialNo}
        onChange={onSerialNo}
        check={serials.check}
        options={serials.options}
        error={serialError}
        testId="meter-serial"
        onEnter={() => indexRef.current?.querySelector('input')?.focus()}
      />
      <div ref={indexRef}>
        <IndexField label={indexLabel} value={index} onChange={onIndex} error={indexError} description={t('meters.indexHint')} testId="meter-index" />
      </div>
    </>
  )
}
