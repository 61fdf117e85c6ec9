/** Offline map contract → service. */
import type { Handlers } from '../core/backend/types'
import type { mapMethods } from './map.contract'
import { mapService as s } from './map.service'

export const mapHandlers: Handlers<typeof mapMethods> = {
  'billing.map.points': (input, ctx) => s.points(ctx, input),
  'billing.map.facets': (_input, ctx) => s.facets(ctx),
}
