/**
 * OCR language data, never downloaded at run time. tesseract.js wants one `langPath` folder holding
 * `<lang>.traineddata.gz` for every language of a worker; the npm packages keep each language in its own
 * folder, so at first run the files are copied into `<dataDir>/ocr/tessdata` (a packaged app may ship the
 * folder ready-made under `resources/tessdata`, see scripts/copy-ocr-data.mjs).
 */
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/** LSTM-only `best_int` models for recognition (smaller, as accurate); `osd` needs the legacy model. */
export const LANG_FILES: { lang: string; variant: '4.0.0' | '4.0.0_best_int' }[] = [
  { lang: 'ara', variant: '4.0.0_best_int' },
  { lang: 'fra', variant: '4.0.0_best_int' },
  { lang: 'eng', variant: '4.0.0_best_int' },
  { lang: 'osd', variant: '4.0.0' },
]

const fileName = (lang: string) => `${lang}.traineddata.gz`

function isComplete(dir: string): boolean {
  return LANG_FILES.every(({ lang }) => fs.existsSync(path.join(dir, fileName(lang))))
}

/** Where the npm package `@tesseract.js-data/<lang>` keeps the file. */
export function packagedLangFile(lang: string, variant: string): string {
  const require = createRequire(import.meta.url)
  const pkg = require.resolve(`@tesseract.js-data/${lang}/package.json`)
  return path.join(path.dirname(pkg), variant, fileName(lang))
}

function readyMadeFolders(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url))
  const candidates = [process.env.GUICHET_TESSDATA, path.resolve(here, '..', '..', 'resources', 'tessdata')]
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath
  if (resourcesPath) candidates.push(path.join(resourcesPath, 'resources', 'tessdata'))
  return candidates.filter((c): c is string => typeof c === 'string' && c.length > 0)
}

/** A folder with every language file: a ready-made one, else a copy made once in the data folder. */
export function ensureLangData(dataDir: string): string {
  for (const dir of readyMadeFolders()) if (isComplete(dir)) return dir
  const target = path.join(dataDir, 'ocr', 'tessdata')
  fs.mkdirSync(target, { recursive: true })
  for (const { lang, variant } of LANG_FILES) {
    const dest = path.join(target, fileName(lang))
    const source = packagedLangFile(lang, variant)
    if (fs.existsSync(dest) && fs.statSync(dest).size === fs.statSync(source).size) continue
    const temp = `${dest}.tmp`
    fs.copyFileSync(source, temp)
    fs.renameSync(temp, dest)
  }
  return target
}
