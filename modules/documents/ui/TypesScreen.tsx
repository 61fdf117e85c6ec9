/** Admin: document types — names (fr/ar/en), retention, roles that read / manage, in use; custom fields shown. */
import { useState } from 'react'
import { Badge, Button, Group, Modal, MultiSelect, NumberInput, Stack, Switch, Table, Text, TextInput } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { ROLES } from '../../core/contract'
import type { DocumentTypeRow, TypeSaveInput } from '../contract'
import { FormActions, Page, formatNumber, isRpcFailure, useRpcMutation } from '../../../renderer/src/ui-kit'
import { FieldsEditor, fieldProblems } from './FieldsEditor'
import { NS, docErrorText } from './common'
import { localName, useDocumentTypes } from './organise-common'

type Draft = Omit<TypeSaveInput, 'fields'> & { fields: DocumentTypeRow['fields'] }

/** Validation details of the fields (`fields.0.key` → `0.key`), in plain words. */
function serverFieldErrors(t: (k: string) => string, error: unknown): Record<string, string> {
  if (!isRpcFailure(error) || error.code !== 'VALIDATION' || !Array.isArray(error.details)) return {}
  const out: Record<string, string> = {}
  for (const d of error.details as { path?: (string | number)[] }[]) {
    const path = (d.path ?? []).join('.')
    if (path.startsWith('fields.')) out[path.slice('fields.'.length)] = t('organise.fieldErrors.INVALID')
    else if (path === 'fields') out['0.key'] = t('fieldsEditor.problems.DUPLICATE')
  }
  return out
}
const EMPTY: Draft = { name: { fr: '', ar: '', en: '' }, fields: [], retentionYears: null, readRoles: [], manageRoles: [], active: true }

export function TypesScreen() {
  const { t } = useTranslation(NS)
  const { types } = useDocumentTypes()
  const [draft, setDraft] = useState<Draft | null>(null)
  const [savedKeys, setSavedKeys] = useState<Set<string>>(new Set())
  const edit = (d: Draft) => {
    setSavedKeys(new Set(d.fields.map((f) => f.key)))
    save.reset()
    setDraft(d)
  }
  const save = useRpcMutation('documents.types.save', { invalidate: ['documents.'], onSuccess: () => setDraft(null) })
  const roleOptions = ROLES.filter((r) => r !== 'admin').map((r) => ({ value: r, label: t(`admin:roles.${r}`, { defaultValue: r }) }))
  const roles = (list: string[]) => (list.length ? list.map((r) => t(`admin:roles.${r}`, { defaultValue: r })).join(', ') : t('organise.everyone'))

  return (
    <Page
      title={t('organise.typesTitle')}
      subtitle={t('organise.typesSubtitle')}
      testId="types-screen"
      actions={
        <Button leftSection={<IconPlus size={16} />} onClick={() => edit(EMPTY)} data-testid="type-new">
          {t('organise.newType')}
        </Button>
      }
    >
      <Table striped highlightOnHover data-testid="types-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('organise.type')}</Table.Th>
            <Table.Th>{t('organise.fields')}</Table.Th>
            <Table.Th>{t('organise.retentionYears')}</Table.Th>
            <Table.Th>{t('organise.readRoles')}</Table.Th>
            <Table.Th>{t('organise.manageRoles')}</Table.Th>
            <Table.Th>{t('organise.documents')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {types.map((type) => (
            <Table.Tr key={type.id} style={{ cursor: 'pointer', opacity: type.active ? 1 : 0.5 }} onClick={() => edit({ id: type.id, name: type.name, fields: type.fields, retentionYears: type.retentionYears, readRoles: type.readRoles as Draft['readRoles'], manageRoles: type.manageRoles as Draft['manageRoles'], active: type.active })} data-testid="type-row">
              <Table.Td fw={600}>{localName(type.name)}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {type.fields.map((f) => (
                    <Badge key={f.key} variant="light" size="sm" style={{ textTransform: 'none' }}>
                      {localName(f.label)} · {t(`organise.kinds.${f.kind}`)}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{type.retentionYears === null ? t('organise.forever') : t('organise.years', { count: type.retentionYears, n: formatNumber(type.retentionYears) })}</Table.Td>
              <Table.Td>{roles(type.readRoles)}</Table.Td>
              <Table.Td>{roles(type.manageRoles)}</Table.Td>
              <Table.Td>{formatNumber(type.documentCount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={draft !== null} onClose={() => setDraft(null)} title={t('organise.typeEdit')} size="xl">
        {draft && (
          <form
            onSubmit={(e) => {
              e.preventDefault()
              if (Object.keys(fieldProblems(draft.fields)).length === 0) save.mutate(draft)
            }}
          >
            <Stack gap="sm">
              {(['fr', 'ar', 'en'] as const).map((l) => (
                <TextInput key={l} required label={t(`organise.nameIn.${l}`)} dir={l === 'ar' ? 'rtl' : 'ltr'} value={draft.name[l]} onChange={(e) => setDraft({ ...draft, name: { ...draft.name, [l]: e.currentTarget.value } })} data-testid={`type-name-${l}`} />
              ))}
              <NumberInput label={t('organise.retentionYears')} description={t('organise.retentionHint')} min={1} max={200} value={draft.retentionYears ?? ''} onChange={(v) => setDraft({ ...draft, retentionYears: v === '' ? null : Number(v) })} />
              <MultiSelect label={t('organise.readRoles')} description={t('organise.rolesHint')} data={roleOptions} value={draft.readRoles ?? []} onChange={(v) => setDraft({ ...draft, readRoles: v as Draft['readRoles'] })} />
              <MultiSelect label={t('organise.manageRoles')} description={t('organise.rolesHint')} data={roleOptions} value={draft.manageRoles ?? []} onChange={(v) => setDraft({ ...draft, manageRoles: v as Draft['manageRoles'] })} />
              <FieldsEditor fields={draft.fields} savedKeys={savedKeys} onChange={(fields) => setDraft({ ...draft, fields })} serverErrors={serverFieldErrors(t, save.error)} />
              <Switch label={t('organise.active')} checked={draft.active ?? true} onChange={(e) => setDraft({ ...draft, active: e.currentTarget.checked })} />
              {save.isError && <Text c="red" fz="sm">{docErrorText(t, save.error)}</Text>}
              <FormActions onCancel={() => setDraft(null)} saving={save.isPending} submitTestId="type-save" />
            </Stack>
          </form>
        )}
      </Modal>
    </Page>
  )
}
