import { Group, Text, ThemeIcon } from '@mantine/core'
import { IconBuildingBank } from '@tabler/icons-react'

export function Logo({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const big = size === 'lg'
  return (
    <Group gap={big ? 'sm' : 8} wrap="nowrap">
      <ThemeIcon size={big ? 44 : 32} radius="md" variant="gradient" gradient={{ from: 'teal.7', to: 'blue.7', deg: 135 }}>
        <IconBuildingBank size={big ? 26 : 19} stroke={1.8} />
      </ThemeIcon>
      <Text fw={700} fz={big ? 26 : 19} lh={1} style={{ letterSpacing: '-0.01em' }}>
        Guichet
      </Text>
    </Group>
  )
}
