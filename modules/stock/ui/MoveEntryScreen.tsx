import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Kbd,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import {
  IconArrowBarToDown,
  IconArrowBarUp,
  IconArrowsExchange,
  IconBarcode,
  IconCheck,
  IconCircleCheck,
  IconAdjustments,
  IconPlus,
  IconTrash,
  IconX,
} from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { POSTABLE_MOVE_KINDS, movePostSchema, type ItemRow, type MoveDetail, type MovePostInput, type PostableMoveKind, type SerialRow } from '../contract'
import { currentLanguage, formatFixed, formatMoney, invoke, parseMoney, parseQty, useRpcMutation, zodIssueMessage } from '../../../renderer/src/ui-kit'
import { BinSelect, ItemSelect, Mono, NS, binLabel, itemName, qtyText, stockErrorMessage, todayIso, uomLabel, useBins } from './common'
import { TrackingBadge } from './ItemsScreen'

interface SerialDraft {
  key: string
  serialNo: string
  brand: string
  caliber: string
  year: string
  /** Known serial (issues, transfers, returns). */
  existing?: SerialRow
}

interface LineDraft {
  key: string
  item: ItemRow
  qty: string
  fromBinId: string | null
  toBinId: string | null
  lotNo: string
  unitCost: string
  serials: SerialDraft[]
}

type LineErrors = Record<string, string>
type Feedback = { status: 'ok' | 'warn' | 'error'; text: string } | null

const KIND_ICONS = { receipt: IconArrowBarToDown, issue: IconArrowBarUp, transfer: IconArrowsExchange, adjustment: IconAdjustments }

let seq = 0
const newKey = () => `k${++seq}`

/** Where a kind takes stock from and puts it to. */
function sides(kind: PostableMoveKind, direction: 'in' | 'out') {
  return {
    from: kind === 'issue' || kind === 'transfer' || (kind === 'adjustment' && direction === 'out'),
    to: kind === 'receipt' || kind === 'transfer' || (kind === 'adjustment' && direction === 'in'),
  }
}

export function MoveEntryScreen() {
  const { t } = useTranslation(NS)
  const navigate = useNavigate()
  const { byId: binsById } = useBins()
  const [kind, setKind] = useState<PostableMoveKind>('receipt')
  const [direction, setDirection] = useState<'in' | 'out'>('in')
  const [date, setDate] = useState<string>(todayIso())
  const [reference, setReference] = useState('')
  const [reason, setReason] = useState('')
  const [serialStatus, setSerialStatus] = useState<'installed' | 'scrapped'>('installed')
  const [connectionPointId, setConnectionPointId] = useState('')
  const [defaultFrom, setDefaultFrom] = useState<string | null>(null)
  const [defaultTo, setDefaultTo] = useState<string | null>(null)
  const [lines, setLines] = useState<LineDraft[]>([])
  const [current, setCurrent] = useState<string | null>(null)
  const [scan, setScan] = useState('')
  const [feedback, setFeedback] = useState<Feedback>(null)
  const [errors, setErrors] = useState<Record<string, LineErrors>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [posted, setPosted] = useState<MoveDetail | null>(null)
  const post = useRpcMutation('stock.moves.post', { invalidate: ['stock.'] })

  const scanRef = useRef<HTMLInputElement>(null)
  const againRef = useRef<HTMLButtonElement>(null)
  const rootRef = useRef<HTMLDivElement>(null)
  // The scan queue reads the latest state (scans arrive faster than renders).
  const state = useRef({ kind, direction, lines, current, defaultFrom, defaultTo })
  state.current = { kind, direction, lines, current, defaultFrom, defaultTo }
  const queue = useRef<Promise<void>>(Promise.resolve())
  const [pending, setPending] = useState(0)

  const side = sides(kind, direction)
  const createsSerials = side.to && !side.from
  const withCost = kind === 'receipt' || (kind === 'adjustment' && direction === 'in')

  useEffect(() => {
    if (!posted) scanRef.current?.focus()
    else againRef.current?.focus()
  }, [posted])

  const binText = (id: string | null | undefined) => {
    const b = id ? binsById.get(id) : undefined
    return b ? binLabel(b) : ''
  }

  // ------------------------------------------------------------------------------------------- lines
  const updateLine = (key: string, patch: Partial<LineDraft> | ((l: LineDraft) => Partial<LineDraft>)) => {
    setLines((ls) => {
      const next = ls.map((l) => (l.key === key ? { ...l, ...(typeof patch === 'function' ? patch(l) : patch) } : l))
      state.current.lines = next
      return next
    })
    setErrors((e) => (e[key] ? { ...e, [key]: {} } : e))
  }

  const addLine = (item: ItemRow, init: Partial<LineDraft> = {}): LineDraft => {
    const s = state.current
    const sd = sides(s.kind, s.direction)
    const cost = item.lastCost || item.standardCost
    const line: LineDraft = {
      key: newKey(),
      item,
      qty: item.tracking === 'serial' ? '' : '1',
      fromBinId: sd.from ? s.defaultFrom : null,
      toBinId: sd.to ? s.defaultTo : null,
      lotNo: '',
      unitCost: cost ? formatFixed(cost, 2) : '',
      serials: [],
      ...init,
    }
    const next = [...s.lines, line]
    state.current.lines = next
    state.current.current = line.key
    setLines(next)
    setCurrent(line.key)
    return line
  }

  const removeLine = (key: string) => {
    setLines((ls) => {
      const next = ls.filter((l) => l.key !== key)
      state.current.lines = next
      return next
    })
    if (current === key) setCurrent(null)
  }

  const allSerials = () => new Set(state.current.lines.flatMap((l) => l.serials.map((s) => s.serialNo.trim().toUpperCase())))

  // ------------------------------------------------------------------------------------------- scanning
  const handleScan = async (text: string) => {
    const s = state.current
    const sd = sides(s.kind, s.direction)
    const creating = sd.to && !sd.from
    const cur = s.lines.find((l) => l.key === s.current) ?? null
    let res: Awaited<ReturnType<typeof invoke<'stock.items.lookup'>>>
    try {
      res = await invoke('stock.items.lookup', { text })
    } catch (e) {
      setFeedback({ status: 'error', text: stockErrorMessage(e, t) })
      return
    }
    if (!res) {
      if (cur && cur.item.tracking === 'serial' && creating) {
        if (allSerials().has(text.toUpperCase())) return setFeedback({ status: 'warn', text: t('entry.scan.duplicate', { serial: text }) })
        const prev = cur.serials[cur.serials.length - 1]
        updateLine(cur.key, (l) => ({
          serials: [...l.serials, { key: newKey(), serialNo: text, brand: prev?.brand ?? '', caliber: prev?.caliber ?? '', year: prev?.year ?? '' }],
        }))
        return setFeedback({ status: 'ok', text: t('entry.scan.serialAdded', { serial: text, item: cur.item.code }) })
      }
      return setFeedback({ status: 'error', text: t('entry.scan.unknown', { text }) })
    }
    if (res.match === 'serial' && res.serial) {
      const serial = res.serial
      if (allSerials().has(serial.serialNo.toUpperCase())) return setFeedback({ status: 'warn', text: t('entry.scan.duplicate', { serial: serial.serialNo }) })
      if (creating ? serial.status === 'in_stock' : serial.status !== 'in_stock')
        return setFeedback({ status: 'error', text: t('stock:errors.SERIAL_STATE', { serial: serial.serialNo, status: t(`serialStatus.${serial.status}`) }) })
      const draft: SerialDraft = {
        key: newKey(),
        serialNo: serial.serialNo,
        brand: serial.brand ?? '',
        caliber: serial.caliber ?? '',
        year: serial.manufactureYear ? String(serial.manufactureYear) : '',
        existing: serial,
      }
      const fits = (l: LineDraft) => l.item.id === serial.itemId && (!sd.from || !l.fromBinId || l.fromBinId === serial.binId)
      const target = (cur && fits(cur) ? cur : null) ?? s.lines.find(fits)
      if (target) {
        updateLine(target.key, (l) => ({ serials: [...l.serials, draft], fromBinId: sd.from ? (l.fromBinId ?? serial.binId) : l.fromBinId }))
        setCurrent(target.key)
        state.current.current = target.key
      } else {
        addLine(res.item, { serials: [draft], fromBinId: sd.from ? serial.binId : null })
      }
      return setFeedback({ status: 'ok', text: t('entry.scan.serialAdded', { serial: serial.serialNo, item: res.item.code }) })
    }
    // An item (barcode or code).
    const item = res.item
    if (!item.active) return setFeedback({ status: 'error', text: t('entry.scan.inactive', { code: item.code }) })
    if (cur && cur.item.id === item.id) {
      if (item.tracking === 'serial') return setFeedback({ status: 'ok', text: t('entry.scan.scanSerials', { code: item.code }) })
      const q = parseQty(cur.qty) ?? 0
      updateLine(cur.key, { qty: formatFixed(q + 1000, 3, 0) })
      return setFeedback({ status: 'ok', text: t('entry.scan.qtyPlusOne', { code: item.code }) })
    }
    addLine(item)
    setFeedback({
      status: 'ok',
      text: item.tracking === 'serial' ? t('entry.scan.lineAddedSerial', { code: item.code }) : t('entry.scan.lineAdded', { code: item.code }),
    })
  }

  const onScanKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter' || e.ctrlKey || e.metaKey) return
    e.preventDefault()
    e.stopPropagation()
    const text = e.currentTarget.value.trim()
    setScan('')
    if (!text) return
    setPending((n) => n + 1)
    queue.current = queue.current.then(() => handleScan(text)).finally(() => setPending((n) => n - 1))
  }

  // ------------------------------------------------------------------------------------------- posting
  const buildInput = (): { input: MovePostInput | null; errs: Record<string, LineErrors> } => {
    const errs: Record<string, LineErrors> = {}
    const set = (k: string, f: string, m: string) => ((errs[k] ??= {})[f] = m)
    const out: MovePostInput['lines'] = []
    for (const l of lines) {
      const serial = l.item.tracking === 'serial'
      const qty = serial ? l.serials.length * 1000 : parseQty(l.qty)
      if (serial && l.serials.length === 0) set(l.key, 'serials', t('entry.errors.noSerials'))
      else if (!serial && (qty === null || qty <= 0)) set(l.key, 'qty', t('entry.errors.qty'))
      if (side.from && !l.fromBinId) set(l.key, 'fromBinId', t('translation:validation.required'))
      if (side.to && !l.toBinId) set(l.key, 'toBinId', t('translation:validation.required'))
      if (kind === 'transfer' && l.fromBinId && l.fromBinId === l.toBinId) set(l.key, 'toBinId', t('entry.errors.sameBin'))
      if (l.item.tracking === 'lot' && !l.lotNo.trim()) set(l.key, 'lotNo', t('translation:validation.required'))
      const cost = withCost && l.unitCost.trim() !== '' ? parseMoney(l.unitCost) : undefined
      if (cost === null) set(l.key, 'unitCost', t('form.amountInvalid'))
      const serials = l.serials.map((s, i) => {
        const year = s.year.trim() ? Number(s.year.trim()) : undefined
        if (year !== undefined && (!Number.isInteger(year) || year < 1950 || year > 2100)) set(l.key, `serial.${i}.year`, t('entry.errors.year'))
        if (!s.serialNo.trim()) set(l.key, `serial.${i}.serialNo`, t('translation:validation.required'))
        return createsSerials
          ? {
              serialNo: s.serialNo.trim(),
              ...(s.brand.trim() ? { brand: s.brand.trim() } : {}),
              ...(s.caliber.trim() ? { caliber: s.caliber.trim() } : {}),
              ...(year !== undefined && Number.isInteger(year) ? { manufactureYear: year } : {}),
            }
          : { serialNo: s.serialNo.trim() }
      })
      out.push({
        itemId: l.item.id,
        ...(side.from && l.fromBinId ? { fromBinId: l.fromBinId } : {}),
        ...(side.to && l.toBinId ? { toBinId: l.toBinId } : {}),
        qty: qty ?? 0,
        ...(withCost && cost != null ? { unitCost: cost } : {}),
        ...(l.item.tracking === 'lot' && l.lotNo.trim() ? { lotNo: l.lotNo.trim() } : {}),
        ...(serial ? { serials } : {}),
        ...(serial && kind === 'issue' ? { serialStatus } : {}),
      })
    }
    const input: MovePostInput = {
      kind,
      date,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(reference.trim() ? { reference: reference.trim() } : {}),
      ...(kind === 'adjustment' ? { direction } : {}),
      ...(kind === 'issue' && connectionPointId.trim() ? { connectionPointId: connectionPointId.trim() } : {}),
      lines: out,
    }
    return { input: Object.keys(errs).length ? null : input, errs }
  }

  const submit = async () => {
    if (post.isPending || posted) return
    setFormError(null)
    if (pending > 0) await queue.current
    if (lines.length === 0) {
      setFormError(t('entry.errors.noLines'))
      return scanRef.current?.focus()
    }
    const { input, errs } = buildInput()
    setErrors(errs)
    if (!input) return setFormError(t('entry.errors.fix'))
    const parsed = movePostSchema.safeParse(input)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      return setFormError(`${issue.path.join('.')}: ${zodIssueMessage(issue, t)}`)
    }
    try {
      setPosted(await post.mutateAsync(input))
    } catch (e) {
      setFormError(stockErrorMessage(e, t, { binCode: binText }))
    }
  }

  const reset = () => {
    setLines([])
    setCurrent(null)
    setErrors({})
    setFormError(null)
    setFeedback(null)
    setReference('')
    setReason('')
    setConnectionPointId('')
    setPosted(null)
    post.reset()
  }

  // Enter moves to the next field, Ctrl+Enter posts.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Enter') return
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault()
      void submit()
      return
    }
    const target = e.target as HTMLElement
    if (!(target instanceof HTMLInputElement) || target === scanRef.current || target.closest('[data-enter-ignore]')) return
    const fields = Array.from(rootRef.current?.querySelectorAll<HTMLInputElement>('input[data-enter-nav]:not([disabled])') ?? []).filter((el) => el.offsetParent !== null)
    const i = fields.indexOf(target)
    if (i < 0) return
    e.preventDefault()
    const next = fields[i + 1]
    if (next) next.focus()
    else scanRef.current?.focus()
  }

  // ------------------------------------------------------------------------------------------- render
  const totals = useMemo(() => {
    let value = 0
    for (const l of lines) {
      const qty = l.item.tracking === 'serial' ? l.serials.length * 1000 : (parseQty(l.qty) ?? 0)
      const cost = parseMoney(l.unitCost) ?? 0
      value += Math.round((qty * cost) / 1000)
    }
    return { value }
  }, [lines])

  if (posted)
    return (
      <Box p="lg" data-testid="stock-move-entry">
        <Card withBorder radius="md" padding="xl" maw={640} mx="auto" mt="xl" data-testid="move-posted">
          <Stack align="center" gap="sm">
            <ThemeIcon size={56} radius="xl" color="teal" variant="light">
              <IconCircleCheck size={34} />
            </ThemeIcon>
            <Title order={3}>{t('entry.posted')}</Title>
            <Text c="dimmed" fz="sm">
              {t(`kinds.${posted.kind}`)} · {t('entry.postedLines', { count: posted.lines.length })} · {formatMoney(posted.totalValue)}
            </Text>
            <Text fz={26} fw={700} className="mono-ltr" data-testid="move-posted-number">
              {posted.number}
            </Text>
            <Group mt="sm">
              <Button variant="default" onClick={() => navigate(`/stock/moves?move=${posted.id}`)} data-testid="move-view">
                {t('entry.viewMove')}
              </Button>
              <Button ref={againRef} leftSection={<IconPlus size={16} />} onClick={reset} data-testid="move-again">
                {t('entry.newMove')}
              </Button>
            </Group>
          </Stack>
        </Card>
      </Box>
    )

  const Icon = KIND_ICONS[kind]
  return (
    <Stack gap="md" p="lg" ref={rootRef} onKeyDown={onKeyDown} data-testid="stock-move-entry" data-kind={kind}>
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <div>
          <Title order={2} fz={22} fw={650} data-testid="page-title">
            {t('entry.title')}
          </Title>
          <Text c="dimmed" fz="sm" mt={2}>
            {t('entry.subtitle')}
          </Text>
        </div>
        <Text fz="xs" c="dimmed" visibleFrom="md">
          <Kbd size="xs">{t('entry.keys.enter')}</Kbd> {t('entry.keys.next')} · <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">{t('entry.keys.enter')}</Kbd> {t('entry.keys.post')}
        </Text>
      </Group>

      <Card withBorder radius="md" padding="md">
        <Stack gap="sm">
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as PostableMoveKind)}
            data={POSTABLE_MOVE_KINDS.map((k) => {
              const I = KIND_ICONS[k]
              return {
                value: k,
                label: (
                  <Group gap={6} wrap="nowrap" justify="center" data-testid={`move-kind-${k}`}>
                    <I size={16} />
                    <span>{t(`kinds.${k}`)}</span>
                  </Group>
                ),
              }
            })}
            fullWidth
            data-testid="move-kind"
          />
          <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm">
            <DatePickerInput
              label={t('entry.date')}
              value={date}
              onChange={(v) => v && setDate(String(v).slice(0, 10))}
              maxDate={todayIso()}
              valueFormat="DD/MM/YYYY"
              locale={currentLanguage()}
              data-testid="move-date"
              popoverProps={{ withinPortal: true }}
            />
            <TextInput label={t('entry.reference')} placeholder={t(`entry.referenceHint.${kind}`)} value={reference} onChange={(e) => setReference(e.currentTarget.value)} data-enter-nav data-testid="move-reference" />
            <TextInput label={t('entry.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-enter-nav data-testid="move-reason" />
            {kind === 'adjustment' && (
              <Select
                label={t('entry.direction')}
                allowDeselect={false}
                value={direction}
                onChange={(v) => v && setDirection(v as 'in' | 'out')}
                data={[
                  { value: 'in', label: t('entry.directionIn') },
                  { value: 'out', label: t('entry.directionOut') },
                ]}
                data-testid="move-direction"
                comboboxProps={{ withinPortal: true }}
              />
            )}
            {kind === 'issue' && (
              <Select
                label={t('entry.serialStatus')}
                allowDeselect={false}
                value={serialStatus}
                onChange={(v) => v && setSerialStatus(v as 'installed' | 'scrapped')}
                data={[
                  { value: 'installed', label: t('entry.serialStatusInstalled') },
                  { value: 'scrapped', label: t('entry.serialStatusScrapped') },
                ]}
                data-testid="move-serial-status"
                comboboxProps={{ withinPortal: true }}
              />
            )}
            {side.from && (
              <BinSelect
                label={t('entry.defaultFrom')}
                clearable
                value={defaultFrom}
                onChange={(v) => {
                  setDefaultFrom(v)
                  setLines((ls) => ls.map((l) => (l.fromBinId ? l : { ...l, fromBinId: v })))
                }}
                data-testid="move-default-from"
              />
            )}
            {side.to && (
              <BinSelect
                label={t('entry.defaultTo')}
                clearable
                value={defaultTo}
                onChange={(v) => {
                  setDefaultTo(v)
                  setLines((ls) => ls.map((l) => (l.toBinId ? l : { ...l, toBinId: v })))
                }}
                data-testid="move-default-to"
              />
            )}
          </SimpleGrid>
        </Stack>
      </Card>

      <Paper withBorder radius="md" p="md" bg="var(--mantine-color-blue-light)">
        <Group align="flex-end" gap="md" wrap="wrap">
          <TextInput
            ref={scanRef}
            style={{ flex: '1 1 360px' }}
            size="md"
            label={t('entry.scan.label')}
            placeholder={t('entry.scan.placeholder')}
            leftSection={<IconBarcode size={20} />}
            value={scan}
            onChange={(e) => setScan(e.currentTarget.value)}
            onKeyDown={onScanKey}
            autoComplete="off"
            spellCheck={false}
            data-testid="move-scan"
            data-pending={pending > 0 || undefined}
            styles={{ input: scan ? { direction: 'ltr', textAlign: 'start' } : undefined }}
          />
          <ItemSelect
            style={{ flex: '1 1 280px' }}
            size="md"
            label={t('entry.pickItem')}
            placeholder={t('entry.pickItemHint')}
            value={null}
            onChange={(_, item) => {
              if (item) {
                addLine(item)
                setFeedback({ status: 'ok', text: t('entry.scan.lineAdded', { code: item.code }) })
              }
            }}
            data-testid="move-pick-item"
            data-enter-ignore
          />
        </Group>
        <Text
          mt={6}
          fz="sm"
          mih={20}
          c={feedback?.status === 'error' ? 'red.7' : feedback?.status === 'warn' ? 'orange.8' : 'teal.8'}
          data-testid="scan-feedback"
          data-status={feedback?.status}
        >
          {feedback?.text ?? t('entry.scan.hint')}
        </Text>
      </Paper>

      {formError && (
        <Alert color="red" variant="light" icon={<IconX size={18} />} data-testid="move-error" withCloseButton onClose={() => setFormError(null)}>
          {formError}
        </Alert>
      )}

      {lines.length === 0 ? (
        <Paper withBorder radius="md" p="xl" style={{ borderStyle: 'dashed' }}>
          <Stack align="center" gap={4}>
            <Icon size={28} color="var(--mantine-color-dimmed)" />
            <Text c="dimmed" fz="sm" data-testid="move-no-lines">
              {t('entry.noLines')}
            </Text>
          </Stack>
        </Paper>
      ) : (
        <Stack gap="sm" data-testid="move-lines-editor">
          {lines.map((l, i) => (
            <LineEditor
              key={l.key}
              index={i}
              line={l}
              active={l.key === current}
              errors={errors[l.key] ?? {}}
              side={side}
              withCost={withCost}
              createsSerials={createsSerials}
              onFocus={() => setCurrent(l.key)}
              onChange={(patch) => updateLine(l.key, patch)}
              onRemove={() => removeLine(l.key)}
            />
          ))}
        </Stack>
      )}

      <Group justify="space-between" wrap="nowrap">
        <Text fz="sm" c="dimmed" data-testid="move-summary">
          {t('entry.summary', { count: lines.length })}
          {withCost && lines.length > 0 && (
            <>
              {' · '}
              {t('entry.totalValue')} <b className="mono-ltr">{formatMoney(totals.value)}</b>
            </>
          )}
        </Text>
        <Group gap="xs">
          <Button variant="default" onClick={reset} disabled={lines.length === 0} data-testid="move-clear">
            {t('entry.clear')}
          </Button>
          <Tooltip label={`Ctrl+${t('entry.keys.enter')}`}>
            <Button leftSection={<IconCheck size={16} />} onClick={() => void submit()} loading={post.isPending} data-testid="move-post">
              {t('entry.post', { kind: t(`kinds.${kind}`) })}
            </Button>
          </Tooltip>
        </Group>
      </Group>
    </Stack>
  )
}

function LineEditor(props: {
  index: number
  line: LineDraft
  active: boolean
  errors: LineErrors
  side: { from: boolean; to: boolean }
  withCost: boolean
  createsSerials: boolean
  onFocus: () => void
  onChange: (patch: Partial<LineDraft> | ((l: LineDraft) => Partial<LineDraft>)) => void
  onRemove: () => void
}) {
  const { t } = useTranslation(NS)
  const { line: l, errors, side } = props
  const serial = l.item.tracking === 'serial'
  const qty = serial ? l.serials.length * 1000 : (parseQty(l.qty) ?? 0)
  const cost = parseMoney(l.unitCost) ?? 0
  const setSerial = (key: string, patch: Partial<SerialDraft>) => props.onChange((x) => ({ serials: x.serials.map((s) => (s.key === key ? { ...s, ...patch } : s)) }))
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      onFocusCapture={props.onFocus}
      style={props.active ? { borderColor: 'var(--mantine-color-blue-5)', boxShadow: '0 0 0 1px var(--mantine-color-blue-5)' } : undefined}
      data-testid="move-line-editor"
      data-item={l.item.code}
      data-active={props.active || undefined}
    >
      <Group justify="space-between" wrap="nowrap" mb={6}>
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Badge variant="light" color="gray" radius="sm">
            {props.index + 1}
          </Badge>
          <Mono fw={700}>{l.item.code}</Mono>
          <Text fz="sm" truncate>
            {itemName(l.item)}
          </Text>
          {l.item.tracking !== 'none' && <TrackingBadge tracking={l.item.tracking} />}
        </Group>
        <Group gap="xs" wrap="nowrap">
          {props.withCost && qty > 0 && (
            <Text fz="sm" c="dimmed" className="mono-ltr">
              {formatMoney(Math.round((qty * cost) / 1000))}
            </Text>
          )}
          <Tooltip label={t('entry.removeLine')}>
            <ActionIcon variant="subtle" color="red" onClick={props.onRemove} aria-label={t('entry.removeLine')} data-testid="line-remove">
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 5 }} spacing="sm">
        <TextInput
          label={t('entry.qty', { uom: uomLabel(t, l.item.uom) })}
          inputMode="decimal"
          value={serial ? qtyText(t, qty) : l.qty}
          readOnly={serial}
          variant={serial ? 'filled' : 'default'}
          tabIndex={serial ? -1 : undefined}
          onChange={(e) => props.onChange({ qty: e.currentTarget.value })}
          error={errors.qty}
          data-enter-nav={serial ? undefined : true}
          data-testid="line-qty"
          styles={{ input: { textAlign: 'end', direction: 'ltr' } }}
        />
        {side.from && (
          <BinSelect label={t('entry.fromBin')} value={l.fromBinId} onChange={(v) => props.onChange({ fromBinId: v })} error={errors.fromBinId} data-enter-nav data-testid="line-from" />
        )}
        {side.to && <BinSelect label={t('entry.toBin')} value={l.toBinId} onChange={(v) => props.onChange({ toBinId: v })} error={errors.toBinId} data-enter-nav data-testid="line-to" />}
        {l.item.tracking === 'lot' && (
          <TextInput label={t('entry.lot')} value={l.lotNo} onChange={(e) => props.onChange({ lotNo: e.currentTarget.value })} error={errors.lotNo} data-enter-nav data-testid="line-lot" styles={{ input: { direction: 'ltr' } }} />
        )}
        {props.withCost && (
          <TextInput
            label={t('entry.unitCost')}
            inputMode="decimal"
            value={l.unitCost}
            onChange={(e) => props.onChange({ unitCost: e.currentTarget.value })}
            error={errors.unitCost}
            rightSection={<Text fz="xs" c="dimmed">{t('common.currency')}</Text>}
            rightSectionWidth={44}
            data-enter-nav
            data-testid="line-unitCost"
            styles={{ input: { textAlign: 'end', direction: 'ltr' } }}
          />
        )}
      </SimpleGrid>
      {serial && (
        <Box mt="sm">
          {errors.serials && (
            <Text fz="sm" c="red" mb={4} data-testid="line-serials-error">
              {errors.serials}
            </Text>
          )}
          {l.serials.length === 0 ? (
            <Text fz="sm" c="dimmed" data-testid="line-serials-empty">
              {props.createsSerials ? t('entry.serialsHintNew') : t('entry.serialsHint')}
            </Text>
          ) : (
            <Table withTableBorder verticalSpacing={2} fz="sm" data-testid="line-serials">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>#</Table.Th>
                  <Table.Th>{t('entry.serialNo')}</Table.Th>
                  <Table.Th>{t('serials.col.brand')}</Table.Th>
                  <Table.Th>{t('serials.col.caliber')}</Table.Th>
                  <Table.Th w={110}>{t('serials.col.year')}</Table.Th>
                  {!props.createsSerials && <Table.Th>{t('serials.col.location')}</Table.Th>}
                  <Table.Th w={40} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {l.serials.map((s, i) => (
                  <Table.Tr key={s.key} data-testid="line-serial" data-serial={s.serialNo}>
                    <Table.Td c="dimmed">{i + 1}</Table.Td>
                    <Table.Td>
                      <Mono fw={600}>{s.serialNo}</Mono>
                      {errors[`serial.${i}.serialNo`] && (
                        <Text fz="xs" c="red">
                          {errors[`serial.${i}.serialNo`]}
                        </Text>
                      )}
                    </Table.Td>
                    {props.createsSerials && !s.existing ? (
                      <>
                        <Table.Td>
                          <TextInput size="xs" aria-label={t('serials.col.brand')} value={s.brand} onChange={(e) => setSerial(s.key, { brand: e.currentTarget.value })} data-enter-nav data-testid="serial-brand" />
                        </Table.Td>
                        <Table.Td>
                          <TextInput size="xs" aria-label={t('serials.col.caliber')} value={s.caliber} onChange={(e) => setSerial(s.key, { caliber: e.currentTarget.value })} data-enter-nav data-testid="serial-caliber" />
                        </Table.Td>
                        <Table.Td>
                          <TextInput
                            size="xs"
                            aria-label={t('serials.col.year')}
                            inputMode="numeric"
                            value={s.year}
                            onChange={(e) => setSerial(s.key, { year: e.currentTarget.value })}
                            error={errors[`serial.${i}.year`]}
                            data-enter-nav
                            data-testid="serial-year"
                            styles={{ input: { direction: 'ltr' } }}
                          />
                        </Table.Td>
                      </>
                    ) : (
                      <>
                        <Table.Td>{s.brand || '—'}</Table.Td>
                        <Table.Td>{s.caliber || '—'}</Table.Td>
                        <Table.Td>{s.year || '—'}</Table.Td>
                      </>
                    )}
                    {!props.createsSerials && (
                      <Table.Td>
                        <Mono>{s.existing?.depotCode && s.existing.binCode ? `${s.existing.depotCode} / ${s.existing.binCode}` : '—'}</Mono>
                      </Table.Td>
                    )}
                    <Table.Td>
                      <ActionIcon
                        size="sm"
                        variant="subtle"
                        color="gray"
                        aria-label={t('entry.removeSerial')}
                        onClick={() => props.onChange((x) => ({ serials: x.serials.filter((y) => y.key !== s.key) }))}
                        data-testid="serial-remove"
                      >
                        <IconX size={14} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Box>
      )}
    </Paper>
  )
}
