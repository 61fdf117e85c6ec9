import { AuditEntryEntity } from './audit-entry.entity'
import { NumberCounterEntity } from './number-counter.entity'
import { NumberSeriesEntity } from './number-series.entity'
import { SessionEntity } from './session.entity'
import { SettingEntity } from './setting.entity'
import { UserPreferenceEntity } from './user-preference.entity'
import { UserEntity } from './user.entity'

export { AuditEntryEntity, NumberCounterEntity, NumberSeriesEntity, SessionEntity, SettingEntity, UserPreferenceEntity, UserEntity }

export const coreEntities = [UserEntity, SessionEntity, UserPreferenceEntity, SettingEntity, NumberSeriesEntity, NumberCounterEntity, AuditEntryEntity]
