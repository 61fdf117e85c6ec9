/** Stock counts: the list of count sessions (DataTable) and the "open a count" dialog. */
import { useMemo, useState } from 'react'
import { Alert, Badge, Button, Checkbox, Modal, MultiSelect, Stack, Text, TextInput } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table'
import i18n from 'i18next'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { STOCK_CATEGORIES, STOCK_PERMISSIONS } from '../contract'
import { COUNT_STATUSES, type CountRow, type CountStatus } from '../contract'
import { DataTable, FormActions, Page, formatDate, formatMoney, isRpcFailure, useRpcMutation, useSession } from '../../../renderer/src/ui-kit'
import { DepotSelect, Mono, NS, categoryLabel, stockErrorMessage, useBins } from './common'

const STATUS_COLORS: Record<CountStatus, string> = { open: 'blue', submitted: 'orange', posted: 'teal', cancelled: 'gray' }

export function CountStatusBadge({ status }: { status: CountStatus }) {
  const { t } = useTranslation(NS)
  return (
    <Badge size="sm" variant="light" radius="sm" color={STATUS_COLORS[status]} data-testid="count-status" data-status={status}>
      {t(`counts.status.${status}`)}
    </Badge>
  )
}

/** Count errors (APPROVAL_REQUIRED, COUNT_STATE, COUNT_OPEN) then the stock and shell ones. */
export function countErrorMessage(e: unknown, t: TFunction): string {
  if (isRpcFailure(e)) {
    const d = (e.details ?? {}) as Record<string, unknown>
    if (e.code === 'APPROVAL_REQUIRED') return t('stock:counts.errors.APPROVAL_REQUIRED', { value: formatMoney(Number(d.totalAbsValue ?? 0)), threshold: formatMoney(Number(d.threshold ?? 0)) })
    if (e.code === 'COUNT_STATE') return t('stock:counts.errors.COUNT_STATE', { status: t(`stock:counts.status.${String(d.status ?? 'open')}`) })
    if (e.code === 'CONFLICT' && d.reason === 'COUNT_OPEN') return t('stock:counts.errors.COUNT_OPEN', { number: String(d.number ?? '') })
    if (i18n.exists(`stock:counts.errors.${e.code}`)) return t(`stock:counts.errors.${e.code}`)
  }
  return stockErrorMessage(e, t)
}

const col = createColumnHelper<CountRow>()

function OpenCountModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const navigate = useNavigate()
  const { bins } = useBins()
  const [depotId, setDepotId] = useState<string | null>(null)
  const [binIds, setBinIds] = useState<string[]>([])
  const [categories, setCategories] = useState<string[]>([])
  const [blind, setBlind] = useState(true)
  const [note, setNote] = useState('')
  const [depotError, setDepotError] = useState<string | null>(null)
  const open = useRpcMutation('stock.counts.open', { invalidate: ['stock.counts'] })
  const depotBins = useMemo(() => bins.filter((b) => b.depotId === depotId && b.active).map((b) => ({ value: b.id, label: b.code })), [bins, depotId])
  const close = () => {
    setDepotId(null)
    setBinIds([])
    setCategories([])
    setBlind(true)
    setNote('')
    setDepotError(null)
    open.reset()
    onClose()
  }
  return (
    <Modal opened={opened} onClose={close} centered title={<Text fw={650}>{t('counts.open.title')}</Text>}>
      <form
        noValidate
        data-testid="count-open-form"
        onSubmit={async (e) => {
          e.preventDefault()
          if (!depotId) return setDepotError(t('counts.open.depotRequired'))
          try {
            const c = await open.mutateAsync({ depotId, binIds, categories, blind, ...(note.trim() ? { note: note.trim() } : {}) })
            close()
            navigate(`/stock/counts/${c.id}`)
          } catch {
            // shown below
          }
        }}
      >
        <Stack gap="sm">
          {open.error && <Alert color="red" data-testid="count-open-error">{countErrorMessage(open.error, t)}</Alert>}
          <DepotSelect
            label={t('counts.open.depot')}
            withAsterisk
            value={depotId}
            onChange={(v) => {
              setDepotId(v)
              setBinIds([])
              setDepotError(null)
            }}
            error={depotError}
            data-testid="count-open-depot"
          />
          <MultiSelect
            label={t('counts.open.bins')}
            description={t('counts.open.binsHint')}
            data={depotBins}
            value={binIds}
            onChange={setBinIds}
            disabled={!depotId}
            searchable
            clearable
            comboboxProps={{ withinPortal: true }}
            data-testid="count-open-bins"
          />
          <MultiSelect
            label={t('counts.open.categories')}
            description={t('counts.open.categoriesHint')}
            data={STOCK_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(t, c) }))}
            value={categories}
            onChange={setCategories}
            clearable
            comboboxProps={{ withinPortal: true }}
            data-testid="count-open-categories"
          />
          <Checkbox label={t('counts.open.blind')} description={t('counts.open.blindHint')} checked={blind} onChange={(e) => setBlind(e.currentTarget.checked)} data-testid="count-open-blind" />
          <TextInput label={t('counts.open.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={200} data-testid="count-open-note" />
        </Stack>
        <FormActions onCancel={close} saving={open.isPending} submitLabel={t('counts.open.submit')} submitTestId="count-open-submit" />
      </form>
    </Modal>
  )
}

export function CountsScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const navigate = useNavigate()
  const [opening, setOpening] = useState(false)
  const columns = useMemo(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (): ColumnDef<CountRow, any>[] => [
      col.accessor('number', { meta: { labelKey: 'stock:counts.col.number', filter: 'text', width: 200, mono: true }, cell: (c) => <Mono fw={600}>{c.getValue()}</Mono> }),
      col.accessor('status', {
        meta: { labelKey: 'stock:counts.col.status', filter: 'select', options: COUNT_STATUSES.map((s) => ({ value: s, labelKey: `stock:counts.status.${s}` })), width: 150 },
        cell: (c) => <CountStatusBadge status={c.getValue()} />,
      }),
      col.accessor('depotCode', { meta: { labelKey: 'stock:counts.col.depot', filter: 'text', width: 130, mono: true }, cell: (c) => <Mono>{c.getValue()}</Mono> }),
      col.accessor('binCodes', {
        meta: { labelKey: 'stock:counts.col.scope', width: 220, exportable: false },
        cell: (c) => {
          const r = c.row.original
          const parts = [r.binCodes.length ? r.binCodes.join(', ') : t('counts.allBins'), r.categories.length ? r.categories.map((x) => categoryLabel(t, x)).join(', ') : t('counts.allCategories')]
          return parts.join(' · ')
        },
      }),
      col.accessor('countedCount', { meta: { labelKey: 'stock:counts.col.progress', align: 'end', width: 120 }, cell: (c) => <span className="mono-ltr">{`${c.getValue()} / ${c.row.original.lineCount}`}</span> }),
      col.accessor('varianceValue', { meta: { labelKey: 'stock:counts.col.varianceValue', exportAs: 'money', align: 'end', width: 150 }, cell: (c) => (c.getValue() === null ? '—' : formatMoney(c.getValue())) }),
      col.accessor('openedAt', { meta: { labelKey: 'stock:counts.col.openedAt', filter: 'date', width: 160 }, cell: (c) => formatDate(c.getValue()) }),
      col.accessor('openedBy', { meta: { labelKey: 'stock:counts.col.openedBy', filter: 'text', width: 120 } }),
      col.accessor('moveNumber', { meta: { labelKey: 'stock:counts.col.move', width: 200, mono: true }, cell: (c) => <Mono>{c.getValue() ?? ''}</Mono> }),
      col.accessor('note', { meta: { labelKey: 'stock:counts.col.note', filter: 'text', width: 200 } }),
    ],
    [t],
  )
  return (
    <Page
      title={t('counts.title')}
      subtitle={t('counts.subtitle')}
      fill
      testId="stock-counts-screen"
      actions={
        can(STOCK_PERMISSIONS.post) && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setOpening(true)} data-testid="count-new">
            {t('counts.new')}
          </Button>
        )
      }
    >
      <DataTable
        tableId="stock.counts"
        method="stock.counts.list"
        columns={columns}
        getRowId={(r) => r.id}
        defaultSort={[{ id: 'openedAt', desc: true }]}
        defaultHidden={['note', 'openedBy']}
        selectable={false}
        exportName={t('counts.exportName')}
        onRowOpen={(r) => navigate(`/stock/counts/${r.id}`)}
      />
      <OpenCountModal opened={opening} onClose={() => setOpening(false)} />
    </Page>
  )
}
