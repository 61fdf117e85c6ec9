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
      {/* The subtitle sits under the title row, full width, so a long one never squeezes the actions; the actions
          keep their natural width (a button label never breaks onto two lines). */}
      <Box>
        <Group justify="space-between" align="center" wrap="nowrap" gap="md">
          <Title order={2} fz={22} fw={650} data-testid="page-title" style={{ minWidth: 0 }}>
            {title}
          </Title>
          {actions && (
            <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
              {actions}
            </Group>
          )}
        </Group>
        {subtitle && (
          <Text c="dimmed" fz="sm" mt={2}>
            {subtitle}
          </Text>
        )}
      </Box>
      <Box style={fill ? { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' } : undefined}>{children}</Box>
    </Stack>
  )
}
