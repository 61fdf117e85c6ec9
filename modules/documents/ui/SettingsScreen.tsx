/** Admin: the site's watched folder (checked by the backend, restarted at once) and the suggestion rules with a preview on a document. */
import { useEffect, useState } from 'react'
import { ActionIcon, Alert, Badge, Button, Card, Group, Modal, SegmentedControl, Select, Stack, Switch, Table, Text, TextInput, Title, Tooltip } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { RuleRow, WatchFolder } from '../contract'
import { FormActions, isRpcFailure, Page, useRpcMutation, useRpcQuery } from '../../../renderer/src/ui-kit'
import { NS, docErrorText } from './common'
import { localName, useDocumentTypes } from './organise-common'

const MATCHES = ['any', 'all', 'exact', 'regex'] as const
const TARGETS = ['type', 'tag', 'correspondent'] as const

const KNOWN_PROBLEMS = ['FOLDER_MISSING', 'FOLDER_NOT_WRITABLE', 'FOLDER_IN_BLOB_STORE', 'NESTED_QUANTIFIER', 'BACKREFERENCE', 'TOO_MANY_WILDCARDS', 'TOO_LONG']

/** The first validation problem's code under `path`, in plain words. */
function problemText(t: (k: string) => string, error: unknown, path: string): string | undefined {
  if (!isRpcFailure(error) || error.code !== 'VALIDATION' || !Array.isArray(error.details)) return undefined
  const hit = (error.details as { path?: (string | number)[]; code?: string; message?: string }[]).find((d) => d.path?.join('.') === path)
  if (!hit) return undefined
  // the watched folder's checks give a code; a refused regex gives its problem as the message (safe-regex.ts)
  const given = hit.code ?? hit.message ?? ''
  const code = KNOWN_PROBLEMS.includes(given) ? given : 'INVALID'
  return t(`settings.problems.${code}`)
}

function WatchFolderCard() {
  const { t } = useTranslation(NS)
  const status = useRpcQuery('documents.watch.get', {})
  const [path, setPath] = useState('')
  const [enabled, setEnabled] = useState(true)
  const save = useRpcMutation('documents.watch.set', { invalidate: ['documents.watch.'] })
  useEffect(() => {
    if (status.data) {
      setPath(status.data.path ?? '')
      setEnabled(status.data.enabled)
    }
  }, [status.data])
  const s: WatchFolder | undefined = status.data
  return (
    <Card withBorder radius="md" padding="md" data-testid="watch-card">
      <Title order={4} mb="xs">
        {t('settings.watchTitle')}
      </Title>
      <Text fz="sm" c="dimmed" mb="sm">
        {t('settings.watchHint')}
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          save.mutate({ enabled, path: path.trim() || null, langs: s?.langs ?? 'ara+fra+eng' })
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('settings.watchPath')}
            description={t('settings.watchPathHint', { inbox: s && !s.path ? s.resolvedPath : '' })}
            placeholder={s && !s.path ? s.resolvedPath : ''}
            value={path}
            dir="ltr"
            onChange={(e) => setPath(e.currentTarget.value)}
            error={problemText(t, save.error, 'path')}
            data-testid="watch-path"
          />
          <Switch label={t('settings.watchEnabled')} checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} data-testid="watch-enabled" />
          {s && (
            <Group gap="xs">
              <Badge color={s.running ? 'teal' : 'gray'} variant="light" data-testid="watch-running" data-running={s.running}>
                {s.running ? t('settings.watchRunning') : t('settings.watchStopped')}
              </Badge>
              <Text fz="xs" c="dimmed" dir="ltr" data-testid="watch-resolved">
                {s.resolvedPath}
              </Text>
            </Group>
          )}
          {save.isError && !problemText(t, save.error, 'path') && <Alert color="red">{docErrorText(t, save.error)}</Alert>}
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} data-testid="watch-save">
              {t('organise.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}

type RuleDraft = { id?: string; target: RuleRow['target']; value: string; match: RuleRow['match']; pattern: string }

function RulePreview({ draft }: { draft: RuleDraft }) {
  const { t } = useTranslation(NS)
  const [query, setQuery] = useState('')
  const [debounced] = useDebouncedValue(query.trim(), 250)
  const [documentId, setDocumentId] = useState<string | null>(null)
  const docs = useRpcQuery('documents.items.list', { search: debounced || undefined, pageSize: 10 }, { staleTime: 10_000 })
  const [pattern] = useDebouncedValue(draft.pattern.trim(), 300)
  const test = useRpcQuery('documents.rules.test', { documentId: documentId ?? '', match: draft.match, pattern }, { enabled: documentId !== null && pattern.length > 0, retry: false })
  return (
    <Stack gap={6}>
      <Select
        label={t('settings.testOn')}
        searchable
        clearable
        searchValue={query}
        onSearchChange={setQuery}
        filter={({ options }) => options}
        data={(docs.data?.rows ?? []).map((d) => ({ value: d.id, label: d.title }))}
        value={documentId}
        onChange={setDocumentId}
        data-testid="rule-test-document"
      />
      {test.data && (
        <Alert color={test.data.matched ? 'teal' : 'gray'} p="xs" data-testid="rule-test-result" data-matched={test.data.matched}>
          <Text fz="sm" fw={600}>
            {test.data.matched ? t('settings.testMatched') : t('settings.testNoMatch')}
          </Text>
          {test.data.evidence.map((e, i) => (
            <Text key={i} fz="xs" ff="monospace" dir="auto">
              {e}
            </Text>
          ))}
        </Alert>
      )}
      {test.isError && <Text c="red" fz="xs">{problemText(t, test.error, 'pattern') ?? docErrorText(t, test.error)}</Text>}
    </Stack>
  )
}

function RulesCard() {
  const { t } = useTranslation(NS)
  const rules = useRpcQuery('documents.rules.list', {})
  const { types, nameOf } = useDocumentTypes()
  const [draft, setDraft] = useState<RuleDraft | null>(null)
  const save = useRpcMutation('documents.rules.save', { invalidate: ['documents.rules.', 'documents.suggest.'], onSuccess: () => setDraft(null) })
  const remove = useRpcMutation('documents.rules.delete', { invalidate: ['documents.rules.', 'documents.suggest.'] })
  const valueText = (r: { target: string; value: string }) => (r.target === 'type' ? nameOf(r.value) : r.target === 'tag' ? `#${r.value}` : r.value)
  return (
    <Card withBorder radius="md" padding="md" data-testid="rules-card">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('settings.rulesTitle')}</Title>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setDraft({ target: 'tag', value: '', match: 'any', pattern: '' })} data-testid="rule-new">
          {t('settings.newRule')}
        </Button>
      </Group>
      <Text fz="sm" c="dimmed" mb="sm">
        {t('settings.rulesHint')}
      </Text>
      <Table striped data-testid="rules-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('settings.target')}</Table.Th>
            <Table.Th>{t('settings.value')}</Table.Th>
            <Table.Th>{t('settings.match')}</Table.Th>
            <Table.Th>{t('settings.pattern')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(rules.data ?? []).map((r) => (
            <Table.Tr key={r.id} data-testid="rule-row">
              <Table.Td>{t(`settings.targets.${r.target}`)}</Table.Td>
              <Table.Td>
                <bdi>{valueText(r)}</bdi>
              </Table.Td>
              <Table.Td>{t(`settings.matches.${r.match}`)}</Table.Td>
              <Table.Td ff="monospace" dir="auto">
                {r.pattern}
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  <Tooltip label={t('settings.edit')}>
                    <ActionIcon variant="subtle" color="gray" aria-label={t('settings.edit')} onClick={() => setDraft({ id: r.id, target: r.target, value: r.value, match: r.match, pattern: r.pattern })} data-testid="rule-edit">
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label={t('settings.delete')}>
                    <ActionIcon variant="subtle" color="red" aria-label={t('settings.delete')} loading={remove.isPending && remove.variables?.id === r.id} onClick={() => remove.mutate({ id: r.id })} data-testid="rule-delete">
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
          {rules.data?.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5}>
                <Text c="dimmed" fz="sm">
                  {t('settings.noRules')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Modal opened={draft !== null} onClose={() => setDraft(null)} title={t('settings.ruleEdit')} size="lg">
        {draft && (
          <form
            onSubmit={(e) => {
              e.preventDefault()
              save.mutate(draft)
            }}
          >
            <Stack gap="sm">
              <SegmentedControl data={TARGETS.map((x) => ({ value: x, label: t(`settings.targets.${x}`) }))} value={draft.target} onChange={(v) => setDraft({ ...draft, target: v as RuleDraft['target'], value: '' })} data-testid="rule-target" />
              {draft.target === 'type' ? (
                <Select label={t('settings.value')} required data={types.map((x) => ({ value: x.id, label: localName(x.name) }))} value={draft.value || null} onChange={(v) => setDraft({ ...draft, value: v ?? '' })} data-testid="rule-value" />
              ) : (
                <TextInput label={t('settings.value')} required dir="auto" value={draft.value} onChange={(e) => setDraft({ ...draft, value: e.currentTarget.value })} error={problemText(t, save.error, 'value')} data-testid="rule-value" />
              )}
              <SegmentedControl data={MATCHES.map((x) => ({ value: x, label: t(`settings.matches.${x}`) }))} value={draft.match} onChange={(v) => setDraft({ ...draft, match: v as RuleDraft['match'] })} data-testid="rule-match" />
              <TextInput
                label={t('settings.pattern')}
                description={t(`settings.matchHints.${draft.match}`)}
                required
                dir="auto"
                styles={draft.match === 'regex' ? { input: { fontFamily: 'var(--mantine-font-family-monospace)' } } : undefined}
                value={draft.pattern}
                onChange={(e) => {
                  save.reset() // an earlier refusal no longer applies to the edited pattern
                  setDraft({ ...draft, pattern: e.currentTarget.value })
                }}
                error={problemText(t, save.error, 'pattern')}
                data-testid="rule-pattern"
              />
              <RulePreview draft={draft} />
              {save.isError && !problemText(t, save.error, 'pattern') && !problemText(t, save.error, 'value') && <Alert color="red">{docErrorText(t, save.error)}</Alert>}
              <FormActions onCancel={() => setDraft(null)} saving={save.isPending} submitTestId="rule-save" />
            </Stack>
          </form>
        )}
      </Modal>
    </Card>
  )
}

export function SettingsScreen() {
  const { t } = useTranslation(NS)
  return (
    <Page title={t('settings.title')} subtitle={t('settings.subtitle')} testId="documents-settings">
      <Stack gap="md">
        <WatchFolderCard />
        <RulesCard />
      </Stack>
    </Page>
  )
}
