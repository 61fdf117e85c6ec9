/** Saving the typed counts (button, Ctrl+S, and before any action), and the keeper / manager actions that follow a save. */
import { useState } from 'react'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import type { CountDetail } from '../../contract'
import { parseQty, useRpcMutation } from '../../../../renderer/src/ui-kit'
import { NS } from '../common'
import { countErrorMessage } from '../CountsScreen'
import { buildCountChanges } from './count-entry'
import type { CountEntry } from './useCountEntry'

export type CountSaver = ReturnType<typeof useCountSave>

export function useCountSave(count: CountDetail, entry: CountEntry) {
  const { t } = useTranslation(NS)
  const [error, setError] = useState<string | null>(null)
  const opts = { invalidate: ['stock.'] }
  const save = useRpcMutation('stock.counts.saveLines', opts)
  const submit = useRpcMutation('stock.counts.submit', opts)
  const post = useRpcMutation('stock.counts.post', opts)
  const approve = useRpcMutation('stock.counts.approve', opts)

  /** Saves the typed counts, if any; false (with the error shown) when they could not be saved. */
  const saveCounts = async (): Promise<boolean> => {
    setError(null)
    if (!entry.dirty) return true
    const changes = buildCountChanges(count.lines, entry.drafts, entry.added, parseQty)
    if (changes.invalid) {
      setError(t(changes.invalid.reason === 'wholeUnits' ? 'counts.wholeUnits' : 'counts.qtyInvalid', { code: changes.invalid.itemCode }))
      entry.focusQty(changes.invalid.key)
      return false
    }
    try {
      await save.mutateAsync({ id: count.id, lines: changes.lines })
      entry.clear()
      notifications.show({ color: 'teal', message: t('counts.saved', { n: changes.lines.length }) })
      return true
    } catch (e) {
      setError(countErrorMessage(e, t))
      return false
    }
  }

  /** Saves the typed counts, then runs the action and confirms it with `message`. */
  const afterSave = async (action: () => Promise<unknown>, message: string) => {
    setError(null)
    if (!(await saveCounts())) return
    try {
      await action()
      notifications.show({ color: 'teal', message })
    } catch (e) {
      setError(countErrorMessage(e, t))
    }
  }

  const id = { id: count.id }
  return {
    error,
    clearError: () => setError(null),
    saveCounts,
    saving: save.isPending,
    submit: () => afterSave(() => submit.mutateAsync(id), t('counts.submitted')),
    submitting: submit.isPending,
    post: () => afterSave(() => post.mutateAsync(id), t('counts.postedToast')),
    posting: post.isPending,
    approve: () => afterSave(() => approve.mutateAsync(id), t('counts.postedToast')),
    approving: approve.isPending,
    busy: save.isPending || submit.isPending || post.isPending || approve.isPending,
  }
}
