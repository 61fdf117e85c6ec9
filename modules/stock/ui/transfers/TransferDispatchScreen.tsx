/**
 * Dispatch to another site: choose the sending depot and the destination depot, scan items and serials (the
 * move-entry scanner and line editor, lines taking stock from bins of the sending depot), send with Ctrl+Enter.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core'
import { IconTruckDelivery, IconX } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { transferDispatchSchema } from '../../contract'
import { parseMoney, parseQty, useRpcMutation, useUser, zodIssueMessage } from '../../../../renderer/src/ui-kit'
import { NS, todayIso, useBins, useDepots } from '../common'
import { LineEditor } from '../move-entry/LineEditor'
import { ScanBar } from '../move-entry/ScanBar'
import { useEnterNavigation } from '../move-entry/useEnterNavigation'
import { useMoveDraft } from '../move-entry/useMoveDraft'
import { useMoveScanner } from '../move-entry/useMoveScanner'
import { buildTransferDispatchInput } from './transfer-input'
import { transferErrorMessage } from './TransferDrawer'

const SIDE = { from: true, to: false }
const parsers = { qty: parseQty, money: parseMoney }

export function TransferDispatchScreen() {
  const { t } = useTranslation(NS)
  const navigate = useNavigate()
  const user = useUser()
  const { depots } = useDepots()
  const { bins } = useBins()
  const draft = useMoveDraft()
  const scanner = useMoveScanner(draft)
  const scanRef = useRef<HTMLInputElement>(null)
  const rootRef = useRef<HTMLDivElement>(null)
  const [fromDepotId, setFromDepotId] = useState<string | null>(null)
  const [toDepotId, setToDepotId] = useState<string | null>(null)
  const [headerErrors, setHeaderErrors] = useState<{ fromDepotId?: string; toDepotId?: string }>({})
  const [formError, setFormError] = useState<string | null>(null)
  const dispatch = useRpcMutation('stock.transfers.dispatch', { invalidate: ['stock.'] })
  const { setKind } = draft

  // Lines take stock from a bin (an issue's shape): the scanner then looks for serials in stock.
  useEffect(() => setKind('issue'), [setKind])
  useEffect(() => scanRef.current?.focus(), [])

  const site = user.siteCode
  const fromOptions = useMemo(() => depots.filter((d) => d.active && d.kind === 'normal' && d.siteCode === site).map((d) => ({ value: d.id, label: `${d.code} — ${d.name}` })), [depots, site])
  const toOptions = useMemo(
    () => depots.filter((d) => d.active && d.kind === 'normal' && d.siteCode !== site).map((d) => ({ value: d.id, label: `${d.siteCode} · ${d.code} — ${d.name}` })),
    [depots, site],
  )
  const binOptions = useMemo(() => bins.filter((b) => b.depotId === fromDepotId && b.active).map((b) => ({ value: b.id, label: `${b.depotCode} / ${b.code}` })), [bins, fromDepotId])

  const submit = async () => {
    if (dispatch.isPending) return
    setFormError(null)
    const queued = scanner.queued()
    if (queued) await queued
    const lines = draft.latest.current.lines
    const built = buildTransferDispatchInput({ fromDepotId, toDepotId, date: draft.header.date, reference: draft.header.reference, reason: draft.header.reason }, lines, parsers)
    setHeaderErrors(Object.fromEntries(Object.entries(built.headerErrors).map(([k, v]) => [k, t(v)])))
    draft.setErrors(Object.fromEntries(Object.entries(built.lineErrors).map(([k, f]) => [k, Object.fromEntries(Object.entries(f).map(([x, key]) => [x, t(key)]))])))
    if (lines.length === 0) return setFormError(t('entry.errors.noLines'))
    if (!built.input) return setFormError(t('entry.errors.fix'))
    const parsed = transferDispatchSchema.safeParse(built.input)
    if (!parsed.success) return setFormError(zodIssueMessage(parsed.error.issues[0]!, t))
    try {
      await dispatch.mutateAsync(built.input)
      navigate('/stock/transfers')
    } catch (e) {
      setFormError(transferErrorMessage(e, t))
    }
  }
  const onKeyDown = useEnterNavigation(rootRef, scanRef, () => void submit())

  return (
    <Stack gap="md" p="lg" ref={rootRef} onKeyDown={onKeyDown} data-testid="stock-transfer-dispatch">
      <div>
        <Title order={2} fz={22} fw={650} data-testid="page-title">
          {t('transfers.dispatchTitle')}
        </Title>
        <Text c="dimmed" fz="sm" mt={2}>
          {t('transfers.dispatchSubtitle')}
        </Text>
      </div>
      <Paper withBorder radius="md" p="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <Select
            label={t('transfers.fromDepot')}
            withAsterisk
            data={fromOptions}
            value={fromDepotId}
            onChange={(v) => {
              setFromDepotId(v)
              draft.chooseDefaultFrom(null)
              setHeaderErrors((e) => ({ ...e, fromDepotId: undefined }))
            }}
            error={headerErrors.fromDepotId}
            comboboxProps={{ withinPortal: true }}
            data-testid="transfer-from-depot"
          />
          <Select
            label={t('transfers.defaultBin')}
            data={binOptions}
            value={draft.defaultFrom}
            onChange={draft.chooseDefaultFrom}
            disabled={!fromDepotId}
            clearable
            comboboxProps={{ withinPortal: true }}
            data-testid="transfer-from-bin"
          />
          <Select
            label={t('transfers.toDepot')}
            withAsterisk
            searchable
            data={toOptions}
            value={toDepotId}
            onChange={(v) => {
              setToDepotId(v)
              setHeaderErrors((e) => ({ ...e, toDepotId: undefined }))
            }}
            error={headerErrors.toDepotId}
            nothingFoundMessage={t('transfers.noOtherSite')}
            comboboxProps={{ withinPortal: true }}
            data-testid="transfer-to-depot"
          />
          <TextInput label={t('entry.date')} type="date" value={draft.header.date} max={todayIso()} onChange={(e) => draft.setDate(e.currentTarget.value)} data-testid="transfer-date" />
          <TextInput label={t('entry.reference')} value={draft.header.reference} onChange={(e) => draft.setReference(e.currentTarget.value)} maxLength={120} data-testid="transfer-reference" />
          <TextInput label={t('entry.reason')} value={draft.header.reason} onChange={(e) => draft.setReason(e.currentTarget.value)} maxLength={200} data-testid="transfer-reason" />
        </SimpleGrid>
      </Paper>
      <ScanBar scanner={scanner} inputRef={scanRef} />
      {formError && (
        <Alert color="red" variant="light" icon={<IconX size={18} />} withCloseButton onClose={() => setFormError(null)} data-testid="transfer-error">
          {formError}
        </Alert>
      )}
      <Stack gap="sm">
        {draft.lines.map((l, i) => (
          <LineEditor
            key={l.key}
            index={i}
            line={l}
            active={l.key === draft.current}
            errors={draft.errors[l.key] ?? {}}
            side={SIDE}
            withCost={false}
            createsSerials={false}
            onFocus={() => draft.setCurrent(l.key)}
            onChange={(patch) => draft.updateLine(l.key, patch)}
            onRemove={() => draft.removeLine(l.key)}
          />
        ))}
        {draft.lines.length === 0 && (
          <Text c="dimmed" fz="sm" ta="center" p="lg" data-testid="transfer-no-lines">
            {t('entry.noLines')}
          </Text>
        )}
      </Stack>
      <Group justify="space-between">
        <Text fz="sm" c="dimmed">
          {t('entry.summary', { count: draft.lines.length })}
        </Text>
        <Group gap="xs">
          <Button variant="default" onClick={() => navigate('/stock/transfers')}>
            {t('transfers.back')}
          </Button>
          <Button leftSection={<IconTruckDelivery size={16} />} onClick={() => void submit()} loading={dispatch.isPending} data-testid="transfer-dispatch">
            {t('transfers.dispatch')}
          </Button>
        </Group>
      </Group>
    </Stack>
  )
}
