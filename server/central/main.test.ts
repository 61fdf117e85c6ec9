import { execFile } from 'node:child_process'
import fs from 'node:fs'
import https from 'node:https'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { optionsFromEnv } from './main'
import { startCentralServer } from './server'

const run = promisify(execFile)

describe('optionsFromEnv', () => {
  it('defaults to 127.0.0.1:5190 over the embedded SQLite file, plain HTTP', () => {
    const o = optionsFromEnv({ GUICHET_SERVER_DATA_DIR: '/srv/guichet' })
    expect(o).toMatchObject({ host: '127.0.0.1', port: 5190, databaseUrl: 'sqlite:/srv/guichet/central.db', hqSite: undefined, tls: undefined })
  })

  it('reads DATABASE_URL, PORT, HOST, GUICHET_HQ_SITE and the TLS pair', () => {
    const o = optionsFromEnv({ DATABASE_URL: 'postgres://u@db/guichet', PORT: '8443', HOST: '0.0.0.0', GUICHET_HQ_SITE: 'SIEGE', TLS_CERT: '/c.pem', TLS_KEY: '/k.pem' })
    expect(o).toMatchObject({ databaseUrl: 'postgres://u@db/guichet', port: 8443, host: '0.0.0.0', hqSite: 'SIEGE', tls: { certFile: '/c.pem', keyFile: '/k.pem' } })
    expect(() => optionsFromEnv({ TLS_CERT: '/c.pem' })).toThrow(/TLS_KEY/)
    expect(() => optionsFromEnv({ PORT: 'http' })).toThrow(/PORT/)
  })
})

const haveOpenssl = ['/usr/bin/openssl', '/bin/openssl'].some((f) => fs.existsSync(f))

describe('TLS', () => {
  it.skipIf(!haveOpenssl)('serves HTTPS with TLS_CERT/TLS_KEY files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-tls-'))
    const cert = path.join(dir, 'cert.pem')
    const key = path.join(dir, 'key.pem')
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'])
    const server = await startCentralServer({ databaseUrl: `sqlite:${path.join(dir, 'c.db')}`, port: 0, tls: { certFile: cert, keyFile: key } })
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get(`${server.url}/health`, { ca: fs.readFileSync(cert) }, (res) => {
            let s = ''
            res.on('data', (d) => (s += d))
            res.on('end', () => resolve(s))
          })
          .on('error', reject)
      })
      expect(JSON.parse(body)).toMatchObject({ ok: true })
    } finally {
      await server.close()
    }
  })
})
