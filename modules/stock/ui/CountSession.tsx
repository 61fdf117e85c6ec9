/**
 * One count session: entry (scanner-friendly, keyboard only, partial saves), variance review with totals,
 * print-friendly count sheet, and the keeper / manager actions (submit, post, approve, reject, cancel).
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { Alert, Badge, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconBarcode, IconCheck, IconDeviceFloppy, IconPrinter, IconSend, IconX } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import { STOCK_PERMISSIONS, type ItemRow } from '../contract'
import type { CountDetail, CountLineInput, CountLineRow } from '../contract'
import { formatDate, formatMoney, formatQty, invoke, parseQty, useRpcMutation, useRpcQuery, useSession } from '../../../renderer/src/ui-kit'
import { Mono, NS, itemName, qtyText, useBins } from './common'
import { CountStatusBadge, countErrorMessage } from './CountsScreen'

/** An added line (a position found that was not expected), before it is saved. */
interface AddedDraft {
  key: string
  item: ItemRow
  binId: string
  serialId: string | null
  serialNo: string | null
  lotNo: string
}

type Feedback = { status: 'ok' | 'warn' | 'error'; text: string } | null
let seq = 0

const PRINT_CSS = `
.count-print-sheet { display: none; }
@media print {
  body * { visibility: hidden !important; }
  .count-print-sheet, .count-print-sheet * { visibility: visible !important; }
  .count-print-sheet { display: block !important; position: absolute; inset: 0; padding: 12mm; background: #fff; color: #000; font-size: 11pt; }
  .count-print-sheet table { width: 100%; border-collapse: collapse; }
  .count-print-sheet th, .count-print-sheet td { border: 1px solid #444; padding: 4px 6px; text-align: start; }
  .count-print-sheet td.blank { min-width: 30mm; }
  .count-print-sheet tr { page-break-inside: avoid; }
}`

const serialText = (l: { serialNo: string | null; lotNo: string | null }) => l.serialNo ?? l.lotNo ?? ''

export function CountSession() {
  const { id = '' } = useParams()
  const { t } = useTranslation(NS)
  const q = useRpcQuery('stock.counts.get', { id }, { enabled: !!id })
  if (q.error) return <Alert color="red" m="lg">{countErrorMessage(q.error, t)}</Alert>
  if (!q.data) return null
  return <CountSessionView count={q.data} />
}

function CountSessionView({ count }: { count: CountDetail }) {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const navigate = useNavigate()
  const { bins, byId: binsById } = useBins()
  const [tab, setTab] = useState<string>(count.status === 'open' ? 'entry' : 'review')
  const [drafts, setDrafts] = useState<Record<string, string>>({})
  const [added, setAdded] = useState<(AddedDraft & { qty: string })[]>([])
  const [scan, setScan] = useState('')
  const [feedback, setFeedback] = useState<Feedback>(null)
  const [binId, setBinId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [rejecting, setRejecting] = useState(false)
  const [cancelling, setCancelling] = useState(false)
  const scanRef = useRef<HTMLInputElement>(null)
  const qtyRefs = useRef(new Map<string, HTMLInputElement>())
  const opts = { invalidate: ['stock.'] }
  const save = useRpcMutation('stock.counts.saveLines', opts)
  const submit = useRpcMutation('stock.counts.submit', opts)
  const post = useRpcMutation('stock.counts.post', opts)
  const approve = useRpcMutation('stock.counts.approve', opts)
  const editable = count.status === 'open' && can(STOCK_PERMISSIONS.post)
  const showExpected = !count.blind || count.status !== 'open'

  const scopeBins = useMemo(
    () => bins.filter((b) => b.depotId === count.depotId && b.active && (count.binCodes.length === 0 || count.binCodes.includes(b.code))),
    [bins, count.depotId, count.binCodes],
  )
  useEffect(() => {
    if (!binId && scopeBins.length > 0) setBinId(scopeBins[0].id)
  }, [scopeBins, binId])
  useEffect(() => {
    if (tab === 'entry' && editable) scanRef.current?.focus()
  }, [tab, editable])

  const linesById = useMemo(() => new Map(count.lines.map((l) => [l.id, l])), [count.lines])
  const dirty = Object.keys(drafts).length > 0 || added.length > 0
  const displayQty = (l: CountLineRow) => (drafts[l.id] !== undefined ? drafts[l.id] : l.countedQty === null ? '' : formatQty(l.countedQty))

  const focusQty = (key: string) => {
    const el = qtyRefs.current.get(key)
    if (el) {
      el.focus()
      el.select()
    }
  }

  // ------------------------------------------------------------------------------------------- scanning
  const handleScan = async (text: string) => {
    let res
    try {
      res = await invoke('stock.items.lookup', { text })
    } catch (e) {
      return setFeedback({ status: 'error', text: countErrorMessage(e, t) })
    }
    if (!res) return setFeedback({ status: 'error', text: t('counts.scan.unknown', { text }) })
    if (res.serial) {
      const serial = res.serial
      const line = count.lines.find((l) => l.serialId === serial.id)
      if (line) {
        setDrafts((d) => ({ ...d, [line.id]: '1' }))
        return setFeedback({ status: 'ok', text: t('counts.scan.serialFound', { serial: serial.serialNo }) })
      }
      if (added.some((a) => a.serialId === serial.id)) return setFeedback({ status: 'warn', text: t('counts.scan.duplicate', { serial: serial.serialNo }) })
      const where = serial.binId && scopeBins.some((b) => b.id === serial.binId) ? serial.binId : binId
      if (!where) return setFeedback({ status: 'error', text: t('counts.scan.chooseBin') })
      setAdded((a) => [...a, { key: `a${++seq}`, item: res.item, binId: where, serialId: serial.id, serialNo: serial.serialNo, lotNo: '', qty: '1' }])
      return setFeedback({ status: 'warn', text: t('counts.scan.serialAdded', { serial: serial.serialNo }) })
    }
    const item = res.item
    if (item.tracking === 'serial') return setFeedback({ status: 'ok', text: t('counts.scan.scanSerials', { code: item.code }) })
    const lines = count.lines.filter((l) => l.itemId === item.id)
    const target = lines.find((l) => l.binId === binId) ?? lines[0]
    const addedLine = added.find((a) => a.item.id === item.id && a.binId === binId)
    if (target && (target.binId === binId || !addedLine)) {
      setFeedback({ status: 'ok', text: t('counts.scan.enterQty', { code: item.code, bin: target.binCode }) })
      return setTimeout(() => focusQty(target.id), 0)
    }
    if (addedLine) return setTimeout(() => focusQty(addedLine.key), 0)
    if (!binId) return setFeedback({ status: 'error', text: t('counts.scan.chooseBin') })
    const key = `a${++seq}`
    setAdded((a) => [...a, { key, item, binId, serialId: null, serialNo: null, lotNo: '', qty: '' }])
    setFeedback({ status: 'warn', text: t('counts.scan.lineAdded', { code: item.code }) })
    setTimeout(() => focusQty(key), 0)
  }

  const onScanKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return
    e.preventDefault()
    const text = scan.trim()
    setScan('')
    if (text) void handleScan(text)
  }

  const backToScan = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault()
      scanRef.current?.focus()
    }
  }

  // ------------------------------------------------------------------------------------------- saving
  const buildChanges = (): CountLineInput[] | null => {
    const out: CountLineInput[] = []
    for (const [lineId, text] of Object.entries(drafts)) {
      const line = linesById.get(lineId)!
      const qty = text.trim() === '' ? null : parseQty(text)
      if (text.trim() !== '' && (qty === null || qty < 0)) {
        setError(t('counts.qtyInvalid', { code: line.itemCode }))
        focusQty(lineId)
        return null
      }
      out.push({ lineId, countedQty: qty })
    }
    for (const a of added) {
      const qty = parseQty(a.qty)
      if (qty === null || qty < 0 || (a.item.tracking === 'lot' && !a.lotNo.trim())) {
        setError(t('counts.qtyInvalid', { code: a.item.code }))
        focusQty(a.key)
        return null
      }
      out.push({ itemId: a.item.id, binId: a.binId, countedQty: qty, ...(a.serialId ? { serialId: a.serialId } : {}), ...(a.lotNo.trim() ? { lotNo: a.lotNo.trim() } : {}) })
    }
    return out
  }

  const doSave = async (): Promise<boolean> => {
    setError(null)
    if (!dirty) return true
    const lines = buildChanges()
    if (!lines) return false
    try {
      await save.mutateAsync({ id: count.id, lines })
      setDrafts({})
      setAdded([])
      notifications.show({ color: 'teal', message: t('counts.saved', { n: lines.length }) })
      return true
    } catch (e) {
      setError(countErrorMessage(e, t))
      return false
    }
  }

  const run = async (fn: () => Promise<unknown>, message: string) => {
    setError(null)
    if (!(await doSave())) return
    try {
      await fn()
      notifications.show({ color: 'teal', message })
    } catch (e) {
      setError(countErrorMessage(e, t))
    }
  }

  const markMissing = () => {
    const next = { ...drafts }
    for (const l of count.lines) if (l.tracking === 'serial' && l.countedQty === null && next[l.id] === undefined) next[l.id] = '0'
    setDrafts(next)
  }

  const onRootKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's' && editable) {
      e.preventDefault()
      void doSave()
    }
  }

  const byBin = useMemo(() => {
    const groups = new Map<string, CountLineRow[]>()
    for (const l of count.lines) groups.set(l.binCode, [...(groups.get(l.binCode) ?? []), l])
    return [...groups.entries()]
  }, [count.lines])

  const busy = save.isPending || submit.isPending || post.isPending || approve.isPending
  const scope = [
    count.binCodes.length ? count.binCodes.join(', ') : t('counts.allBins'),
    count.categories.length ? count.categories.map((c) => t(`stock:categories.${c}`, { defaultValue: c })).join(', ') : t('counts.allCategories'),
  ].join(' · ')

  return (
    <Stack gap="md" p="lg" data-testid="count-session" data-status={count.status} data-number={count.number} onKeyDown={onRootKey}>
      <style>{PRINT_CSS}</style>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="md">
        <div>
          <Group gap="sm">
            <Title order={2} fz={22} fw={650} data-testid="page-title">
              {t('counts.session.title')} <span className="mono-ltr">{count.number}</span>
            </Title>
            <CountStatusBadge status={count.status} />
            {count.blind && <Badge variant="outline" size="sm" color="gray">{t('counts.blind')}</Badge>}
          </Group>
          <Text c="dimmed" fz="sm" mt={2}>
            {t('counts.session.subtitle', { depot: `${count.depotCode} — ${count.depotName}`, scope, date: formatDate(count.openedAt), user: count.openedBy ?? '—' })}
          </Text>
        </div>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={() => window.print()} data-testid="count-print">
            {t('counts.actions.print')}
          </Button>
          {editable && (
            <Button variant="default" leftSection={<IconDeviceFloppy size={16} />} onClick={() => void doSave()} disabled={!dirty} loading={save.isPending} data-testid="count-save">
              {t('counts.actions.save')}
            </Button>
          )}
          {(count.status === 'open' || count.status === 'submitted') && can(STOCK_PERMISSIONS.post) && (
            <Button variant="subtle" color="red" onClick={() => setCancelling(true)} data-testid="count-cancel">
              {t('counts.actions.cancel')}
            </Button>
          )}
        </Group>
      </Group>

      {count.rejectReason && count.status === 'open' && (
        <Alert color="orange" variant="light" title={t('counts.rejectedTitle', { user: count.rejectedBy ?? '' })} data-testid="count-reject-reason">
          {count.rejectReason}
        </Alert>
      )}
      {count.status === 'posted' && (
        <Alert color="teal" variant="light" icon={<IconCheck size={18} />} data-testid="count-posted">
          {count.moveNumber ? t('counts.postedWithMove', { move: count.moveNumber, date: formatDate(count.postedAt) }) : t('counts.postedNoMove', { date: formatDate(count.postedAt) })}
          {count.moveId && (
            <Button variant="subtle" size="compact-sm" ms="sm" onClick={() => navigate(`/stock/moves?move=${count.moveId}`)} data-testid="count-view-move">
              {t('counts.viewMove')}
            </Button>
          )}
        </Alert>
      )}
      {count.status === 'cancelled' && <Alert color="gray" data-testid="count-cancelled">{t('counts.cancelledInfo', { reason: count.cancelReason ?? '—' })}</Alert>}
      {error && (
        <Alert color="red" variant="light" icon={<IconX size={18} />} withCloseButton onClose={() => setError(null)} data-testid="count-error">
          {error}
        </Alert>
      )}

      <Tabs value={tab} onChange={(v) => setTab(v ?? 'entry')} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="entry" data-testid="count-tab-entry">{t('counts.tabs.entry')}</Tabs.Tab>
          <Tabs.Tab value="review" data-testid="count-tab-review">{t('counts.tabs.review')}</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="entry" pt="md">
          <Stack gap="sm" data-testid="count-entry">
            {editable && (
              <Card withBorder padding="sm" radius="md">
                <Group align="flex-end" gap="sm" wrap="wrap">
                  <TextInput
                    ref={scanRef}
                    style={{ flex: 1, minWidth: 260 }}
                    leftSection={<IconBarcode size={18} />}
                    label={t('counts.scan.label')}
                    placeholder={t('counts.scan.placeholder')}
                    value={scan}
                    onChange={(e) => setScan(e.currentTarget.value)}
                    onKeyDown={onScanKey}
                    autoComplete="off"
                    data-testid="count-scan"
                    styles={{ input: { direction: 'ltr', textAlign: 'start' } }}
                  />
                  <Select
                    label={t('counts.scan.bin')}
                    w={200}
                    data={scopeBins.map((b) => ({ value: b.id, label: b.code }))}
                    value={binId}
                    onChange={setBinId}
                    allowDeselect={false}
                    comboboxProps={{ withinPortal: true }}
                    data-testid="count-bin"
                  />
                  {count.lines.some((l) => l.tracking === 'serial') && (
                    <Button variant="light" color="orange" onClick={markMissing} data-testid="count-mark-missing">
                      {t('counts.actions.markMissing')}
                    </Button>
                  )}
                </Group>
                <Text fz="sm" mt={6} c={feedback?.status === 'error' ? 'red' : feedback?.status === 'warn' ? 'orange.8' : feedback ? 'teal.8' : 'dimmed'} data-testid="count-scan-feedback" data-status={feedback?.status ?? ''}>
                  {feedback?.text ?? t('counts.scan.hint')}
                </Text>
              </Card>
            )}
            <Text fz="sm" c="dimmed" data-testid="count-progress">
              {t('counts.progress', { counted: count.totals.counted, lines: count.totals.lines })}
              {dirty && ` · ${t('counts.unsaved')}`}
            </Text>
            <Table withTableBorder striped highlightOnHover verticalSpacing={4} data-testid="count-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={90}>{t('counts.col.bin')}</Table.Th>
                  <Table.Th w={170}>{t('counts.col.item')}</Table.Th>
                  <Table.Th>{t('counts.col.name')}</Table.Th>
                  <Table.Th w={160}>{t('counts.col.lotSerial')}</Table.Th>
                  {showExpected && <Table.Th w={120} ta="end">{t('counts.col.expected')}</Table.Th>}
                  <Table.Th w={170} ta="end">{t('counts.col.counted')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {byBin.flatMap(([, lines]) =>
                  lines.map((l) => (
                    <Table.Tr key={l.id} data-testid="count-line" data-item={l.itemCode} data-serial={l.serialNo ?? ''} data-bin={l.binCode} data-counted={l.countedQty ?? ''}>
                      <Table.Td><Mono>{l.binCode}</Mono></Table.Td>
                      <Table.Td><Mono fw={600}>{l.itemCode}</Mono>{l.added && <Badge size="xs" ms={6} color="orange" variant="light">{t('counts.addedBadge')}</Badge>}</Table.Td>
                      <Table.Td>{itemName(l)}</Table.Td>
                      <Table.Td><Mono>{serialText(l)}</Mono></Table.Td>
                      {showExpected && <Table.Td ta="end" className="mono-ltr">{qtyText(t, l.expectedQty + l.movedQty, l.uom)}</Table.Td>}
                      <Table.Td>
                        {l.tracking === 'serial' ? (
                          <SerialToggle
                            value={drafts[l.id] ?? (l.countedQty === null ? '' : String(l.countedQty / 1000))}
                            disabled={!editable}
                            onChange={(v) => setDrafts((d) => ({ ...d, [l.id]: v }))}
                          />
                        ) : (
                          <TextInput
                            size="xs"
                            ref={(el) => {
                              if (el) qtyRefs.current.set(l.id, el)
                              else qtyRefs.current.delete(l.id)
                            }}
                            value={displayQty(l)}
                            disabled={!editable}
                            placeholder={t('counts.notCountedShort')}
                            onChange={(e) => {
                              const v = e.currentTarget.value
                              setDrafts((d) => ({ ...d, [l.id]: v }))
                            }}
                            onKeyDown={backToScan}
                            rightSection={<Text fz="xs" c="dimmed">{t(`stock:uom.${l.uom}`)}</Text>}
                            data-testid="count-qty"
                            aria-label={t('counts.col.counted')}
                            styles={{ input: { textAlign: 'end', direction: 'ltr' } }}
                          />
                        )}
                      </Table.Td>
                    </Table.Tr>
                  )),
                )}
                {added.map((a) => (
                  <Table.Tr key={a.key} data-testid="count-added-line" data-item={a.item.code}>
                    <Table.Td><Mono>{binsById.get(a.binId)?.code ?? ''}</Mono></Table.Td>
                    <Table.Td><Mono fw={600}>{a.item.code}</Mono><Badge size="xs" ms={6} color="orange" variant="light">{t('counts.addedBadge')}</Badge></Table.Td>
                    <Table.Td>{itemName(a.item)}</Table.Td>
                    <Table.Td>
                      {a.item.tracking === 'lot' ? (
                        <TextInput size="xs" value={a.lotNo} placeholder={t('counts.lotPlaceholder')} onChange={(e) => {
                          const v = e.currentTarget.value
                          setAdded((xs) => xs.map((x) => (x.key === a.key ? { ...x, lotNo: v } : x)))
                        }} data-testid="count-added-lot" styles={{ input: { direction: 'ltr' } }} />
                      ) : (
                        <Mono>{a.serialNo ?? ''}</Mono>
                      )}
                    </Table.Td>
                    {showExpected && <Table.Td ta="end" className="mono-ltr">{qtyText(t, 0, a.item.uom)}</Table.Td>}
                    <Table.Td>
                      <TextInput
                        size="xs"
                        ref={(el) => {
                          if (el) qtyRefs.current.set(a.key, el)
                          else qtyRefs.current.delete(a.key)
                        }}
                        value={a.qty}
                        disabled={a.item.tracking === 'serial'}
                        onChange={(e) => {
                          const v = e.currentTarget.value
                          setAdded((xs) => xs.map((x) => (x.key === a.key ? { ...x, qty: v } : x)))
                        }}
                        onKeyDown={backToScan}
                        rightSection={<Text fz="xs" c="dimmed">{t(`stock:uom.${a.item.uom}`)}</Text>}
                        data-testid="count-qty"
                        aria-label={t('counts.col.counted')}
                        styles={{ input: { textAlign: 'end', direction: 'ltr' } }}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        </Tabs.Panel>

        <Tabs.Panel value="review" pt="md">
          <Review count={count} />
        </Tabs.Panel>
      </Tabs>

      {(count.status === 'open' || count.status === 'submitted') && (
        <Card withBorder radius="md" padding="sm" data-testid="count-actions">
          <Group justify="space-between" wrap="wrap">
            <Text fz="sm" c={count.totals.needsApproval ? 'orange.8' : 'dimmed'} data-testid="count-approval-info" data-needs-approval={count.totals.needsApproval}>
              {count.totals.needsApproval
                ? t('counts.needsApproval', { value: formatMoney(count.totals.absValue), threshold: formatMoney(count.totals.threshold) })
                : t('counts.withinThreshold', { value: formatMoney(count.totals.absValue), threshold: formatMoney(count.totals.threshold) })}
              {count.status === 'submitted' && ` ${t('counts.submittedInfo')}`}
            </Text>
            <Group gap="xs">
              {count.status === 'open' && can(STOCK_PERMISSIONS.post) && (
                <Button variant={count.totals.needsApproval ? 'filled' : 'default'} leftSection={<IconSend size={16} />} loading={submit.isPending} disabled={busy}
                  onClick={() => void run(() => submit.mutateAsync({ id: count.id }), t('counts.submitted'))} data-testid="count-submit">
                  {t('counts.actions.submit')}
                </Button>
              )}
              {can(STOCK_PERMISSIONS.post) && !count.totals.needsApproval && (
                <Button leftSection={<IconCheck size={16} />} loading={post.isPending} disabled={busy}
                  onClick={() => void run(() => post.mutateAsync({ id: count.id }), t('counts.postedToast'))} data-testid="count-post">
                  {t('counts.actions.post')}
                </Button>
              )}
              {count.status === 'submitted' && can(STOCK_PERMISSIONS.approve) && (
                <>
                  <Button variant="default" color="red" onClick={() => setRejecting(true)} data-testid="count-reject">
                    {t('counts.actions.reject')}
                  </Button>
                  <Button color="teal" leftSection={<IconCheck size={16} />} loading={approve.isPending} disabled={busy}
                    onClick={() => void run(() => approve.mutateAsync({ id: count.id }), t('counts.postedToast'))} data-testid="count-approve">
                    {t('counts.actions.approve')}
                  </Button>
                </>
              )}
            </Group>
          </Group>
        </Card>
      )}

      <PrintSheet count={count} showExpected={!count.blind} />
      <ReasonModal
        opened={rejecting}
        title={t('counts.reject.title')}
        label={t('counts.reject.reason')}
        required
        method="stock.counts.reject"
        countId={count.id}
        testId="count-reject-form"
        onClose={() => setRejecting(false)}
      />
      <ReasonModal
        opened={cancelling}
        title={t('counts.cancel.title')}
        label={t('counts.cancel.reason')}
        method="stock.counts.cancel"
        countId={count.id}
        testId="count-cancel-form"
        onClose={() => setCancelling(false)}
      />
    </Stack>
  )
}

function SerialToggle({ value, disabled, onChange }: { value: string; disabled: boolean; onChange: (v: string) => void }) {
  const { t } = useTranslation(NS)
  const state = value === '1' ? 'found' : value === '0' ? 'missing' : 'none'
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap" data-testid="count-serial" data-state={state}>
      <Button size="compact-xs" variant={state === 'found' ? 'filled' : 'default'} color="teal" disabled={disabled} onClick={() => onChange('1')} data-testid="count-serial-found">
        {t('counts.serial.found')}
      </Button>
      <Button size="compact-xs" variant={state === 'missing' ? 'filled' : 'default'} color="red" disabled={disabled} onClick={() => onChange('0')} data-testid="count-serial-missing">
        {t('counts.serial.missing')}
      </Button>
    </Group>
  )
}

function Review({ count }: { count: CountDetail }) {
  const { t } = useTranslation(NS)
  const counted = count.lines.filter((l) => l.countedQty !== null)
  const notCounted = count.lines.filter((l) => l.countedQty === null)
  const tot = count.totals
  const stat = (label: string, value: ReactNode, testId: string, color?: string) => (
    <Card withBorder padding="sm" radius="md" data-testid={testId}>
      <Text fz="xs" c="dimmed" fw={600}>{label}</Text>
      <Text fz="lg" fw={700} c={color} className="mono-ltr" data-testid={`${testId}-value`}>{value}</Text>
    </Card>
  )
  return (
    <Stack gap="md" data-testid="count-review">
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        {stat(t('counts.review.counted'), `${tot.counted} / ${tot.lines}`, 'count-total-counted')}
        {stat(t('counts.review.gain'), formatMoney(tot.gainValue), 'count-total-gain', 'teal.8')}
        {stat(t('counts.review.loss'), formatMoney(tot.lossValue), 'count-total-loss', 'red.8')}
        {stat(t('counts.review.net'), formatMoney(tot.netValue), 'count-total-net')}
        {stat(t('counts.review.abs'), formatMoney(tot.absValue), 'count-total-abs', tot.needsApproval ? 'orange.8' : undefined)}
      </SimpleGrid>
      <Text fz="sm" c="dimmed">{t('counts.review.rule')}</Text>
      <Table withTableBorder striped verticalSpacing={4} data-testid="count-variances">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('counts.col.bin')}</Table.Th>
            <Table.Th>{t('counts.col.item')}</Table.Th>
            <Table.Th>{t('counts.col.lotSerial')}</Table.Th>
            <Table.Th ta="end">{t('counts.col.expectedOpen')}</Table.Th>
            <Table.Th ta="end">{t('counts.col.moved')}</Table.Th>
            <Table.Th ta="end">{t('counts.col.counted')}</Table.Th>
            <Table.Th ta="end">{t('counts.col.variance')}</Table.Th>
            <Table.Th ta="end">{t('counts.col.avgCost')}</Table.Th>
            <Table.Th ta="end">{t('counts.col.value')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {counted.map((l) => (
            <Table.Tr key={l.id} data-testid="count-variance-row" data-item={l.itemCode} data-serial={l.serialNo ?? ''} data-variance={l.varianceQty ?? ''} fw={l.varianceQty ? 600 : undefined}>
              <Table.Td><Mono>{l.binCode}</Mono></Table.Td>
              <Table.Td><Mono>{l.itemCode}</Mono> <Text span fz="xs" c="dimmed">{itemName(l)}</Text></Table.Td>
              <Table.Td><Mono>{serialText(l)}</Mono></Table.Td>
              <Table.Td ta="end" className="mono-ltr">{qtyText(t, l.expectedQty, l.uom)}</Table.Td>
              <Table.Td ta="end" className="mono-ltr">{l.movedQty ? qtyText(t, l.movedQty, l.uom) : '—'}</Table.Td>
              <Table.Td ta="end" className="mono-ltr">{qtyText(t, l.countedQty ?? 0, l.uom)}</Table.Td>
              <Table.Td ta="end" className="mono-ltr" c={l.varianceQty! > 0 ? 'teal.8' : l.varianceQty! < 0 ? 'red.8' : undefined} data-testid="count-variance-qty">
                {l.varianceQty! > 0 ? '+' : ''}{qtyText(t, l.varianceQty ?? 0, l.uom)}
              </Table.Td>
              <Table.Td ta="end" className="mono-ltr">{formatMoney(l.avgCost)}</Table.Td>
              <Table.Td ta="end" className="mono-ltr" c={l.varianceValue! < 0 ? 'red.8' : undefined} data-testid="count-variance-value">{formatMoney(l.varianceValue)}</Table.Td>
            </Table.Tr>
          ))}
          {counted.length === 0 && (
            <Table.Tr><Table.Td colSpan={9}><Text c="dimmed" fz="sm">{t('counts.review.noneCounted')}</Text></Table.Td></Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      {notCounted.length > 0 && (
        <Card withBorder radius="md" padding="sm" data-testid="count-not-counted">
          <Text fw={600} fz="sm">{t('counts.review.notCountedTitle', { n: notCounted.length })}</Text>
          <Text fz="sm" c="dimmed" mb={6}>{t('counts.review.notCountedHint')}</Text>
          <Group gap={6}>
            {notCounted.map((l) => (
              <Badge key={l.id} variant="outline" color="gray" radius="sm" data-testid="count-not-counted-line" style={{ textTransform: 'none' }}>
                <span className="mono-ltr">{`${l.binCode} · ${l.itemCode}${l.serialNo || l.lotNo ? ` · ${serialText(l)}` : ''}`}</span>
              </Badge>
            ))}
          </Group>
        </Card>
      )}
    </Stack>
  )
}

function PrintSheet({ count, showExpected }: { count: CountDetail; showExpected: boolean }) {
  const { t } = useTranslation(NS)
  return (
    <div className="count-print-sheet" data-testid="count-print-sheet" aria-hidden>
      <h2>{t('counts.print.title', { number: count.number })}</h2>
      <p>{t('counts.print.header', { depot: `${count.depotCode} — ${count.depotName}`, date: formatDate(count.openedAt) })}</p>
      <table>
        <thead>
          <tr>
            <th>{t('counts.col.bin')}</th>
            <th>{t('counts.col.item')}</th>
            <th>{t('counts.col.name')}</th>
            <th>{t('counts.col.lotSerial')}</th>
            {showExpected && <th>{t('counts.col.expected')}</th>}
            <th>{t('counts.col.counted')}</th>
          </tr>
        </thead>
        <tbody>
          {count.lines.map((l) => (
            <tr key={l.id}>
              <td>{l.binCode}</td>
              <td>{l.itemCode}</td>
              <td>{itemName(l)}</td>
              <td>{serialText(l)}</td>
              {showExpected && <td>{qtyText(t, l.expectedQty, l.uom)}</td>}
              <td className="blank">{l.tracking === 'serial' ? '☐' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t('counts.print.signature')}</p>
    </div>
  )
}

function ReasonModal(props: {
  opened: boolean
  title: string
  label: string
  required?: boolean
  method: 'stock.counts.reject' | 'stock.counts.cancel'
  countId: string
  testId: string
  onClose: () => void
}) {
  const { t } = useTranslation(NS)
  const [reason, setReason] = useState('')
  const [fieldError, setFieldError] = useState<string | null>(null)
  const m = useRpcMutation(props.method, { invalidate: ['stock.'] })
  const close = () => {
    setReason('')
    setFieldError(null)
    m.reset()
    props.onClose()
  }
  return (
    <Modal opened={props.opened} onClose={close} centered title={<Text fw={650}>{props.title}</Text>}>
      <form
        noValidate
        data-testid={props.testId}
        onSubmit={async (e) => {
          e.preventDefault()
          if (props.required && !reason.trim()) return setFieldError(t('counts.reasonRequired'))
          try {
            await m.mutateAsync({ id: props.countId, ...(reason.trim() ? { reason: reason.trim() } : {}) } as { id: string; reason: string })
            close()
          } catch {
            // shown below
          }
        }}
      >
        <Stack gap="sm">
          {m.error && <Alert color="red">{countErrorMessage(m.error, t)}</Alert>}
          <Textarea label={props.label} withAsterisk={props.required} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fieldError} autosize minRows={2} maxLength={200} data-testid="count-reason" />
        </Stack>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={close}>{t('counts.actions.back')}</Button>
          <Button type="submit" color="red" loading={m.isPending} data-testid="count-reason-confirm">{t('counts.actions.confirm')}</Button>
        </Group>
      </form>
    </Modal>
  )
}
