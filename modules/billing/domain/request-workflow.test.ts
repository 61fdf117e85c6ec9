import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  REQUEST_STATUSES, REQUEST_TYPES, WORKFLOW_STEPS, addWorkingDays, canMove, dueState, isFinal, isWorkingDay, nextStatuses, stepDueDate,
  type HolidayCalendar, type RequestStatus,
} from './request-workflow'

const plain: HolidayCalendar = { extra: [], fixed: false }
const morocco: HolidayCalendar = { extra: ['2026-03-20', '2026-05-27', '2026-05-28'] } // Eid al-Fitr, Eid al-Adha (example year)

describe('request workflow: transitions', () => {
  it.each([
    ['connection', 'submitted', 'survey', true],
    ['connection', 'survey', 'quote', true],
    ['connection', 'quote', 'payment', true],
    ['connection', 'payment', 'works', true],
    ['connection', 'works', 'meter', true],
    ['connection', 'meter', 'contract', true],
    ['connection', 'contract', 'done', true],
    ['connection', 'submitted', 'works', false], // no skipping the survey and the quote
    ['connection', 'survey', 'submitted', false], // no going back
    ['complaint', 'submitted', 'investigating', true],
    ['complaint', 'investigating', 'answered', true],
    ['complaint', 'answered', 'done', true],
    ['complaint', 'submitted', 'survey', false], // another type's step
    ['complaint', 'investigating', 'rejected', true],
    ['information', 'submitted', 'done', true],
    ['subscription', 'payment', 'contract', true],
    ['termination', 'final_reading', 'settlement', true],
    ['termination', 'done', 'cancelled', false], // final
    ['complaint', 'rejected', 'submitted', false],
  ] as const)('%s: %s → %s allowed = %s', (type, from, to, allowed) => {
    expect(canMove(type, from, to)).toBe(allowed)
  })

  it('every type reaches done by following its steps; final statuses lead nowhere', () => {
    for (const type of REQUEST_TYPES) {
      let status: RequestStatus = 'submitted'
      const walked: RequestStatus[] = [status]
      while (!isFinal(status)) {
        status = nextStatuses(type, status)[0]
        walked.push(status)
      }
      expect(walked).toEqual([...WORKFLOW_STEPS[type], 'done'])
    }
    for (const type of REQUEST_TYPES) for (const s of ['done', 'rejected', 'cancelled'] as const) expect(nextStatuses(type, s)).toEqual([])
  })

  it('a move is allowed only to a status nextStatuses lists (any type, any pair)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...REQUEST_TYPES), fc.constantFrom(...REQUEST_STATUSES), fc.constantFrom(...REQUEST_STATUSES), (type, from, to) => {
        expect(canMove(type, from, to)).toBe(nextStatuses(type, from).includes(to))
        if (canMove(type, from, to)) expect(WORKFLOW_STEPS[type].includes(from)).toBe(true)
      }),
    )
  })
})

describe('request workflow: SLA in working days', () => {
  it.each([
    // start (weekday)        days  due
    ['2026-01-05', 0, '2026-01-05'], // Monday, 0 days: the same day
    ['2026-01-05', 1, '2026-01-06'],
    ['2026-01-05', 4, '2026-01-09'], // Friday
    ['2026-01-05', 5, '2026-01-12'], // over the weekend
    ['2026-01-09', 1, '2026-01-12'], // Friday + 1 → Monday
    ['2026-01-10', 1, '2026-01-12'], // received on a Saturday
    ['2026-01-09', 2, '2026-01-13'], // the Amazigh New Year (14th) is not in the way yet
    ['2026-01-09', 3, '2026-01-15'], // …now it is: the 14th is skipped
    ['2026-03-19', 1, '2026-03-23'], // Eid (configured) Friday 20th, weekend
    ['2026-07-29', 1, '2026-07-31'], // Throne Day
    ['2026-05-26', 1, '2026-05-29'], // Eid al-Adha, two days
    ['2026-05-26', 2, '2026-06-01'],
  ])('%s + %i working days = %s', (start, days, due) => {
    expect(addWorkingDays(start, days, morocco)).toBe(due)
  })

  it('without holidays, only weekends are skipped', () => {
    expect(addWorkingDays('2026-01-09', 3, plain)).toBe('2026-01-14')
    expect(isWorkingDay('2026-01-14', plain)).toBe(true)
    expect(isWorkingDay('2026-01-14', morocco)).toBe(false)
  })

  it('step due dates: per type and step; none once final', () => {
    expect(stepDueDate('complaint', 'submitted', '2026-01-05', morocco)).toBe('2026-01-07')
    expect(stepDueDate('connection', 'works', '2026-01-05', plain)).toBe('2026-01-26')
    expect(stepDueDate('complaint', 'done', '2026-01-05', morocco)).toBeNull()
  })

  const day = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 11, 31) }).map((t) => new Date(t).toISOString().slice(0, 10))
  const calendar = fc.record({ extra: fc.array(day, { maxLength: 20 }), fixed: fc.boolean() })

  it('property: due ≥ start, a working day when days ≥ 1, monotone in the days', () => {
    fc.assert(
      fc.property(day, fc.nat(60), fc.nat(60), calendar, (start, a, b, cal) => {
        const dueA = addWorkingDays(start, a, cal)
        const dueB = addWorkingDays(start, b, cal)
        expect(dueA >= start).toBe(true)
        if (a >= 1) {
          expect(dueA > start).toBe(true)
          expect(isWorkingDay(dueA, cal)).toBe(true)
        }
        if (a <= b) expect(dueA <= dueB).toBe(true)
        if (a < b) expect(dueA < dueB).toBe(true)
      }),
    )
  })

  it('property: n working days span n working days (counted back day by day)', () => {
    fc.assert(
      fc.property(day, fc.nat(40), calendar, (start, n, cal) => {
        const due = addWorkingDays(start, n, cal)
        let count = 0
        for (let d = start; d < due; ) {
          d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
          if (isWorkingDay(d, cal)) count++
        }
        expect(count).toBe(n)
      }),
    )
  })

  it('due state: overdue after the day, soon on the day and the working day before', () => {
    expect(dueState(null, '2026-01-05', morocco)).toBe('none')
    expect(dueState('2026-01-02', '2026-01-05', morocco)).toBe('overdue')
    expect(dueState('2026-01-05', '2026-01-05', morocco)).toBe('soon')
    expect(dueState('2026-01-12', '2026-01-09', morocco)).toBe('soon') // Friday → due Monday
    expect(dueState('2026-01-13', '2026-01-09', morocco)).toBe('ok')
  })
})
