/** The app's contract: the intersection of the modules'. The renderer's `invoke` is typed from it. */
import type { CoreContract } from './core/contract'
import type { AdminContract } from './admin/contract'
import type { StockContract } from './stock/contract'

export type AppContract = CoreContract & AdminContract & StockContract
export type MethodName = keyof AppContract & string
