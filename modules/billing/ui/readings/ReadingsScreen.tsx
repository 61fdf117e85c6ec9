/** Route entry (keyboard: type the index, Enter goes to the next meter) and CSV import of handheld reads. */
import { useMemo, useRef, useState } from 'react'
import { Alert, Badge, Button, Checkbox, Group, Select, Stack, Table, Tabs, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconDeviceFloppy, IconFileImport, IconRoute } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { checkReading, REVIEW_FLAGS, type PlausibilityFlag } from '../../domain/plausibility'
import { meterCapacity } from '../../domain/reading-chain'
import type { ImportReport, RouteRow } from '../../readings.contract'
import { FileDrop, Page, formatQty, parseQty, useRpcMutation, useRpcQuery } from '../../../../renderer/src/ui-kit'
import { NS, billingErrorMessage, formatDay } from '../common'

const today = () => new Date().toISOString().slice(0, 10)
const LTR = { input: { direction: 'ltr' as const, textAlign: 'end' as const } }

export function FlagBadges({ flags }: { flags: readonly PlausibilityFlag[] }) {
  const { t } = useTranslation(NS)
  return (
    <Group gap={4} wrap="nowrap">
      {flags.map((f) => (
        <Badge key={f} size="sm" variant="light" color={REVIEW_FLAGS.includes(f) ? 'red' : 'blue'} data-testid={`flag-${f}`}>
          {t(`readings.flags.${f}`)}
        </Badge>
      ))}
    </Group>
  )
}

interface Entry {
  text: string
  notReached: boolean
}

function RouteEntry() {
  const { t } = useTranslation(NS)
  const sectors = useRpcQuery('billing.readings.sectors', {})
  const [sector, setSector] = useState<string | null>(null)
  const [date, setDate] = useState(today())
  const route = useRpcQuery('billing.readings.route', { sector: sector ?? '', date }, { enabled: sector !== null && /^\d{4}-\d{2}-\d{2}$/.test(date) })
  const save = useRpcMutation('billing.readings.saveBatch', { invalidate: ['billing.readings'] })
  const [entries, setEntries] = useState<Record<string, Entry>>({})
  const inputs = useRef<(HTMLInputElement | null)[]>([])
  const saveButton = useRef<HTMLButtonElement>(null)
  const rows = useMemo(() => route.data ?? [], [route.data])
  const entry = (id: string): Entry => entries[id] ?? { text: '', notReached: false }
  const set = (id: string, patch: Partial<Entry>) => setEntries((e) => ({ ...e, [id]: { ...entry(id), ...patch } }))

  const flagsOf = (r: RouteRow): PlausibilityFlag[] | null => {
    const e = entry(r.contractId)
    if (e.notReached || e.text.trim() === '') return null
    const index = parseQty(e.text)
    if (index === null) return null
    return checkReading({ previous: r.previous, index, date, avgDaily: r.avgDaily, capacity: meterCapacity(r.digits) }).flags
  }
  const focusNext = (i: number) => {
    const next = inputs.current.slice(i + 1).find((el) => el && !el.disabled)
    if (next) next.focus()
    else saveButton.current?.focus()
  }
  const toSave = rows.filter((r) => !r.readToday && (entry(r.contractId).notReached || parseQty(entry(r.contractId).text) !== null))

  return (
    <Stack gap="sm">
      <Group align="flex-end">
        <Select
          label={t('readings.entry.sector')}
          placeholder={t('readings.entry.pickSector')}
          data={sectors.data ?? []}
          value={sector}
          onChange={(v) => {
            setSector(v)
            setEntries({})
          }}
          searchable
          w={200}
          data-testid="readings-sector"
          comboboxProps={{ withinPortal: true }}
        />
        <TextInput type="date" label={t('readings.entry.date')} value={date} onChange={(e) => setDate(e.currentTarget.value)} w={170} data-testid="readings-date" />
        <Button
          ref={saveButton}
          leftSection={<IconDeviceFloppy size={16} />}
          disabled={toSave.length === 0}
          loading={save.isPending}
          data-testid="readings-save"
          onClick={async () => {
            try {
              const saved = await save.mutateAsync({
                date,
                rows: toSave.map((r) => (entry(r.contractId).notReached ? { contractId: r.contractId, notReached: true } : { contractId: r.contractId, index: parseQty(entry(r.contractId).text) ?? 0 })),
              })
              notifications.show({ color: 'teal', message: t('readings.entry.saved', { count: saved.length, review: saved.filter((s) => s.status === 'review').length }) })
              setEntries({})
            } catch {
              // shown below
            }
          }}
        >
          {t('readings.entry.save', { count: toSave.length })}
        </Button>
      </Group>
      {save.error && <Alert color="red">{billingErrorMessage(save.error, t)}</Alert>}
      {sector === null ? (
        <Text c="dimmed">{t('readings.entry.pickSectorHint')}</Text>
      ) : rows.length === 0 && !route.isLoading ? (
        <Text c="dimmed">{t('readings.entry.empty')}</Text>
      ) : (
        <Table striped highlightOnHover withTableBorder data-testid="readings-route">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('readings.col.point')}</Table.Th>
              <Table.Th>{t('readings.col.subscriber')}</Table.Th>
              <Table.Th>{t('readings.col.meter')}</Table.Th>
              <Table.Th>{t('readings.col.previous')}</Table.Th>
              <Table.Th>{t('readings.col.expected')}</Table.Th>
              <Table.Th w={150}>{t('readings.col.index')}</Table.Th>
              <Table.Th>{t('readings.col.notReached')}</Table.Th>
              <Table.Th>{t('readings.col.flags')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => {
              const e = entry(r.contractId)
              const flags = flagsOf(r)
              const prev = r.previous
              return (
                <Table.Tr key={r.contractId} data-testid={`route-row-${i}`}>
                  <Table.Td>
                    <Text size="sm" ff="monospace">{r.pointCode}</Text>
                    <Text size="xs" c="dimmed">{r.pointAddress}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.subscriberName}</Text>
                    <Text size="xs" c="dimmed">{t(`commodities.${r.commodity}`)}</Text>
                  </Table.Td>
                  <Table.Td><Text size="sm" ff="monospace">{r.serialNo}</Text></Table.Td>
                  <Table.Td>
                    {prev ? (
                      <>
                        <Text size="sm" dir="ltr" ta="end">{formatQty(prev.index)}</Text>
                        <Text size="xs" c="dimmed">{formatDay(prev.date)}{prev.estimated ? ` · ${t('readings.kinds.estimated')}` : ''}</Text>
                      </>
                    ) : '—'}
                  </Table.Td>
                  <Table.Td>
                    {prev && r.band ? (
                      <Text size="sm" dir="ltr" data-testid={`route-band-${i}`}>{formatQty(prev.index + r.band.low)} – {formatQty(prev.index + r.band.high)}</Text>
                    ) : (
                      <Text size="xs" c="dimmed">{t('readings.entry.noHistory')}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {r.readToday ? (
                      <Badge variant="light" color="gray">{formatQty(r.readToday.index)}</Badge>
                    ) : (
                      <TextInput
                        ref={(el) => {
                          inputs.current[i] = el
                        }}
                        aria-label={t('readings.entry.indexFor', { point: r.pointCode })}
                        value={e.text}
                        disabled={e.notReached}
                        inputMode="decimal"
                        styles={LTR}
                        error={e.text.trim() !== '' && parseQty(e.text) === null}
                        data-testid={`route-index-${i}`}
                        onChange={(ev) => set(r.contractId, { text: ev.currentTarget.value })}
                        onKeyDown={(ev) => {
                          if (ev.key === 'Enter') {
                            ev.preventDefault()
                            focusNext(i)
                          }
                        }}
                      />
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!r.readToday && (
                      <Checkbox
                        aria-label={t('readings.col.notReached')}
                        checked={e.notReached}
                        disabled={r.estimate === null}
                        data-testid={`route-nr-${i}`}
                        onChange={(ev) => set(r.contractId, { notReached: ev.currentTarget.checked, text: '' })}
                      />
                    )}
                  </Table.Td>
                  <Table.Td>
                    {e.notReached && r.estimate !== null ? (
                      <Badge size="sm" variant="light" color="grape">{t('readings.entry.estimate', { index: formatQty(r.estimate) })}</Badge>
                    ) : r.readToday ? (
                      <Badge size="sm" variant="light" color={r.readToday.status === 'review' ? 'red' : 'teal'}>{t(`readings.statuses.${r.readToday.status}`)}</Badge>
                    ) : flags && flags.length === 0 ? (
                      <Badge size="sm" variant="light" color="teal" data-testid={`route-ok-${i}`}>{t('readings.entry.plausible')}</Badge>
                    ) : (
                      flags && <FlagBadges flags={flags} />
                    )}
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  )
}

function CsvImport() {
  const { t } = useTranslation(NS)
  const importCsv = useRpcMutation('billing.readings.import', { invalidate: ['billing.readings'] })
  const [report, setReport] = useState<ImportReport | null>(null)
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">{t('readings.import.hint')}</Text>
      <FileDrop
        accept=".csv,text/csv,text/plain"
        multiple={false}
        label={t('readings.import.drop')}
        testId="readings-import-drop"
        onFiles={async ([file]) => {
          setReport(null)
          try {
            setReport(await importCsv.mutateAsync({ csv: await file.text(), fileName: file.name }))
          } catch {
            // shown below
          }
        }}
      >
        <Group justify="center" p="lg">
          <IconFileImport size={22} />
          <Text>{t('readings.import.drop')}</Text>
        </Group>
      </FileDrop>
      {importCsv.error && <Alert color="red">{billingErrorMessage(importCsv.error, t)}</Alert>}
      {report && (
        <Stack gap="xs" data-testid="readings-import-report">
          <Alert color={report.errors.length ? 'orange' : 'teal'}>
            {t('readings.import.summary', { total: report.total, imported: report.imported, review: report.review, estimated: report.estimated, errors: report.errors.length })}
          </Alert>
          {report.errors.length > 0 && (
            <Table withTableBorder striped data-testid="readings-import-errors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80}>{t('readings.import.row')}</Table.Th>
                  <Table.Th w={180}>{t('readings.import.code')}</Table.Th>
                  <Table.Th>{t('readings.import.message')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.errors.map((e) => (
                  <Table.Tr key={`${e.row}-${e.code}`}>
                    <Table.Td>{e.row}</Table.Td>
                    <Table.Td><Text size="xs" ff="monospace">{e.code}</Text></Table.Td>
                    <Table.Td>{t(`errors.${e.code}`)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      )}
    </Stack>
  )
}

export function ReadingsScreen() {
  const { t } = useTranslation(NS)
  return (
    <Page title={t('readings.title')} subtitle={t('readings.subtitle')} testId="billing-readings-screen">
      <Tabs defaultValue="route" keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="route" leftSection={<IconRoute size={16} />} data-testid="readings-tab-route">{t('readings.tabs.route')}</Tabs.Tab>
          <Tabs.Tab value="import" leftSection={<IconFileImport size={16} />} data-testid="readings-tab-import">{t('readings.tabs.import')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="route"><RouteEntry /></Tabs.Panel>
        <Tabs.Panel value="import"><CsvImport /></Tabs.Panel>
      </Tabs>
    </Page>
  )
}
