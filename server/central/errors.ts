/** An error with a stable code and the HTTP status it maps to; the message is meant for the operator. */
export class CentralError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'CentralError'
  }
}
