/**
 * Customer requests: the steps of each request type, which moves are allowed, and SLA due dates in working days.
 * Pure: no database, no clock (callers pass the dates).
 *
 * A request's status is the step in progress. Each type walks its steps in order; any open request may be rejected
 * or cancelled. `done`, `rejected` and `cancelled` are final. The SLA of a step is counted in working days from
 * the day the step began: Monday to Friday, minus public holidays (the fixed civil ones below plus a configurable
 * list, e.g. the lunar religious holidays of the year).
 */

export const REQUEST_TYPES = ['connection', 'subscription', 'termination', 'complaint', 'information'] as const
export type RequestType = (typeof REQUEST_TYPES)[number]

export const REQUEST_STATUSES = [
  'submitted', 'survey', 'quote', 'payment', 'works', 'meter', 'contract', 'final_reading', 'settlement', 'investigating', 'answered',
  'done', 'rejected', 'cancelled',
] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]

export const FINAL_STATUSES: readonly RequestStatus[] = ['done', 'rejected', 'cancelled']

/** The steps of each type in order (the last one moves to `done`). */
export const WORKFLOW_STEPS: Record<RequestType, readonly RequestStatus[]> = {
  connection: ['submitted', 'survey', 'quote', 'payment', 'works', 'meter', 'contract'],
  subscription: ['submitted', 'payment', 'contract'],
  termination: ['submitted', 'final_reading', 'settlement'],
  complaint: ['submitted', 'investigating', 'answered'],
  information: ['submitted'],
}

/** Working days allowed for each step (the request is due that many working days after the step began). */
export const STEP_SLA_DAYS: Record<RequestType, Partial<Record<RequestStatus, number>>> = {
  connection: { submitted: 2, survey: 5, quote: 3, payment: 10, works: 15, meter: 3, contract: 2 },
  subscription: { submitted: 2, payment: 5, contract: 2 },
  termination: { submitted: 2, final_reading: 3, settlement: 5 },
  complaint: { submitted: 2, investigating: 10, answered: 3 },
  information: { submitted: 3 },
}

export const CHANNELS = ['counter', 'phone', 'web', 'sms'] as const
export type RequestChannel = (typeof CHANNELS)[number]

export const isFinal = (status: RequestStatus): boolean => FINAL_STATUSES.includes(status)

/** Statuses an open request of this type may move to from `status` (none once final). */
export function nextStatuses(type: RequestType, status: RequestStatus): RequestStatus[] {
  if (isFinal(status)) return []
  const steps = WORKFLOW_STEPS[type]
  const at = steps.indexOf(status)
  if (at < 0) return []
  const forward = at === steps.length - 1 ? 'done' : steps[at + 1]
  return [forward, 'rejected', 'cancelled']
}

export const canMove = (type: RequestType, from: RequestStatus, to: RequestStatus): boolean => nextStatuses(type, from).includes(to)

/** Working days of the step, or null for a final status (nothing is due). */
export function stepSlaDays(type: RequestType, status: RequestStatus): number | null {
  if (isFinal(status)) return null
  return STEP_SLA_DAYS[type][status] ?? null
}

// ---------------------------------------------------------------------------------------------
// Working days

/** Fixed-date Moroccan public holidays (MM-DD): New Year, Independence Manifesto, Amazigh New Year, Labour Day,
 * Throne Day, Oued Eddahab, Revolution, Youth Day, Green March, Independence Day. */
export const FIXED_HOLIDAYS = ['01-01', '01-11', '01-14', '05-01', '07-30', '08-14', '08-20', '08-21', '11-06', '11-18'] as const

const DAY_MS = 86_400_000
const ISO = /^\d{4}-\d{2}-\d{2}$/

function toUtc(date: string): number {
  if (!ISO.test(date)) throw new RangeError(`expected YYYY-MM-DD, got ${date}`)
  const t = Date.parse(`${date}T00:00:00Z`)
  if (Number.isNaN(t)) throw new RangeError(`invalid date ${date}`)
  return t
}
const fromUtc = (t: number): string => new Date(t).toISOString().slice(0, 10)

export const addCalendarDays = (date: string, days: number): string => fromUtc(toUtc(date) + days * DAY_MS)

export interface HolidayCalendar {
  /** Extra non-working dates (YYYY-MM-DD), e.g. Eid al-Fitr of the year. */
  extra: readonly string[]
  /** Count the fixed civil holidays too (default true). */
  fixed?: boolean
}

export function isWorkingDay(date: string, calendar: HolidayCalendar): boolean {
  const weekday = new Date(toUtc(date)).getUTCDay()
  if (weekday === 0 || weekday === 6) return false
  if (calendar.fixed !== false && (FIXED_HOLIDAYS as readonly string[]).includes(date.slice(5))) return false
  return !calendar.extra.includes(date)
}

/**
 * The `days`-th working day after `start` (the start day itself is day 0, whatever it is): 0 → `start`.
 * A request received on Friday with a 1-day SLA is due on Monday.
 */
export function addWorkingDays(start: string, days: number, calendar: HolidayCalendar): string {
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`days must be a non-negative integer, got ${days}`)
  let t = toUtc(start)
  for (let left = days; left > 0; ) {
    t += DAY_MS
    if (isWorkingDay(fromUtc(t), calendar)) left--
  }
  return fromUtc(t)
}

/** Due date of a step that began on `stepStart`; null when nothing is due (final status). */
export function stepDueDate(type: RequestType, status: RequestStatus, stepStart: string, calendar: HolidayCalendar): string | null {
  const days = stepSlaDays(type, status)
  return days === null ? null : addWorkingDays(stepStart, days, calendar)
}

export type DueState = 'none' | 'ok' | 'soon' | 'overdue'

/** Overdue after the due day; "soon" when the due day is today or the next working day. */
export function dueState(due: string | null, today: string, calendar: HolidayCalendar): DueState {
  if (due === null) return 'none'
  if (due < today) return 'overdue'
  return due <= addWorkingDays(today, 1, calendar) ? 'soon' : 'ok'
}
