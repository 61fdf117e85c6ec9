/**
 * Allocation of a contract's credits to its debits (pure).
 *
 * Rule (stated precisely, the property test checks it):
 *  - Every entry with amount > 0 is an item to settle (bill, deposit, a payment reversal — a bounced cheque makes the
 *    money owed again —, or any positive correction).
 *  - Every entry with amount < 0 (payment, credit note, deposit refund, negative bill) feeds one credit pool:
 *    pool = −Σ negative amounts.
 *  - Chosen allocations (a payment the customer asked to put on given bills) are applied first, each capped at
 *    what is still open on its item and at what is left in the pool; the rest of the pool settles the items oldest
 *    first: by due date (the entry date when it has none), then date, then id.
 *  - Hence Σ open = max(balance, 0) and the credit (unallocated pool) = max(−balance, 0), with balance = Σ amounts.
 */

export interface AllocEntry {
  id: string
  amount: number
  date: string
  dueDate: string | null
  refId: string
}

export interface ChosenAllocation {
  /** refId of the item (bill id…). */
  refId: string
  amount: number
}

export interface AllocResult {
  /** Open amount per item entry id (items only, in oldest-first order). */
  open: Map<string, number>
  /** Items in the order they are settled. */
  items: AllocEntry[]
  /** Unallocated credit (≥ 0). */
  credit: number
  balance: number
}

export function itemOrder(a: AllocEntry, b: AllocEntry): number {
  const da = a.dueDate ?? a.date
  const db = b.dueDate ?? b.date
  if (da !== db) return da < db ? -1 : 1
  if (a.date !== b.date) return a.date < b.date ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

export function allocate(entries: readonly AllocEntry[], chosen: readonly ChosenAllocation[] = []): AllocResult {
  const items = entries.filter((e) => e.amount > 0).sort(itemOrder)
  let pool = 0
  let balance = 0
  for (const e of entries) {
    balance += e.amount
    if (e.amount < 0) pool -= e.amount
  }
  const open = new Map(items.map((i) => [i.id, i.amount]))
  for (const c of chosen) {
    if (pool <= 0) break
    // The oldest item carrying that refId that is still open.
    const target = items.find((i) => i.refId === c.refId && (open.get(i.id) ?? 0) > 0)
    if (!target || c.amount <= 0) continue
    const take = Math.min(c.amount, open.get(target.id) ?? 0, pool)
    open.set(target.id, (open.get(target.id) ?? 0) - take)
    pool -= take
  }
  for (const i of items) {
    if (pool <= 0) break
    const take = Math.min(open.get(i.id) ?? 0, pool)
    open.set(i.id, (open.get(i.id) ?? 0) - take)
    pool -= take
  }
  return { open, items, credit: pool, balance }
}
