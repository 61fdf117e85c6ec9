/** Found / missing buttons of a serial line. */
import { Button, Group } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { NS } from '../common'
import { serialToggleState } from './count-entry'

export function SerialToggle({ value, disabled, onChange }: { value: string; disabled: boolean; onChange: (v: string) => void }) {
  const { t } = useTranslation(NS)
  const state = serialToggleState(value)
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap" data-testid="count-serial" data-state={state}>
      <Button size="compact-xs" variant={state === 'found' ? 'filled' : 'default'} color="teal" disabled={disabled} onClick={() => onChange('1')} data-testid="count-serial-found">
        {t('counts.serial.found')}
      </Button>
      <Button size="compact-xs" variant={state === 'missing' ? 'filled' : 'default'} color="red" disabled={disabled} onClick={() => onChange('0')} data-testid="count-serial-missing">
        {t('counts.serial.missing')}
      </Button>
    </Group>
  )
}
