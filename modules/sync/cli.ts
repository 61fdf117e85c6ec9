/**
 * `guichet sync now|status [--json]` and `guichet site enroll --server URL --token T [--name NAME]`.
 * The backend is opened without its background loop: a cycle runs only when asked.
 */
import os from 'node:os'
import path from 'node:path'
import type { Command } from 'commander'
import { createBackend } from '../core/backend/backend'
import { defaultDataDir } from '../core/backend/data-dir'
import type { LocalBackend } from '../core/backend/types'
import type { EnrollmentInfo, SyncRunResult, SyncState, SyncStatus } from './contract'
import { ageInWords } from './wording'

const STATE_WORDS: Record<SyncState, string> = {
  not_enrolled: 'non enrôlé',
  syncing: 'synchronisation en cours',
  error: 'en erreur',
  offline: 'hors ligne',
  pending: 'changements en attente',
  synced: 'synchronisé',
}

async function withBackend<T>(cmd: Command, fn: (b: LocalBackend) => Promise<T>): Promise<T> {
  const { dataDir } = cmd.optsWithGlobals<{ dataDir?: string }>()
  const backend = await createBackend({ dataDir: dataDir ? path.resolve(dataDir) : defaultDataDir(), background: false })
  try {
    return await fn(backend)
  } finally {
    await backend.close()
  }
}

function formatSkew(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000)
  const text = s < 120 ? `${s} s` : `${Math.round(s / 60)} min`
  return `${ms >= 0 ? 'serveur en avance de' : 'serveur en retard de'} ${text}`
}

/** The human form of `sync status`. */
export function statusLines(s: SyncStatus, now: Date): string[] {
  const lines = [`État            : ${s.state === 'pending' ? `${s.pending} ${STATE_WORDS.pending}` : STATE_WORDS[s.state]}`]
  if (!s.enrolled) return [...lines, 'Enrôlez ce poste : guichet site enroll --server URL --token JETON']
  lines.push(`Site            : ${s.site} (siège : ${s.hqSite}), serveur ${s.serverUrl}`)
  lines.push(
    `File d’attente  : ${s.pending} changement(s) à envoyer${s.oldestPendingAt ? `, le plus ancien il y a ${ageInWords(s.oldestPendingAt, now)}` : ''}`,
  )
  lines.push(`Envoyés         : ${s.counts.sent} en cours, ${s.counts.confirmed} confirmés, ${s.counts.rejected} refusés ; conflits ouverts : ${s.counts.conflictsOpen}`)
  lines.push(`Dernier succès  : ${s.lastSuccessAt ? `${s.lastSuccessAt} (il y a ${ageInWords(s.lastSuccessAt, now)})` : 'jamais'}`)
  if (s.lastError) lines.push(`Dernière erreur : ${s.lastError.message} (${s.lastError.at})${s.lastError.detail ? ` — ${s.lastError.detail}` : ''}`)
  if (s.nextAttemptAt) lines.push(`Prochain essai  : ${s.nextAttemptAt}`)
  if (s.clockSkewMs !== null) lines.push(`Horloge         : ${formatSkew(s.clockSkewMs)}${s.clockWarning ? ' — ATTENTION : corrigez l’heure de ce poste' : ''}`)
  return lines
}

function runLine(r: SyncRunResult): string {
  return `Synchronisation terminée : ${r.pushed} envoyé(s), ${r.rejected} refusé(s), ${r.pulled} reçu(s), ${r.applied} appliqué(s), ${r.conflicts} conflit(s), ${r.blobsUploaded} fichier(s) téléversé(s)`
}

export function syncCli(program: Command): void {
  const sync = program.command('sync').description('synchronisation with the central server')
  sync
    .command('now')
    .description('run one sync cycle now (exit code 1 when it fails)')
    .option('--json', 'JSON output')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withBackend(cmd, async (b) => {
        const result = (await b.systemCall('sync.now.run', {})) as SyncRunResult
        if (opts.json) console.log(JSON.stringify(result, null, 2))
        else if (result.ok) console.log(runLine(result))
        else console.error(`guichet: échec de la synchronisation : ${result.error?.message ?? 'erreur inconnue'}`)
        if (!result.ok) process.exitCode = 1
      })
    })
  sync
    .command('status')
    .description('state of the sync: queue, last success, last error, clock')
    .option('--json', 'JSON output')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withBackend(cmd, async (b) => {
        const status = (await b.systemCall('sync.status.get', {})) as SyncStatus
        if (opts.json) console.log(JSON.stringify(status, null, 2))
        else for (const line of statusLines(status, new Date())) console.log(line)
      })
    })

  const site = program.commands.find((c) => c.name() === 'site') ?? program.command('site').description('this site')
  site
    .command('enroll')
    .description('enroll this machine with the central server (a one-time token from HQ)')
    .requiredOption('--server <url>', 'central server address, http:// or https://')
    .requiredOption('--token <token>', 'enrollment token')
    .option('--name <name>', 'device name shown at HQ (default: host name)')
    .action(async (opts: { server: string; token: string; name?: string }, cmd: Command) => {
      await withBackend(cmd, async (b) => {
        const info = (await b.systemCall('sync.enrollment.create', {
          serverUrl: opts.server,
          token: opts.token,
          deviceName: (opts.name ?? os.hostname()).slice(0, 100) || 'guichet',
        })) as EnrollmentInfo
        console.log(`Poste enrôlé : site ${info.site} (siège ${info.hqSite}), appareil ${info.deviceId}, serveur ${info.serverUrl}`)
      })
    })
}
