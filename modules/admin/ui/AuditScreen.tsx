import { useMemo, useState } from 'react'
import { Alert, Badge, Button, Code, Divider, Drawer, Group, ScrollArea, SimpleGrid, Stack, Text, Title, useDirection } from '@mantine/core'
import { IconShieldCheck, IconShieldX } from '@tabler/icons-react'
import { createColumnHelper } from '@tanstack/react-table'
import { useTranslation } from 'react-i18next'
import type { AuditRow, AuditVerifyResult } from '../contract'
import { DataTable, JsonDiff, Page, errorMessage, formatDate, formatNumber, invoke } from '../../../renderer/src/ui-kit'

const col = createColumnHelper<AuditRow>()

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text fz="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fz="sm" component="div">
        {children}
      </Text>
    </div>
  )
}

function AuditDetail({ row, onClose }: { row: AuditRow | null; onClose: () => void }) {
  const { t } = useTranslation('admin')
  const { dir } = useDirection()
  return (
    <Drawer
      opened={!!row}
      onClose={onClose}
      position={dir === 'rtl' ? 'left' : 'right'}
      size="xl"
      title={<Text fw={650}>{row ? t('audit.detail', { seq: formatNumber(row.seq) }) : ''}</Text>}
      scrollAreaComponent={ScrollArea.Autosize}
      data-testid="audit-detail"
    >
      {row && (
        <Stack gap="md" data-testid="audit-detail-body">
          <SimpleGrid cols={2} spacing="md">
            <Field label={t('audit.col.at')}>{formatDate(row.at)}</Field>
            <Field label={t('audit.col.user')}>{row.username ?? t('audit.system')}</Field>
            <Field label={t('audit.col.action')}>
              <Code>{row.action}</Code>
            </Field>
            <Field label={t('audit.col.entity')}>
              <Code>{row.entity}</Code>
            </Field>
            <Field label={t('audit.col.entityId')}>
              <span className="mono-ltr">{row.entityId ?? '—'}</span>
            </Field>
            <Field label={t('audit.col.hash')}>
              <span className="mono-ltr" style={{ overflowWrap: 'anywhere', fontSize: 11 }}>
                {row.hash}
              </span>
            </Field>
          </SimpleGrid>
          <Divider />
          <Title order={4} fz={15}>
            {t('audit.changes')}
          </Title>
          <JsonDiff
            before={row.before}
            after={row.after}
            labels={{
              field: t('audit.field'),
              before: t('audit.before'),
              after: t('audit.after'),
              kinds: { added: t('audit.kinds.added'), removed: t('audit.kinds.removed'), changed: t('audit.kinds.changed'), same: t('audit.kinds.same') },
            }}
          />
        </Stack>
      )}
    </Drawer>
  )
}

export function AuditScreen() {
  const { t } = useTranslation('admin')
  const [open, setOpen] = useState<AuditRow | null>(null)
  const [verifying, setVerifying] = useState(false)
  const [verify, setVerify] = useState<AuditVerifyResult | { error: string } | null>(null)

  const runVerify = async () => {
    setVerifying(true)
    setVerify(null)
    try {
      setVerify(await invoke('admin.audit.verify', {}))
    } catch (e) {
      setVerify({ error: errorMessage(e, t) })
    } finally {
      setVerifying(false)
    }
  }

  const columns = useMemo(
    () => [
      col.accessor('seq', { meta: { labelKey: 'admin:audit.col.seq', filter: 'number', align: 'end', width: 110 }, cell: (c) => formatNumber(c.getValue()) }),
      col.accessor('at', { meta: { labelKey: 'admin:audit.col.at', filter: 'date', width: 200 }, cell: (c) => formatDate(c.getValue()) }),
      col.accessor('username', {
        meta: { labelKey: 'admin:audit.col.user', filter: 'text', width: 150 },
        cell: (c) =>
          c.getValue() ?? (
            <Text span c="dimmed" fz="sm" fs="italic">
              {t('audit.system')}
            </Text>
          ),
      }),
      col.accessor('action', { meta: { labelKey: 'admin:audit.col.action', filter: 'text', width: 220, mono: true } }),
      col.accessor('entity', { meta: { labelKey: 'admin:audit.col.entity', filter: 'text', width: 150 } }),
      col.accessor('entityId', { meta: { labelKey: 'admin:audit.col.entityId', filter: 'text', width: 300, mono: true } }),
      col.accessor('hash', { enableSorting: false, meta: { labelKey: 'admin:audit.col.hash', width: 200, mono: true } }),
    ],
    [t],
  )

  return (
    <Page
      title={t('audit.title')}
      subtitle={t('audit.subtitle')}
      fill
      testId="audit-screen"
      actions={
        <Button variant="light" size="sm" leftSection={<IconShieldCheck size={16} />} loading={verifying} onClick={() => void runVerify()} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
      }
    >
      {verify && (
        <Alert
          mb="sm"
          withCloseButton
          onClose={() => setVerify(null)}
          data-testid="audit-verify-result"
          data-ok={'ok' in verify ? String(verify.ok) : 'error'}
          color={'ok' in verify && verify.ok ? 'teal' : 'red'}
          icon={'ok' in verify && verify.ok ? <IconShieldCheck size={18} /> : <IconShieldX size={18} />}
        >
          {'error' in verify ? (
            verify.error
          ) : verify.ok ? (
            t('audit.verifyOk', { count: formatNumber(verify.checked) as never })
          ) : (
            <Group gap={6}>
              {t('audit.verifyBroken', { seq: formatNumber(verify.brokenAtSeq ?? 0), count: formatNumber(verify.checked) as never })}
              <Badge color="red">#{verify.brokenAtSeq}</Badge>
            </Group>
          )}
        </Alert>
      )}
      <DataTable
        tableId="admin.audit"
        method="admin.audit.list"
        columns={columns}
        defaultSort={[{ id: 'seq', desc: true }]}
        defaultHidden={['hash']}
        getRowId={(r) => String(r.seq)}
        onRowOpen={setOpen}
        selectable={false}
        exportName="audit"
      />
      <AuditDetail row={open} onClose={() => setOpen(null)} />
    </Page>
  )
}
