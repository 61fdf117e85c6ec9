/** Custom fields of a document type: key, kind (text, number, money, date, record), labels fr/ar/en, required. */
import { ActionIcon, Button, Card, Group, Select, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { FIELD_KINDS, type FieldDefinition } from '../contract'
import { NS } from './common'

export const FIELD_KEY = /^[a-z][a-z0-9_]{0,39}$/

/** Problems the form shows before saving (the backend checks the same and more). */
export function fieldProblems(fields: FieldDefinition[]): Record<string, string> {
  const out: Record<string, string> = {}
  const seen = new Set<string>()
  fields.forEach((f, i) => {
    if (!FIELD_KEY.test(f.key)) out[`${i}.key`] = 'KEY'
    else if (seen.has(f.key)) out[`${i}.key`] = 'DUPLICATE'
    seen.add(f.key)
    for (const l of ['fr', 'ar', 'en'] as const) if (!f.label[l].trim()) out[`${i}.label.${l}`] = 'LABEL'
  })
  return out
}

export function FieldsEditor({ fields, savedKeys, onChange, serverErrors }: { fields: FieldDefinition[]; savedKeys: Set<string>; onChange: (f: FieldDefinition[]) => void; serverErrors: Record<string, string> }) {
  const { t } = useTranslation(NS)
  const problems = fieldProblems(fields)
  const err = (path: string) => (problems[path] ? t(`fieldsEditor.problems.${problems[path]}`) : serverErrors[path])
  const patch = (i: number, p: Partial<FieldDefinition>) => onChange(fields.map((f, j) => (j === i ? { ...f, ...p } : f)))
  return (
    <Stack gap="xs" data-testid="fields-editor">
      <Group justify="space-between">
        <Text fw={600} fz="sm">
          {t('organise.fields')}
        </Text>
        <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} disabled={fields.length >= 30} onClick={() => onChange([...fields, { key: '', kind: 'text', label: { fr: '', ar: '', en: '' }, required: false }])} data-testid="field-add">
          {t('fieldsEditor.add')}
        </Button>
      </Group>
      {fields.length === 0 && (
        <Text fz="sm" c="dimmed">
          {t('fieldsEditor.none')}
        </Text>
      )}
      {fields.map((f, i) => (
        <Card key={i} withBorder padding="xs" radius="sm" data-testid="field-row">
          <Group align="flex-start" gap="xs" wrap="nowrap">
            <TextInput
              size="xs"
              w={150}
              label={t('fieldsEditor.key')}
              description={savedKeys.has(f.key) ? t('fieldsEditor.keyFixed') : t('fieldsEditor.keyHint')}
              value={f.key}
              dir="ltr"
              readOnly={savedKeys.has(f.key)}
              onChange={(e) => patch(i, { key: e.currentTarget.value.trim() })}
              error={err(`${i}.key`)}
              data-testid="field-key"
            />
            <Select
              size="xs"
              w={130}
              label={t('fieldsEditor.kind')}
              data={FIELD_KINDS.map((k) => ({ value: k, label: t(`organise.kinds.${k}`) }))}
              value={f.kind}
              allowDeselect={false}
              onChange={(v) => v && patch(i, { kind: v as FieldDefinition['kind'] })}
              data-testid="field-kind"
            />
            <Stack gap={4} style={{ flex: 1 }}>
              {(['fr', 'ar', 'en'] as const).map((l) => (
                <TextInput
                  key={l}
                  size="xs"
                  placeholder={t(`fieldsEditor.labelIn.${l}`)}
                  aria-label={t(`fieldsEditor.labelIn.${l}`)}
                  dir={l === 'ar' ? 'rtl' : 'ltr'}
                  value={f.label[l]}
                  onChange={(e) => patch(i, { label: { ...f.label, [l]: e.currentTarget.value } })}
                  error={err(`${i}.label.${l}`)}
                  data-testid={`field-label-${l}`}
                />
              ))}
            </Stack>
            <Stack gap={6} align="center" pt={22}>
              <Switch size="xs" label={t('fieldsEditor.required')} checked={f.required} onChange={(e) => patch(i, { required: e.currentTarget.checked })} data-testid="field-required" />
              <Tooltip label={t('fieldsEditor.remove')}>
                <ActionIcon variant="subtle" color="red" aria-label={t('fieldsEditor.remove')} onClick={() => onChange(fields.filter((_, j) => j !== i))} data-testid="field-remove">
                  <IconTrash size={14} />
                </ActionIcon>
              </Tooltip>
            </Stack>
          </Group>
        </Card>
      ))}
    </Stack>
  )
}
