/** `npm run server`: the central sync server configured from the environment. */
import { databaseUrlFromEnv } from './db/open'
import { DEFAULT_HOST, DEFAULT_PORT, startCentralServer, type CentralServerOptions } from './server'
import { smsOptionsFromEnv } from './sms/service'

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): CentralServerOptions {
  const port = env.PORT === undefined || env.PORT === '' ? DEFAULT_PORT : Number(env.PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (got "${env.PORT}")`)
  if (Boolean(env.TLS_CERT) !== Boolean(env.TLS_KEY)) throw new Error('Set both TLS_CERT and TLS_KEY (PEM files), or neither')
  return {
    databaseUrl: databaseUrlFromEnv(env),
    host: env.HOST || DEFAULT_HOST,
    port,
    hqSite: env.GUICHET_HQ_SITE || undefined,
    tls: env.TLS_CERT && env.TLS_KEY ? { certFile: env.TLS_CERT, keyFile: env.TLS_KEY } : undefined,
    log: env.GUICHET_LOG === '0' ? false : { level: env.GUICHET_LOG_LEVEL ?? 'info' },
    sms: smsOptionsFromEnv(env),
  }
}

/** Starts from the environment, prints `listening <url>` on stdout, stops cleanly on SIGINT/SIGTERM. */
export async function runFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const server = await startCentralServer(optionsFromEnv(env))
  process.stdout.write(`guichet-server listening ${server.url} (hq ${server.hqSite})\n`)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    process.stdout.write(`guichet-server stopping (${signal})\n`)
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('server/central/main.ts')
if (isMain) {
  runFromEnv().catch((err: Error) => {
    process.stderr.write(`guichet-server: ${err.message}\n`)
    process.exit(1)
  })
}
