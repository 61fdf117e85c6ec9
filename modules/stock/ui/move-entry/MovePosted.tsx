/** Shown once the move is posted: its number and value, a link to it, and a button for the next move. */
import type { Ref } from 'react'
import { Box, Button, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconCircleCheck, IconPlus } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { MoveDetail } from '../../contract'
import { formatMoney } from '../../../../renderer/src/ui-kit'
import { NS } from '../common'

export function MovePosted({ posted, againRef, onAgain }: { posted: MoveDetail; againRef: Ref<HTMLButtonElement>; onAgain: () => void }) {
  const { t } = useTranslation(NS)
  const navigate = useNavigate()
  return (
    <Box p="lg" data-testid="stock-move-entry">
      <Card withBorder radius="md" padding="xl" maw={640} mx="auto" mt="xl" data-testid="move-posted">
        <Stack align="center" gap="sm">
          <ThemeIcon size={56} radius="xl" color="teal" variant="light">
            <IconCircleCheck size={34} />
          </ThemeIcon>
          <Title order={3}>{t('entry.posted')}</Title>
          <Text c="dimmed" fz="sm">
            {t(`kinds.${posted.kind}`)} · {t('entry.postedLines', { count: posted.lines.length })} · {formatMoney(posted.totalValue)}
          </Text>
          <Text fz={26} fw={700} className="mono-ltr" data-testid="move-posted-number">
            {posted.number}
          </Text>
          <Group mt="sm">
            <Button variant="default" onClick={() => navigate(`/stock/moves?move=${posted.id}`)} data-testid="move-view">
              {t('entry.viewMove')}
            </Button>
            <Button ref={againRef} leftSection={<IconPlus size={16} />} onClick={onAgain} data-testid="move-again">
              {t('entry.newMove')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Box>
  )
}
