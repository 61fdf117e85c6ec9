/**
 * Billing (customers) methods: tariff versions and their simulation, subscribers, connection points.
 * Types and zod only: the billing UI imports this file.
 *
 * Units on the wire: consumption in integer thousandths of m³ / kWh, money in integer centimes, tariff rates in
 * ten-thousandths of a dirham per unit (0.9010 DH = 9010), VAT in basis points (7 % = 700), dates `YYYY-MM-DD`,
 * GPS in decimal degrees (6 decimals kept).
 */
import { z } from 'zod'
import { method, listQuerySchema, type ContractOf, type Page } from '../core/rpc'
import { COMMODITIES, TRANCHE_RULES, type BillComputation, type Commodity, type TariffBand, type TariffFee, type TrancheRule } from './domain/tariff'
import { normaliseCin, normaliseIce, normaliseMobile } from './domain/identity'

export { COMMODITIES, TRANCHE_RULES }
export type { BillComputation, Commodity, TariffBand, TariffFee, TrancheRule }
export type { BandLine, FeeLine, Segment, ChargeResult } from './domain/tariff'

export const BILLING_PERMISSIONS = {
  read: 'billing.read',
  manage: 'billing.manage',
  tariffs: 'billing.tariffs',
} as const

/**
 * Module error reasons (in `details.reason` of generic codes):
 *  - CONFLICT `TARIFF_PUBLISHED`: a published version is read-only.
 *  - CONFLICT `TARIFF_OVERLAP`: another published version of the same commodity and category covers some of the dates.
 *  - CONFLICT `TARIFF_BILLED`: publishing would cut short a version that bills already used after the new start date.
 *  - CONFLICT `DUPLICATES`: possible duplicate subscribers (details.candidates: DuplicateCandidate[]); resend with
 *    `confirmDuplicates: true` once the clerk has checked them.
 *  - VALIDATION `TARIFF_SHAPE` (details.problems: string[]), `NO_VERSION` (simulate: no tariff on a date).
 */
export const BILLING_REASONS = {
  tariffPublished: 'TARIFF_PUBLISHED',
  tariffOverlap: 'TARIFF_OVERLAP',
  tariffBilled: 'TARIFF_BILLED',
  duplicates: 'DUPLICATES',
  tariffShape: 'TARIFF_SHAPE',
  noVersion: 'NO_VERSION',
  commodityNotServed: 'COMMODITY_NOT_SERVED',
  subscriberInactive: 'SUBSCRIBER_INACTIVE',
  contractOverlap: 'CONTRACT_OVERLAP',
  contractEnded: 'CONTRACT_ENDED',
} as const

/** Suggested customer categories (free text accepted, lower-case code). */
export const TARIFF_CATEGORIES = ['domestique', 'social', 'industriel', 'administration', 'commercial'] as const
export const TARIFF_STATUSES = ['draft', 'published'] as const
export type TariffStatus = (typeof TARIFF_STATUSES)[number]
export const SUBSCRIBER_KINDS = ['person', 'organisation'] as const
export type SubscriberKind = (typeof SUBSCRIBER_KINDS)[number]
export const MESSAGE_LANGUAGES = ['fr', 'ar'] as const
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number]

/** Morocco including the southern provinces (decimal degrees). */
export const MOROCCO_BOUNDS = { latMin: 20.5, latMax: 36.1, lngMin: -17.3, lngMax: -0.9 } as const

// ---------------------------------------------------------------------------------------------
// Rows

export interface TariffVersionRow {
  id: string
  commodity: Commodity
  category: string
  label: string
  validFrom: string
  validTo: string | null
  rule: TrancheRule
  status: TariffStatus
  vatRate: number
  bandCount: number
  updatedAt: string
}

export interface TariffVersionDetail extends TariffVersionRow {
  progressiveUpTo: number | null
  bands: TariffBand[]
  fees: TariffFee[]
  createdAt: string
}

export interface SubscriberRow {
  id: string
  number: string
  kind: SubscriberKind
  nameLatin: string
  nameAr: string
  cin: string | null
  ice: string | null
  /** E.164. */
  phone: string | null
  phone2: string | null
  email: string | null
  address: string
  city: string
  language: MessageLanguage
  smsConsent: boolean
  siteCode: string
  active: boolean
  createdAt: string
  updatedAt: string
}

export type DuplicateMatch = 'cin' | 'ice' | 'phone' | 'name'

export interface DuplicateCandidate {
  subscriber: SubscriberRow
  matches: DuplicateMatch[]
  /** Best name similarity (Latin or Arabic), 0 … 1. */
  nameScore: number
}

export interface ConnectionPointRow {
  id: string
  code: string
  address: string
  city: string
  district: string
  sector: string
  lat: number | null
  lng: number | null
  water: boolean
  electricity: boolean
  sanitation: boolean
  siteCode: string
  active: boolean
  createdAt: string
  updatedAt: string
}

export interface ContractRow {
  id: string
  number: string
  subscriberId: string
  subscriberNumber: string
  subscriberName: string
  pointId: string
  pointCode: string
  pointAddress: string
  commodity: Commodity
  category: string
  /** Move-in date (included). */
  startDate: string
  /** Move-out date (excluded); null = running. */
  endDate: string | null
  /** Centimes. */
  deposit: number
  siteCode: string
  createdAt: string
  updatedAt: string
}

// ---------------------------------------------------------------------------------------------
// Inputs

const id = z.string().uuid()
const byId = z.object({ id }).strict()
const listInput = listQuerySchema.strict()
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'invalid date')
const MAX_QTY = 1_000_000_000 // 1 000 000 m³ / kWh in thousandths
const category = z.string().trim().toLowerCase().min(1).max(40).regex(/^[a-z0-9_-]+$/, 'a-z 0-9 _ -')

const bandSchema = z.object({ upTo: z.number().int().min(1).max(MAX_QTY).nullable(), rate: z.number().int().min(0).max(10_000_000) }).strict()
const feeSchema = z
  .object({
    code: z.string().trim().min(1).max(20).regex(/^[A-Z0-9_]+$/, 'A-Z 0-9 _'),
    label: z.string().trim().min(1).max(80),
    labelAr: z.string().trim().max(80).optional(),
    amount: z.number().int().min(0).max(100_000_000),
  })
  .strict()

const tariffFields = {
  label: z.string().trim().max(120).default(''),
  validFrom: isoDate,
  validTo: isoDate.nullable().default(null),
  rule: z.enum(TRANCHE_RULES),
  progressiveUpTo: z.number().int().min(1).max(MAX_QTY).nullable().default(null),
  bands: z.array(bandSchema).min(1).max(20),
  fees: z.array(feeSchema).max(10).default([]),
  vatRate: z.number().int().min(0).max(10_000),
}

export const tariffCreateSchema = z.object({ commodity: z.enum(COMMODITIES), category, ...tariffFields }).strict()
export const tariffUpdateSchema = z
  .object({
    id,
    label: tariffFields.label.optional(),
    validFrom: isoDate.optional(),
    validTo: isoDate.nullable().optional(),
    rule: tariffFields.rule.optional(),
    progressiveUpTo: z.number().int().min(1).max(MAX_QTY).nullable().optional(),
    bands: tariffFields.bands.optional(),
    fees: z.array(feeSchema).max(10).optional(),
    vatRate: tariffFields.vatRate.optional(),
  })
  .strict()

export const tariffSimulateSchema = z
  .object({
    category,
    /** Start of the period (previous reading); default today minus `days`. */
    from: isoDate.optional(),
    days: z.number().int().min(1).max(400),
    water: z.number().int().min(0).max(MAX_QTY).optional(),
    electricity: z.number().int().min(0).max(MAX_QTY).optional(),
    sanitation: z.boolean().default(false),
    /** Price with draft versions too (a version being prepared); default published only. */
    includeDrafts: z.boolean().default(false),
  })
  .strict()
  .refine((v) => v.water !== undefined || v.electricity !== undefined, { message: 'water or electricity', path: ['water'] })

const optionalText = (max: number) => z.string().trim().max(max).default('')

/** Empty strings mean "none"; values are normalised (CIN upper case, ICE digits, phones E.164). */
const cinField = z
  .string()
  .trim()
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .pipe(z.string().nullable().refine((v) => v === null || normaliseCin(v) !== null, 'CIN_FORMAT'))
  .transform((v) => (v === null ? null : normaliseCin(v)))
const iceField = z
  .string()
  .trim()
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .pipe(z.string().nullable().refine((v) => v === null || normaliseIce(v) !== null, 'ICE_FORMAT'))
  .transform((v) => (v === null ? null : normaliseIce(v)))
const mobileField = z
  .string()
  .trim()
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .pipe(z.string().nullable().refine((v) => v === null || normaliseMobile(v) !== null, 'MOBILE_FORMAT'))
  .transform((v) => (v === null ? null : normaliseMobile(v)))

/** Subscriber fields without defaults (an update leaves out what it does not change). */
const subscriberFields = {
  kind: z.enum(SUBSCRIBER_KINDS),
  nameLatin: z.string().trim().min(2).max(160),
  nameAr: z.string().trim().max(160),
  cin: cinField,
  ice: iceField,
  phone: mobileField,
  phone2: mobileField,
  email: z.string().trim().max(120).pipe(z.union([z.literal(''), z.email()])).transform((v) => (v === '' ? null : v)).nullable(),
  address: z.string().trim().max(300),
  city: z.string().trim().max(80),
  language: z.enum(MESSAGE_LANGUAGES),
  smsConsent: z.boolean(),
}

const subscriberBase = z.object({
  ...subscriberFields,
  nameAr: subscriberFields.nameAr.default(''),
  cin: cinField.default(null),
  ice: iceField.default(null),
  phone: mobileField.default(null),
  phone2: mobileField.default(null),
  email: subscriberFields.email.default(null),
  address: subscriberFields.address.default(''),
  city: subscriberFields.city.default(''),
  language: subscriberFields.language.default('fr'),
  smsConsent: subscriberFields.smsConsent.default(false),
})

/** A person is identified by a CIN, an organisation by an ICE; SMS consent needs a mobile. */
function subscriberRules(v: { kind?: SubscriberKind; cin?: string | null; ice?: string | null; phone?: string | null; smsConsent?: boolean }, ctx: z.RefinementCtx) {
  if (v.kind === 'person' && v.ice) ctx.addIssue({ code: 'custom', message: 'ICE_PERSON', path: ['ice'] })
  if (v.kind === 'organisation' && !v.ice) ctx.addIssue({ code: 'custom', message: 'ICE_REQUIRED', path: ['ice'] })
  if (v.smsConsent && !v.phone) ctx.addIssue({ code: 'custom', message: 'CONSENT_NEEDS_MOBILE', path: ['phone'] })
}

export const subscriberCreateSchema = subscriberBase
  .extend({ confirmDuplicates: z.boolean().default(false) })
  .strict()
  .superRefine(subscriberRules)

export const subscriberUpdateSchema = z
  .object(subscriberFields)
  .partial()
  .extend({ id, active: z.boolean().optional() })
  .strict()

export const duplicateCheckSchema = z
  .object({ nameLatin: z.string().trim().max(160).default(''), nameAr: z.string().trim().max(160).default(''), cin: cinField.default(null), ice: iceField.default(null), phone: mobileField.default(null), excludeId: id.optional() })
  .strict()

const gps = {
  lat: z.number().min(MOROCCO_BOUNDS.latMin, 'GPS_OUTSIDE').max(MOROCCO_BOUNDS.latMax, 'GPS_OUTSIDE').nullable().default(null),
  lng: z.number().min(MOROCCO_BOUNDS.lngMin, 'GPS_OUTSIDE').max(MOROCCO_BOUNDS.lngMax, 'GPS_OUTSIDE').nullable().default(null),
}

const pointFields = {
  address: z.string().trim().min(3).max(300),
  city: optionalText(80),
  district: optionalText(80),
  sector: optionalText(40),
  ...gps,
  water: z.boolean().default(false),
  electricity: z.boolean().default(false),
  sanitation: z.boolean().default(false),
}

const pointRules = (v: { lat?: number | null; lng?: number | null; water?: boolean; electricity?: boolean; sanitation?: boolean }, ctx: z.RefinementCtx) => {
  if ((v.lat === null) !== (v.lng === null) && v.lat !== undefined && v.lng !== undefined) ctx.addIssue({ code: 'custom', message: 'GPS_BOTH', path: [v.lat === null ? 'lat' : 'lng'] })
  if (v.water === false && v.electricity === false && v.sanitation === false) ctx.addIssue({ code: 'custom', message: 'COMMODITY_REQUIRED', path: ['water'] })
  if (v.sanitation && v.water === false) ctx.addIssue({ code: 'custom', message: 'SANITATION_NEEDS_WATER', path: ['sanitation'] })
}

export const pointCreateSchema = z.object(pointFields).strict().superRefine(pointRules)
export const pointUpdateSchema = z
  .object({
    id,
    address: pointFields.address.optional(),
    city: z.string().trim().max(80).optional(),
    district: z.string().trim().max(80).optional(),
    sector: z.string().trim().max(40).optional(),
    lat: z.number().min(MOROCCO_BOUNDS.latMin, 'GPS_OUTSIDE').max(MOROCCO_BOUNDS.latMax, 'GPS_OUTSIDE').nullable().optional(),
    lng: z.number().min(MOROCCO_BOUNDS.lngMin, 'GPS_OUTSIDE').max(MOROCCO_BOUNDS.lngMax, 'GPS_OUTSIDE').nullable().optional(),
    water: z.boolean().optional(),
    electricity: z.boolean().optional(),
    sanitation: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .strict()

export const contractCreateSchema = z
  .object({
    subscriberId: id,
    pointId: id,
    commodity: z.enum(COMMODITIES),
    category,
    startDate: isoDate,
    deposit: z.number().int().min(0).max(100_000_000).default(0),
    /** Move-in read of the meter in service at the point (thousandths): a `move_in` reading on the start date. */
    moveInIndex: z.number().int().min(0).max(1_000_000_000_000).optional(),
  })
  .strict()

/** Move-out: the contract ends on `endDate` (excluded). */
export const contractEndSchema = z
  .object({ id, endDate: isoDate, /** Move-out read (thousandths): a `move_out` reading on the end date. */ moveOutIndex: z.number().int().min(0).max(1_000_000_000_000).optional() })
  .strict()

// ---------------------------------------------------------------------------------------------
// Methods

const P = BILLING_PERMISSIONS

export const billingMethods = {
  'billing.tariffs.list': method<Page<TariffVersionRow>>()({ input: listInput, permission: P.read, list: true }),
  'billing.tariffs.get': method<TariffVersionDetail>()({ input: byId, permission: P.read }),
  'billing.tariffs.create': method<TariffVersionDetail>()({ input: tariffCreateSchema, permission: P.tariffs, write: true }),
  /** Drafts only (CONFLICT TARIFF_PUBLISHED otherwise). */
  'billing.tariffs.update': method<TariffVersionDetail>()({ input: tariffUpdateSchema, permission: P.tariffs, write: true }),
  /**
   * Makes a draft the version in force on its dates (read-only from then on). A published version that started earlier
   * and ends no later than this one is superseded (its end set to this one's start); other overlaps: CONFLICT TARIFF_OVERLAP.
   */
  'billing.tariffs.publish': method<TariffVersionDetail>()({ input: byId, permission: P.tariffs, write: true }),
  /** Prices a consumption with the versions in force (explains each tranche); writes nothing. */
  'billing.tariffs.simulate': method<BillComputation>()({ input: tariffSimulateSchema, permission: P.read }),

  'billing.subscribers.list': method<Page<SubscriberRow>>()({ input: listInput, permission: P.read, list: true }),
  'billing.subscribers.get': method<SubscriberRow>()({ input: byId, permission: P.read }),
  /** CONFLICT DUPLICATES with candidates unless `confirmDuplicates`. */
  'billing.subscribers.create': method<SubscriberRow>()({ input: subscriberCreateSchema, permission: P.manage, write: true }),
  'billing.subscribers.update': method<SubscriberRow>()({ input: subscriberUpdateSchema, permission: P.manage, write: true }),
  /** Possible duplicates of what is being typed (same CIN, ICE or mobile; similar name in either script). */
  'billing.subscribers.duplicates': method<DuplicateCandidate[]>()({ input: duplicateCheckSchema, permission: P.read }),

  'billing.points.list': method<Page<ConnectionPointRow>>()({ input: listInput, permission: P.read, list: true }),
  'billing.points.get': method<ConnectionPointRow>()({ input: byId, permission: P.read }),
  'billing.points.create': method<ConnectionPointRow>()({ input: pointCreateSchema, permission: P.manage, write: true }),
  'billing.points.update': method<ConnectionPointRow>()({ input: pointUpdateSchema, permission: P.manage, write: true }),

  'billing.contracts.list': method<Page<ContractRow>>()({ input: listInput, permission: P.read, list: true }),
  'billing.contracts.get': method<ContractRow>()({ input: byId, permission: P.read }),
  /**
   * The point must serve the commodity (VALIDATION COMMODITY_NOT_SERVED), the subscriber be active (CONFLICT
   * SUBSCRIBER_INACTIVE), and no other contract hold the point's commodity on those dates (CONFLICT CONTRACT_OVERLAP).
   */
  'billing.contracts.create': method<ContractRow>()({ input: contractCreateSchema, permission: P.manage, write: true }),
  /** Move-out (CONFLICT CONTRACT_ENDED when already ended; VALIDATION when not after the start). */
  'billing.contracts.end': method<ContractRow>()({ input: contractEndSchema, permission: P.manage, write: true }),
}

export type BillingContract = ContractOf<typeof billingMethods>
export type TariffCreateInput = z.input<typeof tariffCreateSchema>
export type SubscriberCreateInput = z.input<typeof subscriberCreateSchema>
export type PointCreateInput = z.input<typeof pointCreateSchema>
export type ContractCreateInput = z.input<typeof contractCreateSchema>
