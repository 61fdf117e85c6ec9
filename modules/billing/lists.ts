/** Column specs of the billing lists (whitelists for filters, sorts and search). */
import { typedRow, type ListSpec } from '../core/backend/list'
import type { ConnectionPointRow, ContractRow, SubscriberRow, TariffVersionRow } from './contract'
import { subscriberSearchCondition } from './customer360.match'

type Raw = Record<string, unknown>
const micro = (v: unknown) => (v === null || v === undefined ? null : Number(v) / 1_000_000)

export const tariffsList: ListSpec<TariffVersionRow> = {
  from: 'billing_tariff_versions t',
  columns: {
    id: { sql: 't.id', type: 'text' },
    commodity: { sql: 't.commodity', type: 'text' },
    category: { sql: 't.category', type: 'text' },
    label: { sql: 't.label', type: 'text' },
    validFrom: { sql: 't.valid_from', type: 'date' },
    validTo: { sql: 't.valid_to', type: 'date' },
    rule: { sql: 't.rule', type: 'text' },
    status: { sql: 't.status', type: 'text' },
    vatRate: { sql: 't.vat_rate', type: 'number' },
    bandCount: { sql: 'json_array_length(t.bands)', type: 'number', filterable: false },
    updatedAt: { sql: 't.updated_at', type: 'date' },
  },
  searchable: ['commodity', 'category', 'label'],
  defaultSort: [
    { id: 'commodity', desc: false },
    { id: 'category', desc: false },
    { id: 'validFrom', desc: true },
  ],
  key: 'id',
}

export const subscribersList: ListSpec<SubscriberRow> = {
  from: 'billing_subscribers s',
  columns: {
    id: { sql: 's.id', type: 'text' },
    number: { sql: 's.number', type: 'text' },
    kind: { sql: 's.kind', type: 'text' },
    nameLatin: { sql: 's.name_latin', type: 'text' },
    nameAr: { sql: 's.name_ar', type: 'text' },
    cin: { sql: 's.cin', type: 'text' },
    ice: { sql: 's.ice', type: 'text' },
    phone: { sql: 's.phone', type: 'text' },
    phone2: { sql: 's.phone2', type: 'text' },
    email: { sql: 's.email', type: 'text' },
    address: { sql: 's.address', type: 'text' },
    city: { sql: 's.city', type: 'text' },
    language: { sql: 's.language', type: 'text' },
    smsConsent: { sql: 's.sms_consent', type: 'boolean' },
    siteCode: { sql: 's.site_code', type: 'text' },
    active: { sql: 's.active', type: 'boolean' },
    createdAt: { sql: 's.created_at', type: 'date' },
    updatedAt: { sql: 's.updated_at', type: 'date' },
  },
  searchable: ['number', 'nameLatin', 'nameAr', 'cin', 'ice', 'phone'],
  // The command palette's matching (indexes and the name trigram index), not a LIKE scan of every subscriber.
  search: (text) => subscriberSearchCondition('s.id', text),
  defaultSort: [{ id: 'number', desc: true }],
  key: 'id',
}

export const pointsList: ListSpec<ConnectionPointRow> = {
  from: 'billing_connection_points p',
  columns: {
    id: { sql: 'p.id', type: 'text' },
    code: { sql: 'p.code', type: 'text' },
    address: { sql: 'p.address', type: 'text' },
    city: { sql: 'p.city', type: 'text' },
    district: { sql: 'p.district', type: 'text' },
    sector: { sql: 'p.sector', type: 'text' },
    lat: { sql: 'p.lat_micro', type: 'number', filterable: false },
    lng: { sql: 'p.lng_micro', type: 'number', filterable: false },
    water: { sql: 'p.water', type: 'boolean' },
    electricity: { sql: 'p.electricity', type: 'boolean' },
    sanitation: { sql: 'p.sanitation', type: 'boolean' },
    siteCode: { sql: 'p.site_code', type: 'text' },
    active: { sql: 'p.active', type: 'boolean' },
    createdAt: { sql: 'p.created_at', type: 'date' },
    updatedAt: { sql: 'p.updated_at', type: 'date' },
  },
  searchable: ['code', 'address', 'district', 'sector', 'city'],
  defaultSort: [{ id: 'code', desc: true }],
  key: 'id',
  // Positions are stored in millionths of a degree.
  map: (r: Raw) => ({ ...typedRow(pointsList.columns, r), lat: micro(r.lat), lng: micro(r.lng) }) as ConnectionPointRow,
}

export const contractsList: ListSpec<ContractRow> = {
  from: 'billing_contracts c JOIN billing_subscribers s ON s.id = c.subscriber_id JOIN billing_connection_points p ON p.id = c.point_id',
  columns: {
    id: { sql: 'c.id', type: 'text' },
    number: { sql: 'c.number', type: 'text' },
    subscriberId: { sql: 'c.subscriber_id', type: 'text' },
    subscriberNumber: { sql: 's.number', type: 'text' },
    subscriberName: { sql: 's.name_latin', type: 'text' },
    pointId: { sql: 'c.point_id', type: 'text' },
    pointCode: { sql: 'p.code', type: 'text' },
    pointAddress: { sql: 'p.address', type: 'text' },
    commodity: { sql: 'c.commodity', type: 'text' },
    category: { sql: 'c.category', type: 'text' },
    startDate: { sql: 'c.start_date', type: 'date' },
    endDate: { sql: 'c.end_date', type: 'date' },
    deposit: { sql: 'c.deposit', type: 'number' },
    siteCode: { sql: 'c.site_code', type: 'text' },
    createdAt: { sql: 'c.created_at', type: 'date' },
    updatedAt: { sql: 'c.updated_at', type: 'date' },
  },
  searchable: ['number', 'subscriberNumber', 'subscriberName', 'pointCode', 'pointAddress'],
  defaultSort: [{ id: 'number', desc: true }],
  key: 'id',
}
