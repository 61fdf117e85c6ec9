import { v7 as uuidv7 } from 'uuid'

/** Time-ordered UUIDv7, made where the record is born (any branch, offline). */
export function newId(): string {
  return uuidv7()
}
