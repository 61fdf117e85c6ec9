import { Button, Group } from '@mantine/core'
import { useTranslation } from 'react-i18next'

/** The Cancel / Save row that ends every form, in one place so every form reads the same. */
export function FormActions(props: {
  onCancel: () => void
  saving?: boolean
  disabled?: boolean
  submitLabel?: string
  submitTestId?: string
}) {
  const { t } = useTranslation()
  return (
    <Group justify="flex-end" mt="md">
      <Button variant="default" disabled={props.disabled} onClick={props.onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={props.saving} disabled={props.disabled} data-testid={props.submitTestId}>
        {props.submitLabel ?? t('common.save')}
      </Button>
    </Group>
  )
}
