/** The count sheet `window.print()` prints (hidden on screen): the lines with a blank counted column, expected quantities unless blind. */
import { useTranslation } from 'react-i18next'
import type { CountDetail } from '../../contract'
import { formatDate } from '../../../../renderer/src/ui-kit'
import { NS, itemName, qtyText } from '../common'
import { serialText } from './count-entry'

const PRINT_CSS = `
.count-print-sheet { display: none; }
@media print {
  body * { visibility: hidden !important; }
  .count-print-sheet, .count-print-sheet * { visibility: visible !important; }
  .count-print-sheet { display: block !important; position: absolute; inset: 0; padding: 12mm; background: #fff; color: #000; font-size: 11pt; }
  .count-print-sheet table { width: 100%; border-collapse: collapse; }
  .count-print-sheet th, .count-print-sheet td { border: 1px solid #444; padding: 4px 6px; text-align: start; }
  .count-print-sheet td.blank { min-width: 30mm; }
  .count-print-sheet tr { page-break-inside: avoid; }
}`

/** The print rules: only the sheet prints. */
export const CountPrintStyle = () => <style>{PRINT_CSS}</style>

export function CountPrintSheet({ count, showExpected }: { count: CountDetail; showExpected: boolean }) {
  const { t } = useTranslation(NS)
  return (
    <div className="count-print-sheet" data-testid="count-print-sheet" aria-hidden>
      <h2>{t('counts.print.title', { number: count.number })}</h2>
      <p>{t('counts.print.header', { depot: `${count.depotCode} — ${count.depotName}`, date: formatDate(count.openedAt) })}</p>
      <table>
        <thead>
          <tr>
            <th>{t('counts.col.bin')}</th>
            <th>{t('counts.col.item')}</th>
            <th>{t('counts.col.name')}</th>
            <th>{t('counts.col.lotSerial')}</th>
            {showExpected && <th>{t('counts.col.expected')}</th>}
            <th>{t('counts.col.counted')}</th>
          </tr>
        </thead>
        <tbody>
          {count.lines.map((l) => (
            <tr key={l.id}>
              <td>{l.binCode}</td>
              <td>{l.itemCode}</td>
              <td>{itemName(l)}</td>
              <td>{serialText(l)}</td>
              {showExpected && <td>{qtyText(t, l.expectedQty, l.uom)}</td>}
              <td className="blank">{l.tracking === 'serial' ? '☐' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t('counts.print.signature')}</p>
    </div>
  )
}
