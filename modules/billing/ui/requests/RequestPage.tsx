/** One request: its facts, the steps, the history, the moves the workflow allows, assignment, comments, attachments. */
import { useState } from 'react'
import { Alert, Anchor, Button, Card, Group, Loader, Select, SimpleGrid, Stack, Stepper, Text, Textarea, Timeline, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconArrowBack, IconCheck, IconMessage, IconPaperclip, IconPlayerPlay, IconUser, IconX } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { REQUEST_PERMISSIONS, type RequestDetail, type RequestEvent, type RequestStatus } from '../../requests.contract'
import { FileDrop, Page, formatDate, invoke, useRpcMutation, useRpcQuery, useSession } from '../../../../renderer/src/ui-kit'
import { NS, billingErrorMessage, formatDay } from '../common'
import { DueBadge, StatusBadge, fileToBase64 } from './common'

const FINAL: RequestStatus[] = ['done', 'rejected', 'cancelled']

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  )
}

function EventLine({ e }: { e: RequestEvent }) {
  const { t } = useTranslation(NS)
  const s = (x: string | null) => (x ? t(`requests.statuses.${x}`) : '')
  const title =
    e.kind === 'created'
      ? t('requests.page.event.created')
      : e.kind === 'status'
        ? t('requests.page.event.status', { from: s(e.fromStatus), to: s(e.toStatus) })
        : e.kind === 'assigned'
          ? e.assigneeName
            ? t('requests.page.event.assigned', { name: e.assigneeName })
            : t('requests.page.event.unassigned')
          : e.kind === 'comment'
            ? t('requests.page.event.comment')
            : t('requests.page.event.attached', { title: e.documentTitle ?? '' })
  return (
    <>
      <Text size="sm" fw={600}>
        {title}
      </Text>
      {e.comment && e.kind !== 'created' && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {e.comment}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {formatDate(e.at, 'datetime')} · {e.userName}
      </Text>
    </>
  )
}

const ICONS = { created: IconPlayerPlay, status: IconCheck, assigned: IconUser, comment: IconMessage, attached: IconPaperclip } as const

function Attachments({ request, manage }: { request: RequestDetail; manage: boolean }) {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const attach = useRpcMutation('billing.requests.attach', { invalidate: ['billing.requests'] })
  const linked = useRpcQuery('documents.links.forRecord', { module: 'billing', entity: 'request', id: request.id }, { enabled: can('documents.read') })
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 250)
  const found = useRpcQuery('documents.items.list', { search: debounced, pageSize: 15 }, { enabled: manage && can('documents.read') && debounced.length > 0 })
  const [uploading, setUploading] = useState(false)
  const attached = request.events.filter((e) => e.kind === 'attached' && e.documentId)
  const fromDocuments = (linked.data ?? []).filter((d) => !attached.some((a) => a.documentId === d.documentId))
  const doAttach = async (documentId: string) => {
    try {
      await attach.mutateAsync({ id: request.id, documentId })
      notifications.show({ color: 'teal', message: t('requests.page.attached') })
      setSearch('')
    } catch {
      // shown below
    }
  }
  const upload = async (files: File[]) => {
    setUploading(true)
    try {
      for (const file of files) {
        const { results } = await invoke('documents.files.ingest', { files: [{ name: file.name, dataBase64: await fileToBase64(file) }] })
        const r = results[0]
        if (r?.ok) await doAttach(r.documentId)
        else notifications.show({ color: 'red', message: r ? `${file.name}: ${r.error.message}` : file.name })
      }
    } finally {
      setUploading(false)
    }
  }
  return (
    <Card withBorder padding="md" data-testid="request-attachments">
      <Stack gap="sm">
        <Title order={5}>{t('requests.page.attachments')}</Title>
        {attached.length === 0 && fromDocuments.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('requests.page.noAttachments')}
          </Text>
        )}
        {attached.map((e) => (
          <Group key={e.id} gap="xs" wrap="nowrap">
            <IconPaperclip size={14} />
            <Anchor component={Link} to={`/documents/${e.documentId}`} size="sm" data-testid="request-attachment">
              {e.documentTitle}
            </Anchor>
          </Group>
        ))}
        {fromDocuments.map((d) => (
          <Group key={d.documentId} gap="xs" wrap="nowrap">
            <IconPaperclip size={14} />
            <Anchor component={Link} to={`/documents/${d.documentId}`} size="sm">
              {d.title}
            </Anchor>
            <Text size="xs" c="dimmed">
              {t('requests.page.linkedInDocuments')}
            </Text>
          </Group>
        ))}
        {attach.error && <Alert color="red">{billingErrorMessage(attach.error, t)}</Alert>}
        {manage && can('documents.read') && (
          <Select
            placeholder={t('requests.page.attachSearch')}
            searchable
            filter={({ options }) => options}
            searchValue={search}
            onSearchChange={setSearch}
            data={(found.data?.rows ?? []).map((d) => ({ value: d.id, label: d.title }))}
            value={null}
            onChange={(id) => id && void doAttach(id)}
            comboboxProps={{ withinPortal: true }}
            leftSection={<IconPaperclip size={14} />}
            data-testid="request-attach-search"
          />
        )}
        {manage && can('documents.ingest') && (
          <FileDrop onFiles={(f) => void upload(f)} accept=".pdf,image/*" label={t('requests.page.uploadHint')} disabled={uploading} testId="request-upload">
            <Group gap="xs" justify="center">
              {uploading && <Loader size="xs" />}
              <Text size="sm" c="dimmed">
                {uploading ? t('requests.page.uploading') : t('requests.page.uploadHint')}
              </Text>
            </Group>
          </FileDrop>
        )}
      </Stack>
    </Card>
  )
}

function Actions({ request }: { request: RequestDetail }) {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const move = useRpcMutation('billing.requests.move', { invalidate: ['billing.requests', 'billing.dunning'] })
  const assign = useRpcMutation('billing.requests.assign', { invalidate: ['billing.requests'] })
  const comment = useRpcMutation('billing.requests.comment', { invalidate: ['billing.requests'] })
  const people = useRpcQuery('billing.requests.assignees', {}, { enabled: can(REQUEST_PERMISSIONS.assign) })
  const [text, setText] = useState('')
  const manage = can(REQUEST_PERMISSIONS.manage)
  const forward = request.next.find((s) => s !== 'rejected' && s !== 'cancelled')
  const go = async (to: RequestStatus) => {
    try {
      const after = await move.mutateAsync({ id: request.id, to, comment: text })
      setText('')
      notifications.show({ color: 'teal', message: t('requests.page.moved', { number: after.number, status: t(`requests.statuses.${to}`) }) })
    } catch {
      // shown below
    }
  }
  const error = move.error ?? assign.error ?? comment.error
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        {error && (
          <Alert color="red" data-testid="request-error">
            {billingErrorMessage(error, t)}
          </Alert>
        )}
        {can(REQUEST_PERMISSIONS.assign) && request.next.length > 0 && (
          <Select
            label={t('requests.page.assignTo')}
            placeholder={t('requests.page.nobody')}
            clearable
            data={(people.data ?? []).map((p) => ({ value: p.id, label: p.fullName }))}
            value={request.assigneeId}
            onChange={async (id) => {
              try {
                await assign.mutateAsync({ id: request.id, assigneeId: id })
                notifications.show({ color: 'teal', message: t('requests.page.assigned') })
              } catch {
                // shown above
              }
            }}
            comboboxProps={{ withinPortal: true }}
            leftSection={<IconUser size={14} />}
            data-testid="request-assign"
          />
        )}
        {manage && (
          <>
            <Textarea
              label={request.next.length > 0 ? t('requests.page.moveComment') : t('requests.page.comment')}
              placeholder={t('requests.page.commentPlaceholder')}
              autosize
              minRows={2}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              data-testid="request-comment"
            />
            <Group gap="xs">
              {forward && (
                <Button leftSection={<IconCheck size={16} />} loading={move.isPending} onClick={() => void go(forward)} data-testid="request-next">
                  {t('requests.page.next', { status: t(`requests.statuses.${forward}`) })}
                </Button>
              )}
              <Button
                variant="default"
                leftSection={<IconMessage size={16} />}
                disabled={text.trim() === ''}
                loading={comment.isPending}
                onClick={async () => {
                  try {
                    await comment.mutateAsync({ id: request.id, comment: text })
                    setText('')
                  } catch {
                    // shown above
                  }
                }}
                data-testid="request-comment-send"
              >
                {t('requests.page.send')}
              </Button>
              {request.next.includes('rejected') && (
                <Button variant="light" color="red" leftSection={<IconX size={16} />} onClick={() => void go('rejected')} data-testid="request-reject">
                  {t('requests.page.reject')}
                </Button>
              )}
              {request.next.includes('cancelled') && (
                <Button variant="subtle" color="gray" onClick={() => void go('cancelled')} data-testid="request-cancel">
                  {t('requests.page.cancel')}
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Card>
  )
}

export function RequestPage({ id }: { id: string }) {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const q = useRpcQuery('billing.requests.get', { id })
  const r = q.data
  if (q.error) return <Alert color="red" m="lg">{billingErrorMessage(q.error, t)}</Alert>
  if (!r) return <Loader m="lg" />
  const stepIndex = r.status === 'done' ? r.steps.length : r.steps.indexOf(r.status)
  const stopped = r.status === 'rejected' || r.status === 'cancelled'
  return (
    <Page
      title={
        <Group gap="sm">
          <span style={{ direction: 'ltr', unicodeBidi: 'isolate' }} data-testid="request-number">
            {r.number}
          </span>
          <StatusBadge status={r.status} />
        </Group>
      }
      subtitle={`${t(`requests.types.${r.type}`)} · ${r.subject}`}
      actions={
        <Button component={Link} to="/billing/requests" variant="default" leftSection={<IconArrowBack size={16} />}>
          {t('requests.page.back')}
        </Button>
      }
      testId="billing-request-page"
    >
      <Card withBorder padding="md">
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          <Fact label={t('requests.page.customer')}>
            {r.subscriberId ? (
              <Anchor component={Link} to={`/billing/subscribers/${r.subscriberId}`} size="sm">
                {r.subscriberNumber} · {r.customerName}
              </Anchor>
            ) : (
              <>
                {r.customerName}
                {(r.applicantCin || r.applicantPhone) && (
                  <Text size="xs" c="dimmed" style={{ direction: 'ltr', unicodeBidi: 'isolate' }}>
                    {[r.applicantCin, r.applicantPhone].filter(Boolean).join(' · ')}
                  </Text>
                )}
              </>
            )}
          </Fact>
          <Fact label={t('requests.page.received')}>
            {formatDay(r.receivedOn)} · {t(`requests.channels.${r.channel}`)}
          </Fact>
          <Fact label={t('requests.page.due')}>
            {r.dueDate ? <DueBadge due={r.dueDate} state={r.dueState} /> : r.closedAt ? t('requests.page.closed', { date: formatDate(r.closedAt, 'date') }) : '—'}
          </Fact>
          <Fact label={t('requests.page.assignee')}>{r.assigneeName ?? t('requests.page.nobody')}</Fact>
          {r.contractNumber && <Fact label={t('requests.page.contract')}>{r.contractNumber}</Fact>}
          {r.pointCode && <Fact label={t('requests.page.point')}>{r.pointCode}</Fact>}
          {r.billId && (
            <Fact label={t('requests.page.bill')}>
              <span style={{ direction: 'ltr', unicodeBidi: 'isolate' }}>{r.billId}</span>
              {!FINAL.includes(r.status) && (
                <Text size="xs" c="orange" data-testid="request-bill-hold">
                  {t('requests.page.onHold')}
                </Text>
              )}
            </Fact>
          )}
        </SimpleGrid>
        <Text size="sm" mt="md" c={r.description ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap' }}>
          {r.description || t('requests.page.noDescription')}
        </Text>
      </Card>
      {r.steps.length > 1 && (
        <Card withBorder padding="md">
          <Stepper active={stepIndex} size="xs" color={stopped ? 'gray' : undefined} allowNextStepsSelect={false} data-testid="request-steps">
            {r.steps.map((s) => (
              <Stepper.Step key={s} label={t(`requests.statuses.${s}`)} />
            ))}
          </Stepper>
        </Card>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="md">
          {r.next.length > 0 || can(REQUEST_PERMISSIONS.manage) ? <Actions request={r} /> : null}
          <Attachments request={r} manage={can(REQUEST_PERMISSIONS.manage)} />
        </Stack>
        <Card withBorder padding="md">
          <Title order={5} mb="sm">
            {t('requests.page.timeline')}
          </Title>
          <Timeline active={r.events.length - 1} bulletSize={22} lineWidth={2} data-testid="request-timeline">
            {r.events.map((e) => {
              const Icon = ICONS[e.kind]
              return (
                <Timeline.Item key={e.id} bullet={<Icon size={12} />} data-testid={`event-${e.kind}`}>
                  <EventLine e={e} />
                </Timeline.Item>
              )
            })}
          </Timeline>
        </Card>
      </SimpleGrid>
    </Page>
  )
}
