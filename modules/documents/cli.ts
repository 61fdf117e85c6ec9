/**
 * `guichet ingest` and `guichet search` (a stable contract for batch work, see README.md).
 * Ingestion goes through the dispatcher as the audited system user `cli`, then waits for each job.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import type { Command } from 'commander'
import { defaultDataDir } from '../core/backend/data-dir'
import { AppError, isAppError } from '../core/backend/errors'
import type { Backend, LocalBackend } from '../core/backend/types'
import { DEFAULT_OCR_LANGS, DOCUMENT_ERROR_CODES as E, HIT_END, HIT_START, MAX_DOCUMENT_BYTES, type DocumentDetail, type IngestResult, type SearchHit } from './contract'
import { runtimeOf } from './runtime'

export interface IngestLine {
  file: string
  ok: boolean
  id?: string
  sha256?: string
  pages?: number
  ocrPages?: number
  duplicateOf?: string | null
  text?: string
  error?: { code: string; message: string }
}

function dataDirOf(command: Command): string {
  const { dataDir } = command.optsWithGlobals<{ dataDir?: string }>()
  return dataDir ? path.resolve(dataDir) : defaultDataDir()
}

function asLocal(backend: Backend): LocalBackend {
  if (!('systemCall' in backend)) throw new Error('The CLI needs an in-process backend')
  return backend as LocalBackend
}

const failure = (file: string, error: unknown): IngestLine => ({
  file,
  ok: false,
  error: isAppError(error) ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
})

async function readFileArg(file: string): Promise<Buffer> {
  let size: number
  try {
    size = (await fs.stat(file)).size
  } catch {
    throw new AppError('NOT_FOUND', `No such file: ${file}`)
  }
  if (size > MAX_DOCUMENT_BYTES) throw new AppError(E.tooLarge, `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`)
  return fs.readFile(file)
}

/** Submits one file; returns either a finished line (failure, duplicate) or the document to wait for. */
async function submit(backend: LocalBackend, file: string, langs: string, password?: string): Promise<IngestLine | { file: string; documentId: string; jobId: string }> {
  try {
    const bytes = await readFileArg(file)
    const { results } = (await backend.systemCall('documents.files.ingest', {
      files: [{ name: path.basename(file), dataBase64: bytes.toString('base64') }],
      langs,
      ...(password === undefined ? {} : { password }),
    })) as { results: IngestResult[] }
    const result = results[0]
    if (result.ok) return { file, documentId: result.documentId, jobId: result.jobId }
    const existing = (result.error.details as { documentId?: string } | undefined)?.documentId
    if (result.error.code === E.duplicate && existing) return { ...(await finishedLine(backend, file, existing)), duplicateOf: existing }
    return { file, ok: false, error: { code: result.error.code, message: result.error.message } }
  } catch (error) {
    return failure(file, error)
  }
}

async function finishedLine(backend: LocalBackend, file: string, documentId: string): Promise<IngestLine> {
  const doc = (await backend.systemCall('documents.items.get', { id: documentId })) as DocumentDetail
  if (doc.status !== 'ready') {
    const failed = doc.pages.find((p) => p.errorCode)
    const job = doc.jobId ? ((await backend.systemCall('documents.jobs.get', { id: doc.jobId })) as { errorCode: string | null; errorMessage: string | null }) : null
    return {
      file,
      ok: false,
      error: { code: job?.errorCode ?? failed?.errorCode ?? doc.status.toUpperCase(), message: job?.errorMessage ?? failed?.errorMessage ?? `The document is ${doc.status}` },
    }
  }
  return {
    file,
    ok: true,
    id: doc.id,
    sha256: doc.sha256,
    pages: doc.pageCount,
    ocrPages: doc.ocrPageCount,
    duplicateOf: null,
    text: doc.pages.map((p) => p.text).join('\n\n'),
  }
}

function printLine(line: IngestLine, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(line))
    return
  }
  if (line.ok) {
    const dup = line.duplicateOf ? ' (already there)' : ''
    console.log(`${line.file}: ${line.id}${dup}, ${line.pages} page(s), ${line.ocrPages} by OCR`)
  } else {
    console.log(`${line.file}: ${line.error?.code} ${line.error?.message}`)
  }
}

export function documentsCli(program: Command, open: (dataDir: string) => Promise<Backend>): void {
  program
    .command('ingest <files...>')
    .description('add documents (PDF, PNG, JPEG, TIFF, BMP, GIF, WebP): keep the originals, read their text (OCR when needed)')
    .option('--lang <langs>', 'OCR languages among ara, fra, eng joined by +', DEFAULT_OCR_LANGS)
    .option('--password <password>', 'password of encrypted PDFs')
    .option('--json', 'one JSON object per line per file')
    .action(async (files: string[], opts: { lang: string; password?: string; json?: boolean }, cmd: Command) => {
      const backend = asLocal(await open(dataDirOf(cmd)))
      let failed = false
      try {
        // submit everything first so the OCR pool works on several files at once, then report in order
        const submitted = []
        for (const file of files) submitted.push(await submit(backend, file, opts.lang, opts.password))
        const runtime = runtimeOf(backend.dataSource)
        for (const entry of submitted) {
          let line: IngestLine
          if ('documentId' in entry) {
            try {
              await runtime.waitForJob(entry.jobId)
              line = await finishedLine(backend, entry.file, entry.documentId)
            } catch (error) {
              line = failure(entry.file, error)
            }
          } else {
            line = entry
          }
          failed ||= !line.ok
          printLine(line, Boolean(opts.json))
        }
      } finally {
        await backend.close()
      }
      if (failed) process.exitCode = 1
    })

  program
    .command('search <query>')
    .description('full-text search over the documents (French accents and Arabic letter forms ignored)')
    .option('--limit <n>', 'number of hits', '20')
    .option('--json', 'JSON output (one hit per line)')
    .action(async (query: string, opts: { limit: string; json?: boolean }, cmd: Command) => {
      const backend = asLocal(await open(dataDirOf(cmd)))
      try {
        const { hits } = (await backend.systemCall('documents.search.run', { text: query, limit: Number(opts.limit) })) as { hits: SearchHit[] }
        for (const hit of hits) {
          const line = { id: hit.documentId, title: hit.title, page: hit.pageNo, snippet: hit.snippet, score: hit.score }
          if (opts.json) console.log(JSON.stringify(line))
          else console.log(`${hit.documentId}  ${hit.title} p.${hit.pageNo}  ${hit.score}\n    ${hit.snippet.split(HIT_START).join('«').split(HIT_END).join('»').replace(/\s+/g, ' ')}`)
        }
      } finally {
        await backend.close()
      }
    })
}
