/**
 * What module UIs (`modules/<id>/ui`) may use from the renderer: typed RPC hooks, shared widgets,
 * session, formatting. Import this file only (plus contracts, Mantine and other UI libraries).
 */
export { invoke, RpcFailure, isRpcFailure, useRpcQuery, useRpcMutation, useListQuery, usePushEvent, rpcKey } from './api'
export type { ListMethod, RowOf, In, Out } from './api'
export { DataTable, PAGE_SIZES, downloadFile, downloadText } from './widgets/data-table'
export type { DataTableProps, FilterOption } from './widgets/data-table'
export { Page } from './widgets/Page'
export { JsonDiff } from './widgets/JsonDiff'
export { FileDrop } from './widgets/FileDrop'
export type { FileDropProps } from './widgets/FileDrop'
export { usePdfDocument, PdfPageCanvas } from './widgets/PdfViewer'
export type { PdfState, PdfPageCanvasProps } from './widgets/PdfViewer'
export { FormActions } from './widgets/FormActions'
export { isValidationCode, zodValidate, zodIssueMessage } from './widgets/forms'
export { formatDate, formatNumber, errorMessage, formatFixed, formatMoney, formatQty, parseFixed, parseMoney, parseQty } from './i18n/format'
export { currentLanguage, intlLocale } from './i18n'
export { useSession, useUser } from './shell/session'
export type { UiModule, UiRoute } from './shell/ui-module'
