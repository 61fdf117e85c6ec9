/** Small terminal helpers of the CLI: secret input, one-line failures. */
import { AppError } from '../modules/core/backend/errors'

/** Reads a secret: from the terminal without echo, or the first line of piped stdin. */
export async function readSecret(prompt: string): Promise<string> {
  const stdin = process.stdin
  if (!stdin.isTTY) {
    const chunks: Buffer[] = []
    for await (const chunk of stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
  }
  process.stderr.write(prompt)
  stdin.setRawMode(true)
  stdin.resume()
  let value = ''
  try {
    for await (const chunk of stdin) {
      for (const ch of (chunk as Buffer).toString('utf8')) {
        if (ch === '\r' || ch === '\n') return value
        if (ch === '\u0003') throw new AppError('CANCELLED', 'cancelled')
        value = ch === '\u007f' ? value.slice(0, -1) : value + ch
      }
    }
    return value
  } finally {
    stdin.setRawMode(false)
    stdin.pause()
    process.stderr.write('\n')
  }
}

export function failureLine(error: unknown): string {
  if (error instanceof AppError) {
    const details = error.code === 'VALIDATION' && Array.isArray(error.details)
      ? ` (${(error.details as { path: unknown[]; message: string }[]).map((d) => `${d.path.join('.')}: ${d.message}`).join('; ')})`
      : ''
    return `${error.code}: ${error.message}${details}`
  }
  if (error instanceof Error) return error.message.split('\n')[0]
  return String(error)
}
