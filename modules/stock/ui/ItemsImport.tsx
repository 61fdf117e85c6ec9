/**
 * Import items from CSV/XLSX: choose or drop a file → validate (per-row report: row, column, error,
 * action) → "Import N items" commits everything or nothing. A CSV template with the headers is offered.
 */
import { useRef, useState, type DragEvent } from 'react'
import { Alert, Badge, Box, Button, FileButton, Group, List, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconDownload, IconFileImport, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { ITEM_IMPORT_LIMITS, type ImportIssue, type ItemImportReport } from '../contract'
import { downloadText, errorMessage, formatNumber, invoke, isRpcFailure } from '../../../renderer/src/ui-kit'
import { Mono, NS, useDepots } from './common'

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsDataURL(file)
  })
}

/** A translated issue: `stock:import.issues.<CODE>` with the cell value and the issue's params. */
export function issueText(t: TFunction, i: ImportIssue): string {
  return t(`stock:import.issues.${i.code}`, { value: i.value ?? '', ...(i.params ?? {}) })
}

function importErrorText(t: TFunction, e: unknown): string {
  if (isRpcFailure(e)) {
    const key = `stock:import.errors.${e.code}`
    const d = (e.details ?? {}) as Record<string, unknown>
    if (['CORRUPT_FILE', 'UNSUPPORTED_FORMAT', 'IMPORT_TOO_LARGE', 'IMPORT_INVALID', 'PAYLOAD_TOO_LARGE'].includes(e.code)) {
      return t(key, { maxRows: formatNumber(ITEM_IMPORT_LIMITS.maxRows), rows: formatNumber(Number(d.rows ?? 0)) })
    }
  }
  return errorMessage(e, t)
}

function ActionBadge({ action, valid }: { action: 'create' | 'update'; valid: boolean }) {
  const { t } = useTranslation(NS)
  return (
    <Badge size="sm" radius="sm" variant={valid ? 'light' : 'outline'} color={valid ? (action === 'create' ? 'teal' : 'blue') : 'gray'} data-testid="import-action" data-action={action}>
      {t(`import.action.${action}`)}
    </Badge>
  )
}

export function ItemsImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const qc = useQueryClient()
  const { depots } = useDepots()
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null)
  const [report, setReport] = useState<ItemImportReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<'validate' | 'commit' | null>(null)
  const [dragging, setDragging] = useState(false)
  const resetRef = useRef<() => void>(null)

  const reset = () => {
    setFile(null)
    setReport(null)
    setError(null)
    resetRef.current?.()
  }
  const close = () => {
    reset()
    onClose()
  }

  const validate = async (f: File | null) => {
    if (!f) return
    setError(null)
    setReport(null)
    if (f.size > ITEM_IMPORT_LIMITS.maxBytes) {
      setError(t('import.errors.IMPORT_TOO_BIG'))
      return
    }
    setBusy('validate')
    try {
      const base64 = await readBase64(f)
      setFile({ name: f.name, base64 })
      setReport(await invoke('stock.items.import', { filename: f.name, base64, mode: 'validate' }))
    } catch (e) {
      setFile(null)
      setError(importErrorText(t, e))
    } finally {
      setBusy(null)
    }
  }

  const commit = async () => {
    if (!file) return
    setBusy('commit')
    setError(null)
    try {
      const done = await invoke('stock.items.import', { filename: file.name, base64: file.base64, mode: 'commit' })
      await qc.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && (q.queryKey[0] as string).startsWith('stock.') })
      notifications.show({ color: 'teal', message: t('import.done', { created: done.creates, updated: done.updates }) })
      close()
    } catch (e) {
      if (isRpcFailure(e) && e.code === 'IMPORT_INVALID' && e.details) setReport(e.details as ItemImportReport)
      setError(importErrorText(t, e))
    } finally {
      setBusy(null)
    }
  }

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault()
    setDragging(false)
    void validate(e.dataTransfer.files?.[0] ?? null)
  }

  const template = () => {
    const depot = depots.find((d) => d.kind === 'normal')?.code
    const headers = ['code', 'désignation', 'désignation arabe', 'catégorie', 'unité', 'suivi', 'codes-barres', 'coût standard', ...(depot ? [`min:${depot}`, `max:${depot}`] : [])]
    const example = ['CPT-EAU-DN15', 'Compteur eau DN15', 'عداد الماء DN15', 'meter_water', 'u', 'serial', '6111234567890|6111234567891', '450,00', ...(depot ? ['10', '50'] : [])]
    const text = `\ufeff${headers.join(';')}\r\n${example.join(';')}\r\n`
    downloadText(text, t('import.templateName'))
  }

  const blocking = report !== null && (report.invalidRows > 0 || report.fileIssues.length > 0)
  const lines = report
    ? [
        ...report.fileIssues.map((i) => ({ key: `f${i.column}${i.code}`, row: i.row, code: '', column: i.column, issue: i, action: null as null | 'create' | 'update', valid: false })),
        ...report.rows.flatMap((r) =>
          r.issues.length > 0
            ? r.issues.map((i, k) => ({ key: `${r.row}-${k}`, row: r.row, code: r.code, column: i.column, issue: i as ImportIssue | null, action: r.action, valid: false }))
            : [{ key: `${r.row}`, row: r.row, code: r.code, column: null, issue: null, action: r.action, valid: true }],
        ),
      ]
    : []

  return (
    <Modal opened={opened} onClose={close} title={t('import.title')} size={980} centered data-testid="items-import">
      <Stack gap="sm">
        <Box
          onDragOver={(e) => {
            e.preventDefault()
            setDragging(true)
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="import-dropzone"
          style={{
            border: `2px dashed ${dragging ? 'var(--mantine-color-blue-5)' : 'var(--mantine-color-default-border)'}`,
            borderRadius: 8,
            padding: 16,
            background: dragging ? 'var(--mantine-color-blue-light)' : undefined,
          }}
        >
          <Group justify="space-between" wrap="nowrap" gap="md">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconFileSpreadsheet size={34} stroke={1.4} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0 }} />
              <Box style={{ minWidth: 0 }}>
                <Text fw={600} fz="sm">
                  {file ? file.name : t('import.drop')}
                </Text>
                <Text fz="xs" c="dimmed">
                  {t('import.dropHint', { rows: formatNumber(ITEM_IMPORT_LIMITS.maxRows) })}
                </Text>
              </Box>
            </Group>
            <Group gap="xs" wrap="nowrap">
              <Button variant="subtle" size="xs" leftSection={<IconDownload size={14} />} onClick={template} data-testid="import-template">
                {t('import.template')}
              </Button>
              <FileButton onChange={(f) => void validate(f)} accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" resetRef={resetRef}>
                {(props) => (
                  <Button {...props} size="xs" variant="default" leftSection={<IconUpload size={14} />} loading={busy === 'validate'} data-testid="import-choose">
                    {t(file ? 'import.chooseOther' : 'import.choose')}
                  </Button>
                )}
              </FileButton>
            </Group>
          </Group>
        </Box>

        {!report && !error && (
          <List size="xs" c="dimmed" spacing={2} data-testid="import-help">
            <List.Item>{t('import.help.columns')}</List.Item>
            <List.Item>{t('import.help.upsert')}</List.Item>
            <List.Item>{t('import.help.values')}</List.Item>
            <List.Item>{t('import.help.levels')}</List.Item>
          </List>
        )}

        {error && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="import-error">
            {error}
          </Alert>
        )}

        {report && (
          <>
            <Group gap="xs" data-testid="import-summary" data-invalid={report.invalidRows} data-valid={report.validRows}>
              <Badge variant="default" radius="sm">{t('import.summary.rows', { n: formatNumber(report.totalRows) })}</Badge>
              <Badge variant="light" color="teal" radius="sm">{t('import.summary.creates', { n: formatNumber(report.creates) })}</Badge>
              <Badge variant="light" color="blue" radius="sm">{t('import.summary.updates', { n: formatNumber(report.updates) })}</Badge>
              <Badge variant={report.invalidRows > 0 ? 'filled' : 'light'} color={report.invalidRows > 0 ? 'red' : 'gray'} radius="sm" data-testid="import-invalid-count">
                {t('import.summary.invalid', { n: formatNumber(report.invalidRows) })}
              </Badge>
              <Text fz="xs" c="dimmed">
                {report.format === 'csv'
                  ? t('import.summary.csv', { sep: report.separator === '\t' ? 'TAB' : report.separator })
                  : t('import.summary.xlsx', { sheet: report.sheet ?? '' })}
              </Text>
            </Group>
            {report.columns.some((c) => c.field === null) && (
              <Text fz="xs" c="dimmed" data-testid="import-ignored">
                {t('import.ignoredColumns', { columns: report.columns.filter((c) => c.field === null).map((c) => c.header || '∅').join(', ') })}
              </Text>
            )}
            <ScrollArea.Autosize mah={340} type="auto">
              <Table striped highlightOnHover withTableBorder stickyHeader fz="sm" data-testid="import-report">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={70}>{t('import.col.row')}</Table.Th>
                    <Table.Th>{t('import.col.code')}</Table.Th>
                    <Table.Th w={150}>{t('import.col.column')}</Table.Th>
                    <Table.Th>{t('import.col.error')}</Table.Th>
                    <Table.Th w={130}>{t('import.col.action')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {lines.map((l) => (
                    <Table.Tr key={l.key} data-testid="import-line" data-row={l.row} data-valid={l.valid}>
                      <Table.Td className="mono-ltr">{l.row}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Mono>{l.code}</Mono>
                      </Table.Td>
                      <Table.Td>{l.column ?? ''}</Table.Td>
                      <Table.Td c={l.issue ? 'red.8' : 'dimmed'} data-testid="import-issue" data-code={l.issue?.code}>
                        {l.issue ? issueText(t, l.issue) : t('import.ok')}
                      </Table.Td>
                      <Table.Td>{l.action && <ActionBadge action={l.action} valid={l.valid} />}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
            {report.truncated && (
              <Text fz="xs" c="dimmed">
                {t('import.truncated', { n: formatNumber(report.rows.length) })}
              </Text>
            )}
            {blocking && (
              <Alert color="orange" variant="light" py={8} data-testid="import-blocked">
                {t('import.blocked')}
              </Alert>
            )}
          </>
        )}

        <Group justify="flex-end" gap="xs" mt="xs">
          <Button variant="default" onClick={close}>
            {t('import.cancel')}
          </Button>
          <Button
            leftSection={<IconFileImport size={16} />}
            disabled={!report || blocking || report.validRows === 0 || busy !== null}
            loading={busy === 'commit'}
            onClick={() => void commit()}
            data-testid="import-commit"
          >
            {t('import.commit', { count: report?.validRows ?? 0, n: formatNumber(report?.validRows ?? 0) })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
