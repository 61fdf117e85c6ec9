import type { ErrorCode } from '../rpc'

/** An expected failure with a stable code; the dispatcher turns it into `{ok:false, error}`. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details?: unknown

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }
}

export const notFound = (what: string, details?: unknown) => new AppError('NOT_FOUND', `${what} not found`, details)
export const conflict = (message: string, details?: unknown) => new AppError('CONFLICT', message, details)
export const forbidden = (message = 'You do not have permission to do this', details?: unknown) =>
  new AppError('FORBIDDEN', message, details)
export const validation = (message: string, details?: unknown) => new AppError('VALIDATION', message, details)

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError
}
