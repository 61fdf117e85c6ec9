/** A calendar day (YYYY-MM-DD string) picked and shown in the UI locale's order (dd/mm/yyyy), as other screens do. */
import { DatePickerInput } from '@mantine/dates'
import { currentLanguage } from '../../../renderer/src/ui-kit'

export interface DayInputProps {
  label: string
  value: string
  onChange: (day: string) => void
  disabled?: boolean
  error?: string
  required?: boolean
  testId: string
}

export function DayInput({ label, value, onChange, disabled, error, required, testId }: DayInputProps) {
  return (
    <DatePickerInput
      label={label}
      withAsterisk={required}
      value={value || null}
      onChange={(v) => onChange(v ? String(v).slice(0, 10) : '')}
      valueFormat="DD/MM/YYYY"
      locale={currentLanguage()}
      clearable
      disabled={disabled}
      error={error}
      popoverProps={{ withinPortal: true }}
      data-testid={testId}
    />
  )
}
