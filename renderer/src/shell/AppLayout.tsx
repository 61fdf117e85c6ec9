import { AppShell, Avatar, Badge, Box, Burger, Group, Kbd, Menu, NavLink, ScrollArea, Text, UnstyledButton, useMantineColorScheme } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { spotlight } from '@mantine/spotlight'
import {
  IconCheck,
  IconChevronDown,
  IconHome,
  IconKey,
  IconLanguage,
  IconLogout,
  IconMoon,
  IconSearch,
  IconSun,
} from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router'
import type { Language } from '../../../modules/core/contract'
import { getToken, invoke } from '../api/client'
import { usePushEvent } from '../api/events'
import { LANGS } from '../i18n'
import { ChangePasswordModal } from './ChangePasswordModal'
import { CommandPalette } from './CommandPalette'
import { useUiLanguage } from './language'
import { Logo } from './Logo'
import { navFor, uiModules } from './modules'
import { useSession, useUser } from './session'
import classes from './shell.module.css'

interface NotifyPayload {
  level?: 'info' | 'success' | 'warning' | 'error'
  titleKey?: string
  title?: string
  messageKey?: string
  message?: string
}
/** Entries cut by the bottom edge of the menu fade out instead of showing half a line of text. */
const NAV_FADE = { maskImage: 'linear-gradient(to bottom, #000 calc(100% - 24px), transparent)' }

const LEVEL_COLOR = { info: 'blue', success: 'teal', warning: 'yellow', error: 'red' } as const

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join('')
}

export function AppLayout() {
  const { t } = useTranslation()
  const user = useUser()
  const { logout } = useSession()
  const { language, setLanguage } = useUiLanguage()
  const { colorScheme, setColorScheme } = useMantineColorScheme()
  const [navOpened, nav] = useDisclosure(false)
  const [pwdOpened, pwd] = useDisclosure(false)
  const location = useLocation()
  const groups = navFor(user.permissions)
  // The most specific entry matching the location is active (`stock/moves/new` is not also `stock/moves`).
  const activeTo = groups
    .flatMap((g) => g.entries.map((e) => e.to))
    .filter((to) => location.pathname === to || location.pathname.startsWith(`${to}/`))
    .sort((a, b) => b.length - a.length)[0]

  usePushEvent<NotifyPayload>('core.notify', (p) => {
    notifications.show({
      color: LEVEL_COLOR[p.level ?? 'info'] ?? 'blue',
      title: p.titleKey ? t(p.titleKey) : p.title,
      message: p.messageKey ? t(p.messageKey) : (p.message ?? ''),
    })
  })

  const toggleScheme = () => {
    const next = colorScheme === 'dark' ? 'light' : 'dark'
    setColorScheme(next)
    if (getToken()) invoke('core.preferences.set', { key: 'ui.colorScheme', value: next }).catch(() => {})
  }

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 256, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding={0}>
      <AppShell.Header data-testid="app-header">
        <div className={classes.header}>
          <Burger opened={navOpened} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label={t('shell.toggleNav')} />
          <Logo />
          <Group gap={6} className={classes.siteBadge} visibleFrom="md" data-testid="site-badge">
            <Badge variant="light" radius="sm" size="lg" ff="monospace">
              {user.siteCode}
            </Badge>
            <Text fz="sm" fw={500} c="dimmed" truncate maw={260}>
              {user.siteName}
            </Text>
          </Group>
          <Box style={{ flex: 1 }} />
          {uiModules.map((m) => m.header && <m.header key={m.id} />)}
          <UnstyledButton className={classes.searchButton} onClick={() => spotlight.open()} data-testid="open-palette" visibleFrom="sm">
            <IconSearch size={16} />
            <span style={{ flex: 1, textAlign: 'start' }}>{t('shell.search')}</span>
            <Kbd size="xs" dir="ltr">
              Ctrl K
            </Kbd>
          </UnstyledButton>
          <Menu position="bottom-end" width={250} shadow="md" withinPortal>
            <Menu.Target>
              <UnstyledButton data-testid="user-menu" aria-label={t('shell.userMenu')}>
                <Group gap={8} wrap="nowrap">
                  <Avatar radius="xl" size={32} color="teal" variant="filled">
                    {initials(user.fullName || user.username)}
                  </Avatar>
                  <Box visibleFrom="md" style={{ lineHeight: 1.1 }}>
                    <Text fz="sm" fw={600}>
                      {user.fullName}
                    </Text>
                    <Text fz="xs" c="dimmed">
                      {user.username}
                    </Text>
                  </Box>
                  <IconChevronDown size={14} />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>
                <Group gap={6}>
                  <IconLanguage size={14} />
                  {t('shell.language')}
                </Group>
              </Menu.Label>
              {LANGS.map((l) => (
                <Menu.Item
                  key={l}
                  data-testid={`lang-${l}`}
                  onClick={() => setLanguage(l as Language)}
                  rightSection={language === l ? <IconCheck size={14} /> : null}
                  lang={l}
                >
                  {t(`languages.${l}`)}
                </Menu.Item>
              ))}
              <Menu.Divider />
              <Menu.Item
                data-testid="theme-toggle"
                leftSection={colorScheme === 'dark' ? <IconSun size={16} /> : <IconMoon size={16} />}
                onClick={toggleScheme}
              >
                {t('shell.theme')} : {colorScheme === 'dark' ? t('shell.light') : t('shell.dark')}
              </Menu.Item>
              <Menu.Item data-testid="change-password" leftSection={<IconKey size={16} />} onClick={pwd.open}>
                {t('shell.changePassword')}
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item data-testid="logout" color="red" leftSection={<IconLogout size={16} />} onClick={() => void logout()}>
                {t('shell.logout')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </div>
      </AppShell.Header>

      <AppShell.Navbar className={classes.navbar} data-testid="app-navbar">
        {/* The scrollbar follows the inline end (inner edge in both directions, mirrored like the menu itself) and
            the entries are offset from it; bottom padding lets the last entry clear the fade above the footer. */}
        <AppShell.Section grow component={ScrollArea} offsetScrollbars="y" scrollbarSize={8} viewportProps={{ style: NAV_FADE }} data-testid="nav-scroll">
          <Box px="sm" pt="sm" pb="xl">
            <NavLink
              component={RouterNavLink}
              to="/"
              end
              className={classes.navLink}
              label={t('shell.home')}
              leftSection={<IconHome size={18} stroke={1.6} />}
              active={location.pathname === '/'}
              onClick={nav.close}
              data-testid="nav-home"
            />
            {groups.map(({ module, entries }) => (
              <div key={module.id} data-testid={`nav-${module.id}`}>
                <div className={classes.navGroupLabel}>{t(module.labelKey)}</div>
                {entries.map(({ route, to }) => {
                  const Icon = route.icon ?? module.icon
                  return (
                    <NavLink
                      key={route.path}
                      component={RouterNavLink}
                      to={to}
                      end
                      className={classes.navLink}
                      label={t(route.labelKey!)}
                      leftSection={<Icon size={18} stroke={1.6} />}
                      active={to === activeTo}
                      onClick={nav.close}
                      data-testid={`nav-link-${route.path.replace(/\//g, '-')}`}
                    />
                  )
                })}
              </div>
            ))}
          </Box>
        </AppShell.Section>
        <AppShell.Section p="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          <Group gap={6} wrap="nowrap">
            <Badge variant="dot" color="teal" size="sm">
              {user.siteCode}
            </Badge>
            <Text fz="xs" c="dimmed" truncate>
              {user.siteName}
            </Text>
          </Group>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main className={classes.main}>
        <Outlet />
      </AppShell.Main>
      <CommandPalette />
      <ChangePasswordModal opened={pwdOpened} onClose={pwd.close} />
    </AppShell>
  )
}
