import { Badge, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconMapPin } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { formatDate } from '../i18n/format'
import { navFor } from './modules'
import { useUser } from './session'
import classes from './shell.module.css'

export function HomeScreen() {
  const { t } = useTranslation()
  const user = useUser()
  const groups = navFor(user.permissions)
  return (
    <Stack p="lg" gap="lg" data-testid="home">
      <Card withBorder radius="lg" p="xl">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} fz={26} fw={650}>
              {t('home.welcome', { name: user.fullName || user.username })}
            </Title>
            <Group gap={6} mt={6} c="dimmed">
              <IconMapPin size={16} />
              <Text fz="sm">{t('home.subtitle', { site: user.siteName, code: user.siteCode })}</Text>
            </Group>
            <Group gap={6} mt="md">
              {user.roles.map((r) => (
                <Badge key={r} variant="light" radius="sm">
                  {t(`admin:roles.${r}`, { defaultValue: r })}
                </Badge>
              ))}
            </Group>
          </div>
          <Stack gap={2} align="flex-end">
            <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('home.today')}
            </Text>
            <Text fz="lg" fw={600}>
              {formatDate(new Date(), 'date')}
            </Text>
          </Stack>
        </Group>
      </Card>

      <Title order={3} fz={16} fw={650}>
        {t('home.quickLinks')}
      </Title>
      {groups.length === 0 && <Text c="dimmed">{t('home.noModules')}</Text>}
      {groups.map(({ module, entries }) => (
        <Stack key={module.id} gap="xs">
          <Text fz="xs" fw={700} c="dimmed" tt="uppercase">
            {t(module.labelKey)}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3, xl: 4 }} spacing="md">
            {entries.map(({ route, to }) => {
              const Icon = route.icon ?? module.icon
              return (
                <Card key={to} component={Link} to={to} withBorder radius="md" p="md" className={classes.quickLink} data-testid={`quick-${route.path.replace(/\//g, '-')}`}>
                  <Group wrap="nowrap" align="flex-start">
                    <ThemeIcon variant="light" size={40} radius="md">
                      <Icon size={22} stroke={1.6} />
                    </ThemeIcon>
                    <div style={{ minWidth: 0 }}>
                      <Text fw={600}>{t(route.labelKey!)}</Text>
                      {route.descriptionKey && (
                        <Text fz="sm" c="dimmed" lineClamp={2}>
                          {t(route.descriptionKey)}
                        </Text>
                      )}
                    </div>
                  </Group>
                </Card>
              )
            })}
          </SimpleGrid>
        </Stack>
      ))}
    </Stack>
  )
}
