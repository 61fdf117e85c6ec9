/** Demo requests: one overdue complaint, a connection under way and assigned, a closed information request, a new termination. */
import type { CallContext } from '../core/backend/types'
import { addCalendarDays } from './domain/request-workflow'
import { requestAssignSchema, requestCreateSchema, requestMoveSchema } from './requests.contract'
import { moroccoDay, requestsService as s } from './requests.service'

export async function seedRequestsDemo(ctx: CallContext, subscriberIds: string[]): Promise<void> {
  const today = moroccoDay(ctx.now())
  const [clerk] = (await ctx.db.query(`SELECT id FROM users WHERE username = 'clerk'`)) as { id: string }[]
  const create = (input: Record<string, unknown>) => s.create(ctx, requestCreateSchema.parse(input))
  const move = (id: string, to: string, comment = '') => s.move(ctx, requestMoveSchema.parse({ id, to, comment }))

  // Received ten days ago and never handled: overdue.
  await create({
    type: 'complaint', channel: 'phone', subscriberId: subscriberIds[0] ?? null, subject: 'Eau trouble au robinet depuis une semaine',
    description: 'Le client signale une eau jaunâtre le matin.', receivedOn: addCalendarDays(today, -10),
  })
  const connection = await create({
    type: 'connection', channel: 'counter', applicantName: 'Karim Ouazzani', applicantCin: 'AB123456', applicantPhone: '0661223344',
    subject: 'Nouveau branchement eau et électricité, lot Al Amal 27', receivedOn: addCalendarDays(today, -3),
  })
  await move(connection.id, 'survey', 'Visite prévue avec le technicien du secteur S03.')
  if (clerk) await s.assign(ctx, requestAssignSchema.parse({ id: connection.id, assigneeId: clerk.id }))
  const info = await create({ type: 'information', channel: 'web', subscriberId: subscriberIds[1] ?? null, subject: 'Horaires d’ouverture de l’agence' })
  await move(info.id, 'done', 'Du lundi au vendredi, 8 h 30 – 16 h 30.')
  await create({ type: 'termination', channel: 'counter', subscriberId: subscriberIds[2] ?? null, subject: 'Résiliation pour déménagement' })
}
