/** Stock contract → service. */
import type { Handlers } from '../core/backend/types'
import type { stockMethods } from './contract'
import { stockService as s } from './stock.service'
import { listReorder } from './reorder'
import { importItems } from './items-import'
import { countHandlers } from './counts.handlers'
import { transferHandlers } from './transfers.handlers'

export const stockHandlers: Handlers<typeof stockMethods> = {
  'stock.items.list': (q, ctx) => s.listItems(ctx, q),
  'stock.items.get': (input, ctx) => s.getItem(ctx, input.id),
  'stock.items.create': (input, ctx) => s.createItem(ctx, input),
  'stock.items.update': (input, ctx) => s.updateItem(ctx, input),
  'stock.items.lookup': (input, ctx) => s.lookup(ctx, input.text),
  'stock.levels.list': (input, ctx) => s.listLevels(ctx, input.itemId),
  'stock.levels.set': (input, ctx) => s.setLevel(ctx, input),
  'stock.depots.list': (q, ctx) => s.listDepots(ctx, q),
  'stock.depots.create': (input, ctx) => s.createDepot(ctx, input),
  'stock.depots.update': (input, ctx) => s.updateDepot(ctx, input),
  'stock.bins.list': (q, ctx) => s.listBins(ctx, q),
  'stock.bins.create': (input, ctx) => s.createBin(ctx, input),
  'stock.bins.update': (input, ctx) => s.updateBin(ctx, input),
  'stock.moves.post': (input, ctx) => s.postMove(ctx, input),
  'stock.moves.reverse': (input, ctx) => s.reverseMove(ctx, input),
  'stock.moves.get': (input, ctx) => s.getMove(ctx, input.id),
  'stock.moves.list': (q, ctx) => s.listMoves(ctx, q),
  'stock.onhand.list': (q, ctx) => s.listOnHand(ctx, q),
  'stock.valuation.report': (input, ctx) => s.valuationReport(ctx, input),
  'stock.serials.list': (q, ctx) => s.listSerials(ctx, q),
  'stock.serials.get': (input, ctx) => s.getSerial(ctx, input.id),
  'stock.serials.install': (input, ctx) => s.installSerial(ctx, input),
  'stock.serials.remove': (input, ctx) => s.removeSerial(ctx, input),
  'stock.settings.get': (_input, ctx) => s.getSettings(ctx),
  'stock.settings.update': (input, ctx) => s.updateSettings(ctx, input),
  'stock.reorder.list': (q, ctx) => listReorder(ctx.db.manager, q),
  'stock.items.import': (input, ctx) => importItems(ctx, input),
  ...countHandlers,
  ...transferHandlers,
}
