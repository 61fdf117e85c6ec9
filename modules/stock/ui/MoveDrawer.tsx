import { useEffect, useState } from 'react'
import { Alert, Button, Divider, Drawer, Group, Loader, Modal, ScrollArea, SimpleGrid, Stack, Table, Text, TextInput, useDirection } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconArrowBackUp } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { STOCK_PERMISSIONS, type MoveDetail } from '../contract'
import { FormActions, formatDate, formatMoney, useRpcMutation, useRpcQuery, useSession } from '../../../renderer/src/ui-kit'
import { Field, KindBadge, Mono, NS, qtyText, stockErrorMessage, useBins } from './common'

/** A move with its lines, in a side drawer; the Reverse action posts a reversing move after confirmation. */
export function MoveDrawer({ moveId, onClose }: { moveId: string | null; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const { dir } = useDirection()
  const { can } = useSession()
  const q = useRpcQuery('stock.moves.get', { id: moveId ?? '' }, { enabled: !!moveId })
  const [reversing, setReversing] = useState(false)
  const m = q.data
  const canReverse = !!m && can(STOCK_PERMISSIONS.post) && !m.reversedBy && !m.reversalOf && m.kind !== 'reversal'
  return (
    <Drawer
      opened={!!moveId}
      onClose={onClose}
      position={dir === 'rtl' ? 'left' : 'right'}
      size={920}
      title={
        <Group gap="sm">
          <Text fw={650}>{t('moves.detail')}</Text>
          {m && <Mono fw={650}>{m.number}</Mono>}
        </Group>
      }
      scrollAreaComponent={ScrollArea.Autosize}
      data-testid="move-drawer"
    >
      {q.isLoading && <Loader size="sm" />}
      {q.error && <Alert color="red">{stockErrorMessage(q.error, t)}</Alert>}
      {m && m.id === moveId && (
        <Stack gap="md" data-testid="move-detail" data-number={m.number}>
          <SimpleGrid cols={3} spacing="md">
            <Field label={t('moves.col.kind')}>
              <KindBadge kind={m.kind} />
            </Field>
            <Field label={t('moves.col.date')}>{formatDate(`${m.date}T12:00:00`, 'date')}</Field>
            <Field label={t('moves.col.postedAt')}>{formatDate(m.postedAt)}</Field>
            <Field label={t('moves.col.user')}>{m.username}</Field>
            <Field label={t('moves.col.reference')}>{m.reference}</Field>
            <Field label={t('moves.col.reason')}>{m.reason}</Field>
            {m.connectionPointId && <Field label={t('moves.connectionPoint')}>{m.connectionPointId}</Field>}
            <Field label={t('moves.totalValue')} testId="move-total-value">
              <Text fw={650} span className="mono-ltr">
                {formatMoney(m.totalValue)}
              </Text>
            </Field>
          </SimpleGrid>
          {(m.reversalOf || m.reversedBy) && (
            <Alert color="orange" variant="light" data-testid="move-reversal-info">
              {m.reversedBy ? t('moves.reversedBy') : t('moves.reversalOf')}
              <ReversalLink id={(m.reversedBy ?? m.reversalOf)!} />
            </Alert>
          )}
          {canReverse && (
            <Group justify="flex-end">
              <Button color="red" variant="light" leftSection={<IconArrowBackUp size={16} />} onClick={() => setReversing(true)} data-testid="move-reverse">
                {t('moves.reverse')}
              </Button>
            </Group>
          )}
          <Divider />
          <MoveLinesTable move={m} />
        </Stack>
      )}
      <ReverseModal move={reversing ? (m ?? null) : null} onClose={() => setReversing(false)} />
    </Drawer>
  )
}

function ReversalLink({ id }: { id: string }) {
  const q = useRpcQuery('stock.moves.get', { id })
  return q.data ? (
    <>
      {' '}
      <Mono fw={600}>{q.data.number}</Mono>
    </>
  ) : null
}

export function MoveLinesTable({ move }: { move: MoveDetail }) {
  const { t } = useTranslation(NS)
  const { byId } = useBins()
  const bin = (id: string | null, code: string | null) => {
    if (!id) return '—'
    const b = byId.get(id)
    return b ? `${b.depotCode} / ${b.code}` : (code ?? '—')
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped withTableBorder verticalSpacing={6} fz="sm" data-testid="move-lines" style={{ whiteSpace: 'nowrap' }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('moves.col.item')}</Table.Th>
            <Table.Th>{t('moves.col.from')}</Table.Th>
            <Table.Th>{t('moves.col.to')}</Table.Th>
            <Table.Th>{t('moves.col.lotSerial')}</Table.Th>
            <Table.Th ta="end">{t('moves.col.qty')}</Table.Th>
            <Table.Th ta="end">{t('moves.col.unitCost')}</Table.Th>
            <Table.Th ta="end">{t('moves.col.value')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {move.lines.map((l) => (
            <Table.Tr key={l.id} data-testid="move-line">
              <Table.Td>
                <Mono fw={600}>{l.itemCode}</Mono>
                <Text fz="xs" c="dimmed" truncate maw={220}>
                  {l.itemName}
                </Text>
              </Table.Td>
              <Table.Td>
                <Mono>{bin(l.fromBinId, l.fromBinCode)}</Mono>
              </Table.Td>
              <Table.Td>
                <Mono>{bin(l.toBinId, l.toBinCode)}</Mono>
              </Table.Td>
              <Table.Td>
                <Mono>{l.serialNo ?? l.lotNo ?? '—'}</Mono>
              </Table.Td>
              <Table.Td ta="end">
                <Mono>{qtyText(t, l.qty)}</Mono>
              </Table.Td>
              <Table.Td ta="end">{formatMoney(l.unitCost)}</Table.Td>
              <Table.Td ta="end">
                <Text span fz="sm" c={l.value < 0 ? 'red' : undefined} className="mono-ltr">
                  {formatMoney(l.value)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

function ReverseModal({ move, onClose }: { move: MoveDetail | null; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const reverse = useRpcMutation('stock.moves.reverse', { invalidate: ['stock.'] })
  const { byId } = useBins()
  useEffect(() => {
    setReason('')
    setError(null)
    reverse.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [move?.id])
  return (
    <Modal opened={!!move} onClose={onClose} centered title={<Text fw={650}>{t('moves.reverseTitle', { number: move?.number ?? '' })}</Text>}>
      <form
        noValidate
        data-testid="reverse-form"
        onSubmit={async (e) => {
          e.preventDefault()
          if (!move) return
          if (!reason.trim()) return setError(t('translation:validation.required'))
          try {
            const r = await reverse.mutateAsync({ id: move.id, reason: reason.trim() })
            notifications.show({ color: 'teal', message: t('moves.reversed', { number: move.number, reversal: r.number }) })
            onClose()
          } catch (err) {
            setError(stockErrorMessage(err, t, { binCode: (id) => (byId.get(id) ? `${byId.get(id)!.depotCode} / ${byId.get(id)!.code}` : undefined) }))
          }
        }}
      >
        <Stack gap="sm">
          <Text fz="sm">{t('moves.reverseText')}</Text>
          <TextInput
            label={t('moves.reverseReason')}
            withAsterisk
            data-autofocus
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value)
              setError(null)
            }}
            error={error}
            data-testid="reverse-reason"
          />
          <FormActions onCancel={onClose} saving={reverse.isPending} submitLabel={t('moves.reverseConfirm')} submitTestId="reverse-confirm" />
        </Stack>
      </form>
    </Modal>
  )
}
