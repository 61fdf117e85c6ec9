/** The count's number, status and scope, with print, save and cancel. */
import { Badge, Button, Group, Text, Title } from '@mantine/core'
import { IconDeviceFloppy, IconPrinter } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { CountDetail } from '../../contract'
import { formatDate } from '../../../../renderer/src/ui-kit'
import { NS } from '../common'
import { CountStatusBadge } from '../CountsScreen'

interface CountHeaderProps {
  count: CountDetail
  /** Counts can be typed and saved. */
  editable: boolean
  dirty: boolean
  saving: boolean
  onSave: () => void
  /** Null when the user cannot cancel this count. */
  onCancel: (() => void) | null
}

export function CountHeader({ count, editable, dirty, saving, onSave, onCancel }: CountHeaderProps) {
  const { t } = useTranslation(NS)
  const scope = [
    count.binCodes.length ? count.binCodes.join(', ') : t('counts.allBins'),
    count.categories.length ? count.categories.map((c) => t(`stock:categories.${c}`, { defaultValue: c })).join(', ') : t('counts.allCategories'),
  ].join(' · ')
  return (
    <Group justify="space-between" align="flex-end" wrap="wrap" gap="md">
      <div>
        <Group gap="sm">
          <Title order={2} fz={22} fw={650} data-testid="page-title">
            {t('counts.session.title')} <span className="mono-ltr">{count.number}</span>
          </Title>
          <CountStatusBadge status={count.status} />
          {count.blind && <Badge variant="outline" size="sm" color="gray">{t('counts.blind')}</Badge>}
        </Group>
        <Text c="dimmed" fz="sm" mt={2}>
          {t('counts.session.subtitle', { depot: `${count.depotCode} — ${count.depotName}`, scope, date: formatDate(count.openedAt), user: count.openedBy ?? '—' })}
        </Text>
      </div>
      <Group gap="xs">
        <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={() => window.print()} data-testid="count-print">
          {t('counts.actions.print')}
        </Button>
        {editable && (
          <Button variant="default" leftSection={<IconDeviceFloppy size={16} />} onClick={onSave} disabled={!dirty} loading={saving} data-testid="count-save">
            {t('counts.actions.save')}
          </Button>
        )}
        {onCancel && (
          <Button variant="subtle" color="red" onClick={onCancel} data-testid="count-cancel">
            {t('counts.actions.cancel')}
          </Button>
        )}
      </Group>
    </Group>
  )
}
