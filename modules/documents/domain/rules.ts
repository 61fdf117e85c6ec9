/**
 * Suggestion rules: a pattern matched against a document's text suggests a type, a tag or a
 * correspondent. Text and pattern are folded the same way (case, French accents, Arabic letter forms)
 * so "societe" matches "Société" and "مدينه" matches "مدينة". Regexes run on each folded line (lower case,
 * no accents), lines cut to 200 characters: with the shapes safe-regex refuses, that bounds their time. Pure.
 */
import { normalizeForSearch } from './arabic'
import { MAX_RULE_TEXT, compileSafe } from './safe-regex'

export const RULE_MATCHES = ['any', 'all', 'exact', 'regex'] as const
export type RuleMatch = (typeof RULE_MATCHES)[number]

/** Case, accents (é → e), Arabic forms; keeps letters/digits/spaces. */
export function foldText(text: string): string {
  return normalizeForSearch(text)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
}

export function wordsOf(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? []
}

export interface PreparedText {
  folded: string
  words: Set<string>
  /** Folded lines, each cut to MAX_REGEX_LINE: regexes run line by line, bounding their backtracking. */
  lines: string[]
}

export const MAX_REGEX_LINE = 200

export function prepareText(text: string): PreparedText {
  const head = text.slice(0, MAX_RULE_TEXT)
  const lines = head
    .split(/\r?\n|\f/)
    .map((l) => foldText(l).trim().slice(0, MAX_REGEX_LINE))
    .filter(Boolean)
  return { folded: ` ${wordsOf(head).join(' ')} `, words: new Set(wordsOf(head)), lines }
}

/** Does the rule's pattern match the text? Unsafe regexes never match (they are refused when saved). */
export function ruleMatches(match: RuleMatch, pattern: string, text: PreparedText): boolean {
  switch (match) {
    case 'any':
      return wordsOf(pattern).some((w) => text.words.has(w))
    case 'all': {
      const words = wordsOf(pattern)
      return words.length > 0 && words.every((w) => text.words.has(w))
    }
    case 'exact': {
      const words = wordsOf(pattern)
      return words.length > 0 && text.folded.includes(` ${words.join(' ')} `)
    }
    case 'regex': {
      const re = compileSafe(pattern)
      return re !== null && text.lines.some((line) => re.test(line))
    }
  }
}

/** What made the rule match, to show in a preview: the words found, or the (folded) lines the regex matched; empty when it does not match. */
export function ruleEvidence(match: RuleMatch, pattern: string, text: PreparedText, max = 5): string[] {
  if (!ruleMatches(match, pattern, text)) return []
  switch (match) {
    case 'any':
    case 'all':
      return [...new Set(wordsOf(pattern).filter((w) => text.words.has(w)))].slice(0, max)
    case 'exact':
      return [wordsOf(pattern).join(' ')]
    case 'regex': {
      const re = compileSafe(pattern)
      return re ? text.lines.filter((line) => re.test(line)).slice(0, max) : []
    }
  }
}
