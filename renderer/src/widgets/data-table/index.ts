export { DataTable } from './DataTable'
export type { DataTableProps, FilterKind, FilterOption, TablePrefs } from './types'
export { PAGE_SIZES } from './types'
export { downloadFile, downloadText } from './download'
