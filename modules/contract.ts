/** The app's contract: the intersection of the modules'. The renderer's `invoke` is typed from it. */
import type { CoreContract } from './core/contract'
import type { AdminContract } from './admin/contract'
import type { StockContract } from './stock/contract'
import type { SyncContract } from './sync/contract'
import type { DocumentsContract } from './documents/contract'
import type { BillingContract } from './billing/contract'

export type AppContract = CoreContract & AdminContract & StockContract & SyncContract & DocumentsContract & BillingContract
export type MethodName = keyof AppContract & string
