import { useMemo, useState } from 'react'
import { Alert, Badge, Button, Drawer, Group, Modal, Select, Stack, Text, Textarea, Timeline } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconCheck, IconClock, IconMessage, IconSend, IconX } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import { MESSAGE_KINDS, MESSAGE_STATUSES, MESSAGES_PERMISSIONS, type MessageRow, type MessageStatus } from '../../messages.contract'
import { DataTable, Page, errorMessage, formatDate, useRpcMutation, useRpcQuery, useSession } from '../../../../renderer/src/ui-kit'
import { NS } from '../common'

const col = createColumnHelper<MessageRow>()

const STATUS_COLOR: Record<MessageStatus, string> = { queued: 'gray', sent: 'blue', delivered: 'teal', failed: 'red', expired: 'orange' }

function StatusBadge({ status }: { status: MessageStatus }) {
  const { t } = useTranslation(NS)
  return (
    <Badge size="sm" variant="light" color={STATUS_COLOR[status]} data-testid={`message-status-${status}`}>
      {t(`messages.status.${status}`)}
    </Badge>
  )
}

/** The message, its text as sent, and its status events. */
function MessageDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const q = useRpcQuery('billing.messages.get', { id: id ?? '' }, { enabled: id !== null })
  const m = q.data
  return (
    <Drawer opened={id !== null} onClose={onClose} position="right" size="md" title={<Text fw={650}>{t('messages.detail.title')}</Text>}>
      {m && (
        <Stack gap="md" data-testid="message-detail">
          <Group justify="space-between">
            <Text fw={600}>{m.subscriberName || m.subscriberNumber}</Text>
            <StatusBadge status={m.status} />
          </Group>
          <Text size="sm" c="dimmed">
            <bdi>{m.phone}</bdi> · {t(`messages.kinds.${m.kind}`)} · {t(`messages.languages.${m.language}`)}
            {m.ref && (
              <>
                {' · '}
                <bdi>{m.ref}</bdi>
              </>
            )}
          </Text>
          <Text
            size="sm"
            p="sm"
            bg="var(--mantine-color-default-hover)"
            style={{ whiteSpace: 'pre-wrap', borderRadius: 8, direction: m.language === 'ar' ? 'rtl' : 'ltr', textAlign: 'start' }}
            data-testid="message-body"
          >
            {m.body}
          </Text>
          <Text size="xs" c="dimmed">
            {t('messages.detail.segments', { count: m.segments, encoding: m.encoding === 'ucs2' ? 'UCS-2' : 'GSM-7' })}
          </Text>
          <Timeline active={m.events.length} bulletSize={22} lineWidth={2} data-testid="message-timeline">
            <Timeline.Item bullet={<IconClock size={12} />} title={t('messages.status.queued')}>
              <Text size="xs" c="dimmed">
                {formatDate(m.createdAt)}
              </Text>
            </Timeline.Item>
            {m.events.map((e) => (
              <Timeline.Item
                key={e.id}
                color={STATUS_COLOR[e.status]}
                bullet={e.status === 'delivered' ? <IconCheck size={12} /> : e.status === 'sent' ? <IconSend size={12} /> : <IconX size={12} />}
                title={t(`messages.status.${e.status}`)}
              >
                <Text size="xs" c="dimmed">
                  {formatDate(e.at)} · {t('messages.detail.attempt', { count: e.attempt })}
                </Text>
                {e.detail && (
                  <Text size="xs">
                    <bdi>{e.detail}</bdi>
                  </Text>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
          {m.status === 'queued' && <Alert color="gray">{t('messages.detail.queuedHint')}</Alert>}
        </Stack>
      )}
    </Drawer>
  )
}

/** A manager's free-text SMS to one subscriber (e.g. to test the gateway). */
function SendModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation(NS)
  const send = useRpcMutation('billing.messages.send', { invalidate: ['billing.messages'] })
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 250)
  const subs = useRpcQuery('billing.subscribers.list', { search: debounced, pageSize: 20, filters: [{ id: 'smsConsent', op: 'equals', value: true }] })
  const [subscriberId, setSubscriberId] = useState<string | null>(null)
  const [text, setText] = useState('')
  return (
    <Modal opened={opened} onClose={onClose} centered title={<Text fw={650}>{t('messages.send.title')}</Text>}>
      <Stack gap="sm">
        {send.error && <Alert color="red">{errorMessage(send.error, t)}</Alert>}
        <Select
          label={t('messages.send.subscriber')}
          description={t('messages.send.consentOnly')}
          searchable
          filter={({ options }) => options}
          searchValue={search}
          onSearchChange={setSearch}
          data={(subs.data?.rows ?? []).map((r) => ({ value: r.id, label: `${r.number} · ${r.nameLatin}` }))}
          value={subscriberId}
          onChange={setSubscriberId}
          comboboxProps={{ withinPortal: true }}
          data-testid="message-send-subscriber"
        />
        <Textarea label={t('messages.send.text')} autosize minRows={3} maxLength={918} value={text} onChange={(e) => setText(e.currentTarget.value)} data-testid="message-send-text" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('translation:common.cancel')}
          </Button>
          <Button
            leftSection={<IconSend size={16} />}
            disabled={!subscriberId || text.trim() === ''}
            loading={send.isPending}
            data-testid="message-send-submit"
            onClick={async () => {
              if (!subscriberId) return
              try {
                const r = await send.mutateAsync({ subscriberId, text })
                notifications.show({ color: r.queued ? 'teal' : 'orange', message: r.queued ? t('messages.send.queued') : t(`messages.refusals.${r.reason}`) })
                if (r.queued) {
                  setText('')
                  onClose()
                }
              } catch {
                // shown above
              }
            }}
          >
            {t('messages.send.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

export function MessagesScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const [open, setOpen] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const columns = useMemo(
    () => [
      col.accessor('createdAt', { meta: { labelKey: 'billing:messages.col.createdAt', filter: 'date', width: 175 }, cell: (c) => formatDate(c.getValue()) }),
      col.accessor('subscriberName', { meta: { labelKey: 'billing:messages.col.subscriber', filter: 'text', width: 180 } }),
      col.accessor('phone', { meta: { labelKey: 'billing:messages.col.phone', filter: 'text', width: 140, mono: true } }),
      col.accessor('kind', {
        meta: { labelKey: 'billing:messages.col.kind', filter: 'select', options: MESSAGE_KINDS.map((k) => ({ value: k, labelKey: `billing:messages.kinds.${k}` })), width: 130 },
        cell: (c) => t(`messages.kinds.${c.getValue()}`),
      }),
      col.accessor('language', {
        meta: { labelKey: 'billing:messages.col.language', filter: 'select', options: (['fr', 'ar'] as const).map((l) => ({ value: l, labelKey: `billing:messages.languages.${l}` })), width: 100 },
        cell: (c) => t(`messages.languages.${c.getValue()}`),
      }),
      col.accessor('status', {
        meta: { labelKey: 'billing:messages.col.status', filter: 'select', options: MESSAGE_STATUSES.map((s) => ({ value: s, labelKey: `billing:messages.status.${s}` })), width: 120 },
        cell: (c) => <StatusBadge status={c.getValue()} />,
      }),
      col.accessor('sentAt', { meta: { labelKey: 'billing:messages.col.sentAt', filter: 'date', width: 175 }, cell: (c) => formatDate(c.getValue()) }),
      col.accessor('finalAt', { meta: { labelKey: 'billing:messages.col.finalAt', filter: 'date', width: 175 }, cell: (c) => formatDate(c.getValue()) }),
      col.accessor('ref', { meta: { labelKey: 'billing:messages.col.ref', filter: 'text', width: 160, mono: true } }),
      col.accessor('segments', { meta: { labelKey: 'billing:messages.col.segments', align: 'end', width: 80 } }),
      col.accessor('body', {
        meta: { labelKey: 'billing:messages.col.body', filter: 'text', width: 320 },
        cell: (c) => (
          <Text size="sm" truncate="end" style={{ direction: c.row.original.language === 'ar' ? 'rtl' : 'ltr', textAlign: 'start' }}>
            {c.getValue()}
          </Text>
        ),
      }),
    ],
    [t],
  )
  return (
    <Page
      title={t('messages.title')}
      subtitle={t('messages.subtitle')}
      fill
      testId="billing-messages-screen"
      actions={
        can(MESSAGES_PERMISSIONS.messagesSend) && (
          <Button leftSection={<IconMessage size={16} />} variant="light" onClick={() => setSending(true)} data-testid="message-send-open">
            {t('messages.send.open')}
          </Button>
        )
      }
    >
      <DataTable
        tableId="billing.messages"
        method="billing.messages.list"
        columns={columns}
        selectable={false}
        exportName={t('messages.exportName')}
        defaultHidden={['ref', 'segments', 'finalAt']}
        onRowOpen={(r) => setOpen(r.id)}
      />
      <MessageDrawer id={open} onClose={() => setOpen(null)} />
      <SendModal opened={sending} onClose={() => setSending(false)} />
    </Page>
  )
}
