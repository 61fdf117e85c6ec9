/** The counter: find the contract, see its balance and open items, take a payment, print the receipt. */
import { useMemo, useState } from 'react'
import { Badge, Card, Checkbox, Grid, Group, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useSearchParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import { PAYMENTS_PERMISSIONS, type ContractAccount, type OpenItem } from '../../payments.contract'
import { Page, formatMoney, useRpcQuery, useSession } from '../../../../renderer/src/ui-kit'
import { NS, formatDay } from '../common'
import { CashSessionBar } from '../cash/CashSessionBar'
import { ContractTables } from './ContractTables'
import { PaymentForm } from './PaymentForm'
import { ReceiptModal } from './ReceiptModal'

function ContractPicker({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const { t } = useTranslation(NS)
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 250)
  const q = useRpcQuery('billing.contracts.list', { search: debounced, pageSize: 20 })
  const data = (q.data?.rows ?? []).map((c) => ({ value: c.id, label: `${c.number} · ${c.subscriberName} · ${c.pointAddress}` }))
  return (
    <Select
      label={t('payments.findContract')}
      placeholder={t('payments.findPlaceholder')}
      searchable
      clearable
      filter={({ options }) => options}
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={value}
      onChange={onChange}
      nothingFoundMessage={t('payments.nothing')}
      comboboxProps={{ withinPortal: true }}
      data-testid="counter-contract"
      maw={640}
    />
  )
}

function Figure({ label, value, color, testId }: { label: string; value: string; color?: string; testId: string }) {
  return (
    <Card withBorder p="xs">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} size="lg" c={color} data-testid={testId}>{value}</Text>
    </Card>
  )
}

function OpenItems({ items, chosen, onToggle }: { items: OpenItem[]; chosen: Set<string>; onToggle: (refId: string) => void }) {
  const { t } = useTranslation(NS)
  if (items.length === 0) return <Text c="dimmed" size="sm">{t('payments.noOpenItems')}</Text>
  return (
    <Table withTableBorder fz="sm" data-testid="open-items">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={40} title={t('payments.choose')} />
          <Table.Th>{t('payments.col.kind')}</Table.Th>
          <Table.Th>{t('payments.col.ref')}</Table.Th>
          <Table.Th>{t('payments.col.due')}</Table.Th>
          <Table.Th ta="end">{t('payments.col.amount')}</Table.Th>
          <Table.Th ta="end">{t('payments.col.open')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((i) => (
          <Table.Tr key={i.kind + i.refId}>
            <Table.Td>
              <Checkbox aria-label={t('payments.choose')} checked={chosen.has(i.refId)} onChange={() => onToggle(i.refId)} />
            </Table.Td>
            <Table.Td>{t(`payments.kinds.${i.kind}`)}</Table.Td>
            <Table.Td style={{ direction: 'ltr', fontFamily: 'monospace', textAlign: 'start' }}>{i.refNumber}</Table.Td>
            <Table.Td>{formatDay(i.dueDate)}</Table.Td>
            <Table.Td ta="end">{formatMoney(i.amount)}</Table.Td>
            <Table.Td ta="end" fw={650}>{formatMoney(i.open)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

function Account({ account }: { account: ContractAccount }) {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [receipt, setReceipt] = useState<{ id: string; number: string } | null>(null)
  const allocations = useMemo(() => account.openItems.filter((i) => chosen.has(i.refId)).map((i) => ({ refId: i.refId, amount: i.open })), [account, chosen])
  const toggle = (refId: string) => setChosen((s) => { const n = new Set(s); if (n.has(refId)) n.delete(refId); else n.add(refId); return n })
  return (
    <Stack gap="md">
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="sm">
            <Group gap="xs">
              <Text fw={650}>{account.subscriberName}</Text>
              <Badge variant="light" style={{ direction: 'ltr' }}>{account.contractNumber}</Badge>
              {account.endDate && <Badge color="gray" variant="light">{formatDay(account.endDate)}</Badge>}
            </Group>
            <Text size="sm" c="dimmed">{account.pointAddress}</Text>
            <SimpleGrid cols={2}>
              <Figure label={t('payments.owed')} value={formatMoney(Math.max(account.balance, 0))} color={account.balance > 0 ? 'red' : undefined} testId="account-owed" />
              <Figure label={t('payments.credit')} value={formatMoney(account.credit)} color={account.credit > 0 ? 'teal' : undefined} testId="account-credit" />
            </SimpleGrid>
            <Text fw={600} size="sm">{t('payments.openItems')}</Text>
            <OpenItems items={account.openItems} chosen={chosen} onToggle={toggle} />
            {account.openItems.length > 0 && <Text size="xs" c="dimmed">{t('payments.chooseHint')}</Text>}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          {can(PAYMENTS_PERMISSIONS.paymentsTake) && (
            <Card withBorder>
              <PaymentForm
                account={account}
                chosen={allocations}
                onTaken={(taken) => {
                  setChosen(new Set())
                  setReceipt(taken.payment)
                }}
              />
            </Card>
          )}
        </Grid.Col>
      </Grid>
      <ContractTables contractId={account.contractId} />
      <ReceiptModal payment={receipt} onClose={() => setReceipt(null)} />
    </Stack>
  )
}

export function CounterScreen() {
  const { t } = useTranslation(NS)
  const { can } = useSession()
  const [params, setParams] = useSearchParams()
  const contractId = params.get('contract')
  const account = useRpcQuery('billing.ledger.account', { contractId: contractId ?? '00000000-0000-0000-0000-000000000000' }, { enabled: contractId !== null })
  return (
    <Page title={t('payments.title')} subtitle={t('payments.subtitle')} testId="billing-counter-screen">
      <Stack gap="md">
        {can(PAYMENTS_PERMISSIONS.paymentsTake) && <CashSessionBar />}
        <ContractPicker value={contractId} onChange={(id) => setParams(id ? { contract: id } : {})} />
        {contractId === null ? <Text c="dimmed">{t('payments.pickFirst')}</Text> : account.data ? <Account key={contractId} account={account.data} /> : null}
      </Stack>
    </Page>
  )
}
