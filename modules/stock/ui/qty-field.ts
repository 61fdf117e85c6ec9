/** Quantity fields by unit: whole-unit items (domain/units.ts) get a number field stepping by 1. Pure. */
import { isCountUom } from '../domain/units'

/**
 * Props of a quantity field for an item's unit: counts (u, box, roll) get a number field stepping by 1
 * with no decimals; measured units keep a decimal text field ("12,5").
 */
export function qtyInputProps(uom: string): { type?: 'number'; step?: number; min?: number; inputMode: 'numeric' | 'decimal' } {
  return isCountUom(uom) ? { type: 'number', step: 1, min: 0, inputMode: 'numeric' } : { inputMode: 'decimal' }
}

/** A saved quantity as a quantity field shows it: plain whole units for counts (a number field), else formatted. */
export const qtyFieldText = (uom: string, thousandths: number, formatQty: (thousandths: number) => string): string =>
  isCountUom(uom) && thousandths % 1000 === 0 ? String(thousandths / 1000) : formatQty(thousandths)
