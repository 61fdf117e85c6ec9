/** Shared pieces of the documents screens: badges, sizes, error messages, marked text, bytes ↔ base64. */
import { Badge, Text } from '@mantine/core'
import i18n from 'i18next'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { DocumentStatus, JobStatus } from '../contract'
import { errorMessage, formatNumber, isRpcFailure } from '../../../renderer/src/ui-kit'
import type { Segment } from './highlight'

export const NS = 'documents'

const STATUS_COLORS: Record<DocumentStatus | JobStatus, string> = {
  processing: 'blue',
  queued: 'gray',
  running: 'blue',
  ready: 'teal',
  done: 'teal',
  failed: 'red',
  cancelled: 'gray',
}

export function StatusBadge({ status }: { status: DocumentStatus | JobStatus }) {
  const { t } = useTranslation(NS)
  return (
    <Badge size="sm" variant="light" radius="sm" color={STATUS_COLORS[status]} data-testid="doc-status" data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  )
}

export const formatLabel = (t: TFunction, format: string): string => t(`documents:formats.${format}`, { defaultValue: format.toUpperCase() })

/** 1 234 octets, 12,5 Ko, 3,2 Mo — units translated. */
export function sizeText(t: TFunction, bytes: number): string {
  if (bytes < 1024) return t('documents:size.b', { n: formatNumber(bytes) })
  if (bytes < 1024 * 1024) return t('documents:size.kb', { n: formatNumber(Math.round(bytes / 102.4) / 10) })
  return t('documents:size.mb', { n: formatNumber(Math.round(bytes / (1024 * 104.8576)) / 10) })
}

/** An error code (+ details) in plain words: module codes from `documents:errors`, the rest from the shell. */
export function codeText(t: TFunction, code: string, details?: unknown): string {
  const d = (details ?? {}) as Record<string, unknown>
  if (code === 'PDF_PASSWORD' && d.wrongPassword) return t('documents:errors.PDF_PASSWORD_WRONG')
  if (code === 'FILE_TOO_LARGE') return t('documents:errors.FILE_TOO_LARGE', { mb: Math.round(Number(d.maxBytes ?? 0) / 1048576) })
  if (i18n.exists(`documents:errors.${code}`)) return t(`documents:errors.${code}`)
  if (i18n.exists(`errors.${code}`)) return i18n.t(`errors.${code}`)
  return i18n.t('errors.UNKNOWN', { code })
}

export function docErrorText(t: TFunction, e: unknown): string {
  return isRpcFailure(e) ? codeText(t, e.code, e.details) : errorMessage(e, t)
}

/** Text with its hits in <mark>. */
export function Marked({ segments, testId }: { segments: Segment[]; testId?: string }) {
  return (
    <>
      {segments.map((s, i) =>
        s.hit ? (
          <mark key={i} data-testid={testId} style={{ background: 'var(--mantine-color-yellow-3)', color: 'inherit', borderRadius: 2, padding: '0 1px' }}>
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  )
}

/** A confidence 0–100 as a small coloured figure (OCR pages), or "text layer". */
export function ConfidenceText({ source, confidence }: { source: 'text' | 'ocr' | null; confidence: number | null }) {
  const { t } = useTranslation(NS)
  if (source === 'text') return <Text span fz="xs" c="dimmed">{t('page.textLayer')}</Text>
  if (source !== 'ocr' || confidence === null) return <Text span fz="xs" c="dimmed">—</Text>
  const color = confidence >= 85 ? 'teal' : confidence >= 65 ? 'yellow.8' : 'red'
  return (
    <Text span fz="xs" c={color} fw={600} data-testid="page-confidence">
      {t('page.confidence', { n: formatNumber(Math.round(confidence)) })}
    </Text>
  )
}

/** File → base64 without blocking the window (FileReader works off the main thread). */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result)
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsDataURL(file)
  })
}

export function base64ToBytes(base64: string): Uint8Array {
  const bin = atob(base64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return bytes
}
