import { Badge, Box, Code, Group, Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'

type Change = { path: string; kind: 'added' | 'removed' | 'changed' | 'same'; before?: unknown; after?: unknown }

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

function diff(before: unknown, after: unknown, path = ''): Change[] {
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
    return keys.flatMap((k) => diff(before[k], after[k], path ? `${path}.${k}` : k))
  }
  if (isObj(before) && after === undefined) return diff(before, {}, path)
  if (isObj(after) && before === undefined) return diff({}, after, path)
  const b = JSON.stringify(before)
  const a = JSON.stringify(after)
  if (before === undefined) return [{ path, kind: 'added', after }]
  if (after === undefined) return [{ path, kind: 'removed', before }]
  return [{ path, kind: a === b ? 'same' : 'changed', before, after }]
}

const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))

const COLOR = { added: 'teal', removed: 'red', changed: 'yellow', same: 'gray' } as const

/** Field-by-field comparison of two JSON values (audit before/after). */
export function JsonDiff({ before, after, labels }: { before: unknown; after: unknown; labels: { field: string; before: string; after: string; kinds: Record<Change['kind'], string> } }) {
  useTranslation()
  const rows = diff(before ?? undefined, after ?? undefined).filter((r) => r.path)
  if (!rows.length) return <Text c="dimmed">—</Text>
  return (
    <Table withTableBorder withColumnBorders fz="xs" data-testid="json-diff" style={{ tableLayout: 'fixed' }}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="28%">{labels.field}</Table.Th>
          <Table.Th>{labels.before}</Table.Th>
          <Table.Th>{labels.after}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.path} data-kind={r.kind} style={r.kind === 'same' ? { opacity: 0.6 } : undefined}>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <Badge size="xs" variant="light" color={COLOR[r.kind]} style={{ flexShrink: 0 }}>
                  {labels.kinds[r.kind]}
                </Badge>
                <Code style={{ direction: 'ltr', overflowWrap: 'anywhere' }}>{r.path}</Code>
              </Group>
            </Table.Td>
            <Table.Td bg={r.kind === 'removed' || r.kind === 'changed' ? 'var(--mantine-color-red-light)' : undefined}>
              <Box className="mono-ltr" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                {show(r.before)}
              </Box>
            </Table.Td>
            <Table.Td bg={r.kind === 'added' || r.kind === 'changed' ? 'var(--mantine-color-teal-light)' : undefined}>
              <Box className="mono-ltr" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                {show(r.after)}
              </Box>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
