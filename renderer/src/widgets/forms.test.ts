import type { TFunction } from 'i18next'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { zodValidate } from './forms'

/** Stands in for i18next: the key, so the test sees which message was chosen. */
const t = ((key: string) => key) as unknown as TFunction

const schema = z
  .object({ name: z.string().min(2), cin: z.string().max(8).nullable() })
  .superRefine((v, ctx) => {
    if (v.cin && !/^[A-Z]{1,2}\d+$/.test(v.cin)) ctx.addIssue({ code: 'custom', message: 'CIN_FORMAT', path: ['cin'] })
  })

describe('zodValidate', () => {
  it('an empty field reads "required", a short one "too short"', () => {
    expect(zodValidate(schema, t)({ name: '', cin: null })).toEqual({ name: 'translation:validation.required' })
    expect(zodValidate(schema, t)({ name: 'a', cin: null })).toEqual({ name: 'translation:validation.tooShort' })
  })

  it("a refinement's code is translated from the module's namespace only when one is given", () => {
    expect(zodValidate(schema, t, {}, 'billing')({ name: 'Amal', cin: '12' })).toEqual({ cin: 'billing:validation.CIN_FORMAT' })
    expect(zodValidate(schema, t)({ name: 'Amal', cin: '12' })).toEqual({ cin: 'translation:validation.invalid' })
  })
})
