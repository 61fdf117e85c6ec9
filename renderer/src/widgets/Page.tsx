import type { ReactNode } from 'react'
import { Box, Group, Stack, Text, Title } from '@mantine/core'

/** A screen frame: title bar with actions, then content that fills the remaining height. */
export function Page({
  title,
  subtitle,
  actions,
  children,
  fill = false,
  testId,
}: {
  title: ReactNode
  subtitle?: ReactNode
  actions?: ReactNode
  children: ReactNode
  /** Content takes the remaining viewport height (for data tables). */
  fill?: boolean
  testId?: string
}) {
  return (
    <Stack
      gap="md"
      p="lg"
      data-testid={testId}
      style={fill ? { height: 'calc(100dvh - var(--app-shell-header-offset, 56px))', minHeight: 420 } : undefined}
    >
      <Group justify="space-between" align="flex-end" wrap="nowrap" gap="md">
        <Box style={{ minWidth: 0 }}>
          <Title order={2} fz={22} fw={650} data-testid="page-title">
            {title}
          </Title>
          {subtitle && (
            <Text c="dimmed" fz="sm" mt={2}>
              {subtitle}
            </Text>
          )}
        </Box>
        {actions && (
          <Group gap="xs" wrap="nowrap">
            {actions}
          </Group>
        )}
      </Group>
      <Box style={fill ? { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' } : undefined}>{children}</Box>
    </Stack>
  )
}
