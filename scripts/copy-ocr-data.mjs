#!/usr/bin/env node
// Build step for packaging: copy the OCR language data from the npm packages into resources/tessdata,
// the one folder tesseract.js reads at run time (electron-builder ships resources/ as extraResources).
// Without it, the app copies the same files into its data folder at first run.
import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const target = join(root, 'resources', 'tessdata')
mkdirSync(target, { recursive: true })
const files = [['ara', '4.0.0_best_int'], ['fra', '4.0.0_best_int'], ['eng', '4.0.0_best_int'], ['osd', '4.0.0']]
for (const [lang, variant] of files) {
  const source = join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), variant, `${lang}.traineddata.gz`)
  copyFileSync(source, join(target, `${lang}.traineddata.gz`))
}
console.log(`OCR language data copied to ${target}`)
