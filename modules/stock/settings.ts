/** The stock module's site settings (one JSON value in core's settings table). */
import type { EntityManager } from 'typeorm'
import { getSetting } from '../core/backend/settings'
import type { StockSettings } from './contract'

export const STOCK_SETTINGS_KEY = 'stock.settings'
const DEFAULT_STOCK_SETTINGS: StockSettings = { allowNegative: false, varianceApprovalThreshold: 100_000 }

export async function readStockSettings(manager: EntityManager): Promise<StockSettings> {
  return { ...DEFAULT_STOCK_SETTINGS, ...((await getSetting<StockSettings>(manager, STOCK_SETTINGS_KEY)) ?? {}) }
}
