/**
 * Stock move entry at the counter: pick the kind, scan items and serials (or pick items), check the lines,
 * post with Ctrl+Enter. State lives in useMoveDraft, scanning in useMoveScanner, posting in useMovePost.
 */
import { useEffect, useMemo, useRef } from 'react'
import { Alert, Button, Group, Kbd, Paper, Stack, Text, Title, Tooltip } from '@mantine/core'
import { IconCheck, IconX } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { formatMoney, parseMoney, parseQty } from '../../../../renderer/src/ui-kit'
import { NS, binLabel, useBins } from '../common'
import { LineEditor } from './LineEditor'
import { createsSerials, linesValue, moveSides, takesUnitCost } from './move-draft'
import { KIND_ICONS, MoveHeaderForm } from './MoveHeaderForm'
import { MovePosted } from './MovePosted'
import { ScanBar } from './ScanBar'
import { useEnterNavigation } from './useEnterNavigation'
import { useMoveDraft } from './useMoveDraft'
import { useMovePost } from './useMovePost'
import { useMoveScanner } from './useMoveScanner'

export function MoveEntryScreen() {
  const { t } = useTranslation(NS)
  const { byId: binsById } = useBins()
  const draft = useMoveDraft()
  const scanner = useMoveScanner(draft)
  const scanRef = useRef<HTMLInputElement>(null)
  const againRef = useRef<HTMLButtonElement>(null)
  const rootRef = useRef<HTMLDivElement>(null)

  const binCode = (id: string | null | undefined) => {
    const b = id ? binsById.get(id) : undefined
    return b ? binLabel(b) : ''
  }
  const { submit, reset, posted, formError, setFormError, posting } = useMovePost(draft, scanner, { scanRef, binCode })
  const onKeyDown = useEnterNavigation(rootRef, scanRef, () => void submit())

  const { kind, direction } = draft.header
  const { lines } = draft
  const side = moveSides(kind, direction)
  const withCost = takesUnitCost(kind, direction)

  useEffect(() => {
    if (!posted) scanRef.current?.focus()
    else againRef.current?.focus()
  }, [posted])

  const totalValue = useMemo(() => linesValue(lines, { qty: parseQty, money: parseMoney }), [lines])

  if (posted) return <MovePosted posted={posted} againRef={againRef} onAgain={reset} />

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

      <MoveHeaderForm draft={draft} />
      <ScanBar scanner={scanner} inputRef={scanRef} />

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
              active={l.key === draft.current}
              errors={draft.errors[l.key] ?? {}}
              side={side}
              withCost={withCost}
              createsSerials={createsSerials(side)}
              onFocus={() => draft.setCurrent(l.key)}
              onChange={(patch) => draft.updateLine(l.key, patch)}
              onRemove={() => draft.removeLine(l.key)}
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
              {t('entry.totalValue')} <b className="mono-ltr">{formatMoney(totalValue)}</b>
            </>
          )}
        </Text>
        <Group gap="xs">
          <Button variant="default" onClick={reset} disabled={lines.length === 0} data-testid="move-clear">
            {t('entry.clear')}
          </Button>
          <Tooltip label={`Ctrl+${t('entry.keys.enter')}`}>
            <Button leftSection={<IconCheck size={16} />} onClick={() => void submit()} loading={posting} data-testid="move-post">
              {t('entry.post', { kind: t(`kinds.${kind}`) })}
            </Button>
          </Tooltip>
        </Group>
      </Group>
    </Stack>
  )
}
