/**
 * Over-consumption alert (pure): is a new read far above the customer's usual, and why?
 *  - usual = the usual daily consumption × the read's days (the same period, so a 60-day read compares with 60 days).
 *  - **leak**: the extra daily flow (consumption / days − usual daily) is at least LEAK_MIN_EXTRA_DAILY of the
 *    commodity (a leak runs day and night: 150 L of water, 5 kWh a day) AND either the consumption is at least
 *    LEAK_RATIO × usual, or the history is zero (a home that never consumed now draws a steady flow).
 *  - **tranche**: not a leak, above usual, and the consumption reaches a higher tariff band (prorated to the read's
 *    days) than the usual consumption would, and above the first: the customer is told the unit price goes up.
 *  - otherwise none; none as well without history (no usual to compare with).
 */
import { computeCharge, TariffError, type Commodity, type TariffVersion } from './tariff'

export const LEAK_RATIO = 2
/** Thousandths per day of extra flow that make a leak likely (water m³, electricity kWh). */
export const LEAK_MIN_EXTRA_DAILY: Record<'water' | 'electricity', number> = { water: 150, electricity: 5000 }

export interface OverconsumptionInput {
  commodity: 'water' | 'electricity'
  /** Thousandths over `days`. */
  consumption: number
  days: number
  /** Thousandths per day from the history (null: too little history). */
  usualDaily: number | null
  /** Band reached by this consumption over the read's period (1-based); null when no tariff prices it. */
  tranche: number | null
  /** Band the usual consumption over the same period reaches. */
  usualTranche: number | null
}

export type OverconsumptionCause = 'none' | 'tranche' | 'leak'

export interface OverconsumptionResult {
  cause: OverconsumptionCause
  /** The usual consumption over the read's days (thousandths); null without history. */
  usual: number | null
  tranche: number | null
}

export function assessOverconsumption(input: OverconsumptionInput): OverconsumptionResult {
  const { consumption, days, usualDaily } = input
  if (usualDaily === null || days <= 0 || consumption <= 0) return { cause: 'none', usual: usualDaily === null ? null : Math.round(Math.max(0, usualDaily) * Math.max(0, days)), tranche: input.tranche }
  const usual = Math.round(usualDaily * days)
  const extraDaily = consumption / days - usualDaily
  const sustained = extraDaily >= LEAK_MIN_EXTRA_DAILY[input.commodity]
  if (sustained && (usualDaily <= 0 || consumption >= LEAK_RATIO * usual)) return { cause: 'leak', usual, tranche: input.tranche }
  if (consumption > usual && input.tranche !== null && input.usualTranche !== null && input.tranche > Math.max(1, input.usualTranche)) return { cause: 'tranche', usual, tranche: input.tranche }
  return { cause: 'none', usual, tranche: input.tranche }
}

/** The highest band a consumption reaches over [from, to) with the versions in force (prorated); null when none prices it. */
export function trancheReached(versions: readonly TariffVersion[], input: { commodity: Commodity; category: string; from: string; to: string; consumption: number }): number | null {
  if (input.consumption <= 0) return 0
  try {
    const charge = computeCharge(versions, input)
    return Math.max(0, ...charge.segments.flatMap((s) => s.bands.filter((b) => b.qty > 0).map((b) => b.band)))
  } catch (e) {
    if (e instanceof TariffError) return null
    throw e
  }
}
