/** The serials of a line: new ones take brand, caliber and year; known ones show where they are. */
import { ActionIcon, Table, Text, TextInput } from '@mantine/core'
import { IconX } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Mono, NS } from '../common'
import type { LinePatch, SerialDraft } from './move-draft'
import type { LineErrors } from './useMoveDraft'

export function SerialsTable(props: { serials: SerialDraft[]; errors: LineErrors; createsSerials: boolean; onChange: (patch: LinePatch) => void }) {
  const { t } = useTranslation(NS)
  const { errors, createsSerials } = props
  const setSerial = (key: string, patch: Partial<SerialDraft>) => props.onChange((x) => ({ serials: x.serials.map((s) => (s.key === key ? { ...s, ...patch } : s)) }))
  const removeSerial = (key: string) => props.onChange((x) => ({ serials: x.serials.filter((y) => y.key !== key) }))
  return (
    <Table withTableBorder verticalSpacing={2} fz="sm" data-testid="line-serials">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={40}>#</Table.Th>
          <Table.Th>{t('entry.serialNo')}</Table.Th>
          <Table.Th>{t('serials.col.brand')}</Table.Th>
          <Table.Th>{t('serials.col.caliber')}</Table.Th>
          <Table.Th w={110}>{t('serials.col.year')}</Table.Th>
          {!createsSerials && <Table.Th>{t('serials.col.location')}</Table.Th>}
          <Table.Th w={40} />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.serials.map((s, i) => (
          <Table.Tr key={s.key} data-testid="line-serial" data-serial={s.serialNo}>
            <Table.Td c="dimmed">{i + 1}</Table.Td>
            <Table.Td>
              <Mono fw={600}>{s.serialNo}</Mono>
              {errors[`serial.${i}.serialNo`] && (
                <Text fz="xs" c="red">
                  {errors[`serial.${i}.serialNo`]}
                </Text>
              )}
            </Table.Td>
            {createsSerials && !s.existing ? (
              <>
                <Table.Td>
                  <TextInput size="xs" aria-label={t('serials.col.brand')} value={s.brand} onChange={(e) => setSerial(s.key, { brand: e.currentTarget.value })} data-enter-nav data-testid="serial-brand" />
                </Table.Td>
                <Table.Td>
                  <TextInput size="xs" aria-label={t('serials.col.caliber')} value={s.caliber} onChange={(e) => setSerial(s.key, { caliber: e.currentTarget.value })} data-enter-nav data-testid="serial-caliber" />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={t('serials.col.year')}
                    inputMode="numeric"
                    value={s.year}
                    onChange={(e) => setSerial(s.key, { year: e.currentTarget.value })}
                    error={errors[`serial.${i}.year`]}
                    data-enter-nav
                    data-testid="serial-year"
                    styles={{ input: { direction: 'ltr' } }}
                  />
                </Table.Td>
              </>
            ) : (
              <>
                <Table.Td>{s.brand || '—'}</Table.Td>
                <Table.Td>{s.caliber || '—'}</Table.Td>
                <Table.Td>{s.year || '—'}</Table.Td>
              </>
            )}
            {!createsSerials && (
              <Table.Td>
                <Mono>{s.existing?.depotCode && s.existing.binCode ? `${s.existing.depotCode} / ${s.existing.binCode}` : '—'}</Mono>
              </Table.Td>
            )}
            <Table.Td>
              <ActionIcon size="sm" variant="subtle" color="gray" aria-label={t('entry.removeSerial')} onClick={() => removeSerial(s.key)} data-testid="serial-remove">
                <IconX size={14} />
              </ActionIcon>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
