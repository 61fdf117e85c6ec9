/** The document's metadata: edit form (type, correspondent, tags, date, custom fields, notes), suggestion chips, versions. */
import { useEffect, useState } from 'react'
import { Alert, Badge, Button, Group, NumberInput, Select, Stack, Switch, TagsInput, Text, TextInput, Textarea, Tooltip } from '@mantine/core'
import { IconSparkles, IconTrash } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { DocumentMeta, FieldValue, RecordLink } from '../contract'
import { formatMoney, isRpcFailure, useRpcMutation, useRpcQuery } from '../../../renderer/src/ui-kit'
import { NS, docErrorText } from './common'
import { formatDay, localName, useDocumentTypes } from './organise-common'
import { VersionsList } from './VersionsList'
import { RecordPicker } from './RecordPicker'
import { DayInput } from './DayInput'

interface Draft {
  typeId: string | null
  correspondent: string
  correspondentLink: RecordLink | null
  tags: string[]
  documentDate: string
  fields: Record<string, FieldValue>
  notes: string
}

const draftOf = (m: DocumentMeta): Draft => ({
  typeId: m.typeId,
  correspondent: m.correspondent ?? '',
  correspondentLink: m.correspondentLink,
  tags: m.tags,
  documentDate: m.documentDate ?? '',
  fields: m.fields,
  notes: m.notes,
})

/** Field errors from a VALIDATION reply: { 'fields.ice': 'plain words', documentDate: … }. */
function fieldErrors(t: (k: string) => string, error: unknown): Record<string, string> {
  if (!isRpcFailure(error) || error.code !== 'VALIDATION' || !Array.isArray(error.details)) return {}
  const out: Record<string, string> = {}
  for (const d of error.details as { path: (string | number)[]; code?: string }[]) out[d.path.join('.')] = t(`organise.fieldErrors.${d.code ?? 'INVALID'}`)
  return out
}

export function MetadataPanel({ id, versionId, onVersion }: { id: string; versionId: string; onVersion: (id: string) => void }) {
  const { t } = useTranslation(NS)
  const meta = useRpcQuery('documents.meta.get', { id })
  const suggestions = useRpcQuery('documents.suggest.get', { id })
  const tags = useRpcQuery('documents.tags.list', {})
  const { types } = useDocumentTypes()
  const [draft, setDraft] = useState<Draft | null>(null)
  useEffect(() => {
    if (meta.data) setDraft(draftOf(meta.data))
  }, [meta.data])
  const save = useRpcMutation('documents.items.update', { invalidate: ['documents.'] })
  const hold = useRpcMutation('documents.items.hold', { invalidate: ['documents.'] })
  const trash = useRpcMutation('documents.items.trash', { invalidate: ['documents.'] })
  if (!meta.data || !draft) return null
  const m = meta.data
  const type = types.find((x) => x.id === draft.typeId)
  const errors = fieldErrors(t, save.error)
  const s = suggestions.data
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch })
  const readOnly = !m.canManage

  const chip = (label: string, onClick: () => void, testId: string) => (
    <Tooltip label={t('organise.suggestion')} key={testId}>
      <Badge variant="light" color="grape" leftSection={<IconSparkles size={12} />} style={{ cursor: 'pointer', textTransform: 'none' }} onClick={onClick} data-testid={testId}>
        {label}
      </Badge>
    </Tooltip>
  )
  const chips = s && !readOnly
    ? [
        s.type && s.type.value !== draft.typeId && chip(t('organise.suggestType', { name: localName(types.find((x) => x.id === s.type!.value)?.name ?? { fr: s.type.value, ar: s.type.value, en: s.type.value }) }), () => set({ typeId: s.type!.value }), 'suggest-type'),
        s.correspondent && s.correspondent.value !== draft.correspondent && chip(s.correspondent.value, () => set({ correspondent: s.correspondent!.value, correspondentLink: null }), 'suggest-correspondent'),
        s.documentDate && s.documentDate.value !== draft.documentDate && chip(formatDay(s.documentDate.value), () => set({ documentDate: s.documentDate!.value }), 'suggest-date'),
        ...s.tags.filter((x) => !draft.tags.includes(x.value)).map((x) => chip(`#${x.value}`, () => set({ tags: [...draft.tags, x.value] }), `suggest-tag-${x.value}`)),
        ...Object.entries(s.fields)
          .filter(([k, v]) => type?.fields.some((f) => f.key === k) && draft.fields[k] !== v.value)
          .map(([k, v]) => chip(`${localName(type!.fields.find((f) => f.key === k)!.label)} : ${typeof v.value === 'number' ? formatMoney(v.value) : String(v.value)}`, () => set({ fields: { ...draft.fields, [k]: v.value } }), `suggest-field-${k}`)),
      ].filter(Boolean)
    : []

  const submit = () =>
    save.mutate(
      {
        id,
        typeId: draft.typeId,
        ...(draft.correspondentLink && draft.correspondentLink.label === draft.correspondent ? { correspondentLink: draft.correspondentLink } : { correspondent: draft.correspondent || null }),
        tags: draft.tags,
        documentDate: draft.documentDate || null,
        fields: Object.fromEntries(Object.entries(draft.fields).filter(([k]) => type?.fields.some((f) => f.key === k))),
        notes: draft.notes,
      },
      { onSuccess: (next) => setDraft(draftOf(next)) },
    )

  return (
    <Stack gap="sm" p="sm" data-testid="metadata-panel">
      {m.trashedAt && <Alert color="orange">{t('organise.inTrash')}</Alert>}
      {chips.length > 0 && (
        <Group gap={6} data-testid="suggestions">
          <Text fz="xs" c="dimmed">
            {t('organise.suggestions')}
          </Text>
          {chips}
        </Group>
      )}
      <Select
        label={t('organise.type')}
        data={types.filter((x) => x.active || x.id === draft.typeId).map((x) => ({ value: x.id, label: localName(x.name), disabled: !x.canManage && x.id !== draft.typeId }))}
        value={draft.typeId}
        onChange={(v) => set({ typeId: v })}
        clearable
        allowDeselect={false}
        disabled={readOnly}
        data-testid="meta-type"
        error={errors.typeId}
      />
      <RecordPicker
        label={t('organise.correspondent')}
        text={draft.correspondent}
        link={draft.correspondentLink && draft.correspondentLink.label === draft.correspondent ? draft.correspondentLink : null}
        onChange={(text, link) => set({ correspondent: text, correspondentLink: link })}
        freeText
        disabled={readOnly}
        error={errors.correspondent ?? errors.correspondentLink}
        testId="meta-correspondent"
      />
      <TagsInput
        label={t('organise.tags')}
        data={(tags.data ?? []).map((x) => x.tag)}
        value={draft.tags}
        onChange={(v) => set({ tags: v })}
        disabled={readOnly}
        maxTags={30}
        data-testid="meta-tags"
      />
      <DayInput label={t('organise.documentDate')} value={draft.documentDate} onChange={(day) => set({ documentDate: day })} disabled={readOnly} error={errors.documentDate} testId="meta-date" />
      {type?.fields.map((f) => {
        const v = draft.fields[f.key]
        const label = localName(f.label)
        const err = errors[`fields.${f.key}`]
        const setField = (value: FieldValue) => set({ fields: { ...draft.fields, [f.key]: value } })
        if (f.kind === 'number' || f.kind === 'money')
          return (
            <NumberInput
              key={f.key}
              label={f.kind === 'money' ? `${label} (MAD)` : label}
              withAsterisk={f.required}
              value={typeof v === 'number' ? (f.kind === 'money' ? v / 100 : v) : ''}
              decimalScale={f.kind === 'money' ? 2 : undefined}
              onChange={(n) => setField(n === '' ? null : f.kind === 'money' ? Math.round(Number(n) * 100) : Number(n))}
              disabled={readOnly}
              error={err}
              data-testid={`meta-field-${f.key}`}
            />
          )
        if (f.kind === 'record')
          return (
            <RecordPicker
              key={f.key}
              label={label}
              required={f.required}
              text={v && typeof v === 'object' ? v.label : ''}
              link={v && typeof v === 'object' ? v : null}
              onChange={(_text, link) => setField(link)}
              disabled={readOnly}
              error={err}
              testId={`meta-field-${f.key}`}
            />
          )
        if (f.kind === 'date')
          return <DayInput key={f.key} label={label} required={f.required} value={typeof v === 'string' ? v : ''} onChange={(day) => setField(day || null)} disabled={readOnly} error={err} testId={`meta-field-${f.key}`} />
        return (
          <TextInput
            key={f.key}
            label={label}
            withAsterisk={f.required}
            value={typeof v === 'string' ? v : ''}
            onChange={(e) => setField(e.currentTarget.value || null)}
            disabled={readOnly}
            error={err}
            dir="auto"
            data-testid={`meta-field-${f.key}`}
          />
        )
      })}
      <Textarea label={t('organise.notes')} value={draft.notes} onChange={(e) => set({ notes: e.currentTarget.value })} autosize minRows={2} disabled={readOnly} dir="auto" data-testid="meta-notes" />
      {save.isError && Object.keys(errors).length === 0 && <Alert color="red">{docErrorText(t, save.error)}</Alert>}
      {save.isSuccess && !save.isPending && (
        <Text fz="xs" c="teal" data-testid="meta-saved">
          {t('organise.saved')}
        </Text>
      )}
      {!readOnly && (
        <Group justify="space-between">
          <Switch label={t('organise.legalHold')} checked={m.legalHold} onChange={(e) => hold.mutate({ id, hold: e.currentTarget.checked })} data-testid="meta-hold" />
          <Button onClick={submit} loading={save.isPending} data-testid="meta-save">
            {t('organise.save')}
          </Button>
        </Group>
      )}
      {!readOnly && !m.trashedAt && (
        <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} disabled={m.legalHold} onClick={() => trash.mutate({ ids: [id] })} loading={trash.isPending} data-testid="meta-trash">
          {t('organise.toTrash')}
        </Button>
      )}
      {trash.isError && <Alert color="red">{docErrorText(t, trash.error)}</Alert>}
      <VersionsList meta={m} current={versionId} onVersion={onVersion} />
    </Stack>
  )
}
