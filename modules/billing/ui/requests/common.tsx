/** Shared pieces of the requests screens: badges for status and due date. */
import { Badge } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { DueState, RequestStatus } from '../../requests.contract'
import { NS, formatDay } from '../common'

const STATUS_COLOR: Partial<Record<RequestStatus, string>> = { submitted: 'blue', done: 'teal', rejected: 'gray', cancelled: 'gray' }
const DUE_COLOR: Record<DueState, string> = { overdue: 'red', soon: 'orange', ok: 'gray', none: 'gray' }

export function StatusBadge({ status }: { status: RequestStatus }) {
  const { t } = useTranslation(NS)
  return (
    <Badge size="sm" variant="light" color={STATUS_COLOR[status] ?? 'indigo'} data-testid="request-status">
      {t(`requests.statuses.${status}`)}
    </Badge>
  )
}

/** The due day, in red when overdue and orange when due today or the next working day. */
export function DueBadge({ due, state }: { due: string | null; state: DueState }) {
  const { t } = useTranslation(NS)
  if (due === null) return null
  return (
    <Badge
      size="sm"
      variant={state === 'overdue' || state === 'soon' ? 'filled' : 'outline'}
      color={DUE_COLOR[state]}
      title={t(`requests.due.${state}`)}
      data-testid={`due-${state}`}
      styles={{ label: { textTransform: 'none' } }}
    >
      {formatDay(due)}
    </Badge>
  )
}

/** A browser File → base64 (for documents.files.ingest). */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsDataURL(file)
  })
}
