/** Suggestion rules: list, save (regexes checked for safety by the input schema), delete. */
import type { z } from 'zod'
import type { CallContext } from '../../core/backend/types'
import { notFound } from '../../core/backend/errors'
import { newId } from '../../core/domain/ids'
import type { RuleRow, RuleTestResult, ruleSaveInput, ruleTestInput } from '../contract'
import { prepareText, ruleEvidence } from '../domain/rules'
import { readableDocument } from './access'
import { currentText } from './suggest'

type Raw = { id: string; target: RuleRow['target']; value: string; match: RuleRow['match']; pattern: string; created_at: string }
const toRow = (r: Raw): RuleRow => ({ id: r.id, target: r.target, value: r.value, match: r.match, pattern: r.pattern, createdAt: r.created_at })

export async function listRules(ctx: CallContext): Promise<RuleRow[]> {
  const rows: Raw[] = await ctx.db.query(`SELECT * FROM documents_rules ORDER BY target, value, created_at`)
  return rows.map(toRow)
}

export async function saveRule(ctx: CallContext, input: z.output<typeof ruleSaveInput>): Promise<RuleRow> {
  return ctx.write(async (tx) => {
    const id = input.id ?? newId()
    const before: Raw[] = await tx.manager.query(`SELECT * FROM documents_rules WHERE id = ?`, [id])
    if (input.id && !before[0]) throw notFound('Rule', { id })
    const values = [input.target, input.value, input.match, input.pattern]
    if (before[0]) await tx.manager.query(`UPDATE documents_rules SET target = ?, value = ?, match = ?, pattern = ? WHERE id = ?`, [...values, id])
    else await tx.manager.query(`INSERT INTO documents_rules (target, value, match, pattern, id, created_at) VALUES (?, ?, ?, ?, ?, ?)`, [...values, id, ctx.now().toISOString()])
    const after: Raw[] = await tx.manager.query(`SELECT * FROM documents_rules WHERE id = ?`, [id])
    tx.audit({ entity: 'documents_rules', entityId: id, before: before[0] ? toRow(before[0]) : undefined, after: toRow(after[0]) })
    return toRow(after[0])
  })
}

export async function deleteRule(ctx: CallContext, id: string): Promise<void> {
  await ctx.write(async (tx) => {
    const before: Raw[] = await tx.manager.query(`SELECT * FROM documents_rules WHERE id = ?`, [id])
    if (!before[0]) throw notFound('Rule', { id })
    await tx.manager.query(`DELETE FROM documents_rules WHERE id = ?`, [id])
    tx.audit({ entity: 'documents_rules', entityId: id, before: toRow(before[0]), after: null })
  })
}

/** Would this rule (saved or not) match that document? Nothing is written. */
export async function testRule(ctx: CallContext, input: z.output<typeof ruleTestInput>): Promise<RuleTestResult> {
  const head = await readableDocument(ctx, input.documentId)
  const evidence = ruleEvidence(input.match, input.pattern, prepareText(await currentText(ctx, head.id)))
  return { matched: evidence.length > 0, evidence }
}
