/** Posting the move: wait for queued scans, check the lines, check the contract, post; then start anew. */
import { useState, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { movePostSchema, type MoveDetail } from '../../contract'
import { parseMoney, parseQty, useRpcMutation, zodIssueMessage } from '../../../../renderer/src/ui-kit'
import { NS, stockErrorMessage } from '../common'
import { buildMovePostInput, type LineErrorKeys } from './move-input'
import type { LineErrors, MoveDraft } from './useMoveDraft'
import type { MoveScanner } from './useMoveScanner'

const parsers = { qty: parseQty, money: parseMoney }

export function useMovePost(draft: MoveDraft, scanner: MoveScanner, opts: { scanRef: RefObject<HTMLInputElement | null>; binCode: (id: string) => string }) {
  const { t } = useTranslation(NS)
  const [formError, setFormError] = useState<string | null>(null)
  const [posted, setPosted] = useState<MoveDetail | null>(null)
  const post = useRpcMutation('stock.moves.post', { invalidate: ['stock.'] })

  const translate = (errors: Record<string, LineErrorKeys>): Record<string, LineErrors> =>
    Object.fromEntries(Object.entries(errors).map(([line, fields]) => [line, Object.fromEntries(Object.entries(fields).map(([f, key]) => [f, t(key)]))]))

  const submit = async () => {
    if (post.isPending || posted) return
    setFormError(null)
    const queued = scanner.queued()
    if (queued) await queued
    // Read the lines after the wait: a scan finished meanwhile has not re-rendered this closure yet.
    const lines = draft.latest.current.lines
    if (lines.length === 0) {
      setFormError(t('entry.errors.noLines'))
      return opts.scanRef.current?.focus()
    }
    const { input, errors } = buildMovePostInput(draft.header, lines, parsers)
    draft.setErrors(translate(errors))
    if (!input) return setFormError(t('entry.errors.fix'))
    const parsed = movePostSchema.safeParse(input)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      return setFormError(`${issue.path.join('.')}: ${zodIssueMessage(issue, t)}`)
    }
    try {
      setPosted(await post.mutateAsync(input))
    } catch (e) {
      setFormError(stockErrorMessage(e, t, { binCode: opts.binCode }))
    }
  }

  /** A new move after this one (kind, date and default bins stay). */
  const reset = () => {
    draft.clear()
    setFormError(null)
    scanner.setFeedback(null)
    setPosted(null)
    post.reset()
  }

  return { submit, reset, posted, formError, setFormError, posting: post.isPending }
}
