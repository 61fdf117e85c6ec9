import { SegmentedControl } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Language } from '../../../modules/core/contract'
import { LANGS } from '../i18n'
import { useUiLanguage } from './language'

export function LanguageSwitch({ size = 'xs' }: { size?: 'xs' | 'sm' }) {
  const { t } = useTranslation()
  const { language, setLanguage } = useUiLanguage()
  return (
    <SegmentedControl
      size={size}
      data-testid="lang-switch"
      aria-label={t('login.language')}
      value={language}
      onChange={(v) => setLanguage(v as Language)}
      data={LANGS.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
    />
  )
}
