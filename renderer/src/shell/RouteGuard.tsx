import type { ComponentType } from 'react'
import { Button, Center, Stack, Text, ThemeIcon } from '@mantine/core'
import { IconLock, IconMapQuestion } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useSession } from './session'

function Notice({ icon, text, testId }: { icon: React.ReactNode; text: string; testId: string }) {
  const { t } = useTranslation()
  return (
    <Center h="70vh" data-testid={testId}>
      <Stack align="center" gap="sm">
        <ThemeIcon size={56} radius="xl" variant="light" color="gray">
          {icon}
        </ThemeIcon>
        <Text fw={600}>{text}</Text>
        <Button component={Link} to="/" variant="light">
          {t('shell.backHome')}
        </Button>
      </Stack>
    </Center>
  )
}

export function Guarded({ permission, element: Element }: { permission: string; element: ComponentType }) {
  const { can } = useSession()
  const { t } = useTranslation()
  if (!can(permission)) return <Notice icon={<IconLock size={28} />} text={t('shell.forbidden')} testId="forbidden" />
  return <Element />
}

export function NotFound() {
  const { t } = useTranslation()
  return <Notice icon={<IconMapQuestion size={28} />} text={t('shell.notFound')} testId="not-found" />
}
