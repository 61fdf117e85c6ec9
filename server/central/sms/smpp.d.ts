/** The part of the `smpp` package (0.5.x, no types of its own) the SMS adapter and its tests use. */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events'
  import type { Server as NetServer } from 'node:net'

  export interface PDU {
    command: string
    command_status: number
    sequence_number: number
    [field: string]: unknown
    isResponse(): boolean
    response(options?: Record<string, unknown>): PDU
  }
  export interface Session extends EventEmitter {
    send(pdu: PDU, responseCallback?: (pdu: PDU) => void, sendCallback?: (pdu: PDU) => void): boolean
    close(callback?: () => void): void
    destroy(callback?: () => void): void
    connect(): void
    pause(): void
    resume(): void
    socket: import('node:net').Socket
    [command: string]: unknown
  }
  export interface Server extends NetServer {
    sessions: Session[]
  }
  export const PDU: new (command: string, options?: Record<string, unknown>) => PDU
  export function connect(options: Record<string, unknown> | string, listener?: () => void): Session
  export function createServer(listener: (session: Session) => void): Server
  export function createServer(options: Record<string, unknown>, listener: (session: Session) => void): Server
  export const ESME_ROK: number
  export const ESME_RBINDFAIL: number
  export const ESME_RTHROTTLED: number
  export const ESME_RINVDSTADR: number
  const smpp: {
    PDU: typeof PDU
    connect: typeof connect
    createServer: typeof createServer
    ESME_ROK: number
    ESME_RBINDFAIL: number
    ESME_RTHROTTLED: number
    ESME_RINVDSTADR: number
    ESME_RSYSERR: number
  }
  export default smpp
}
