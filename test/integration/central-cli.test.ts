import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers'
import { http, startHarness } from './central-helpers'

const run = promisify(execFile)
const bin = path.resolve(__dirname, '../../bin/guichet-server')

describe('bin/guichet-server admin commands', () => {
  it('init, site add, token create, device list and revoke work on the same DATABASE_URL as the server', async () => {
    const databaseUrl = `sqlite:${path.join(await tempDir('guichet-central-cli-'), 'central.db')}`
    const cli = async (...args: string[]) => (await run(process.execPath, [bin, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl } })).stdout
    expect(await cli('init', '--hq-site', 'SIEGE')).toContain('HQ site SIEGE')
    await expect(cli('init', '--hq-site', 'OTHER')).rejects.toThrow(/initialised with HQ site "SIEGE"/)
    expect(JSON.parse(await cli('site', 'add', 'CAS01', '--name', 'Casablanca 1'))).toMatchObject({ code: 'CAS01', name: 'Casablanca 1' })
    await expect(cli('token', 'create', '--site', 'NOPE1')).rejects.toThrow(/Unknown site NOPE1/)
    const { token, site } = JSON.parse(await cli('token', 'create', '--site', 'CAS01', '--days', '2'))
    expect(site).toBe('CAS01')
    const hqToken = JSON.parse(await cli('token', 'create', '--hq'))
    expect(hqToken.site).toBe('SIEGE')

    const h = await startHarness(databaseUrl, 'SIEGE')
    try {
      const enrolled = await http<{ deviceId: string; secret: string; hqSite: string }>(`${h.server.url}/sync/enroll`, {
        method: 'POST',
        json: { token, deviceName: 'Guichet 1' },
      })
      expect(enrolled.body.hqSite).toBe('SIEGE')
      const list = JSON.parse(await cli('device', 'list', '--site', 'CAS01'))
      expect(list).toMatchObject([{ id: enrolled.body.deviceId, site: 'CAS01', name: 'Guichet 1', revokedAt: null }])
      await cli('device', 'revoke', enrolled.body.deviceId)
      const r = await fetch(`${h.server.url}/sync/pull`, { headers: { authorization: `Bearer ${enrolled.body.deviceId}.${enrolled.body.secret}` } })
      expect(r.status).toBe(401)
    } finally {
      await h.close()
    }
  })
})
