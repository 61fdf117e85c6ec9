/** The app's contract: the intersection of the modules'. The renderer's `invoke` is typed from it. */
import type { CoreContract } from './core/contract'
import type { AdminContract } from './admin/contract'
import type { StockContract } from './stock/contract'
import type { SyncContract } from './sync/contract'
import type { DocumentsContract } from './documents/contract'
import type { BillingContract } from './billing/contract'
import type { Customer360Contract } from './billing/customer360.contract'
import type { BillingMapContract } from './billing/map.contract'
import type { MessagesContract } from './billing/messages.contract'
import type { RequestsContract } from './billing/requests.contract'
import type { PaymentsContract } from './billing/payments.contract'
import type { ReadingsContract } from './billing/readings.contract'
import type { RunsContract } from './billing/runs.contract'
import type { DunningContract } from './billing/dunning.contract'

export type AppContract = CoreContract & AdminContract & StockContract & SyncContract & DocumentsContract & BillingContract & Customer360Contract & BillingMapContract & MessagesContract & RequestsContract & PaymentsContract & ReadingsContract & RunsContract & DunningContract
export type MethodName = keyof AppContract & string
