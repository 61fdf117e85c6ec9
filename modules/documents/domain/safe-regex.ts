/**
 * User-written match patterns are compiled only when they cannot blow up: JavaScript's backtracking
 * engine has no timeout, so instead of timing a pattern we refuse the shapes that backtrack
 * exponentially or polynomially (a quantified group that itself contains a quantifier or an
 * alternation, `(a+)+`, `(a|ab)*`, `(.*)*`; back-references; more than one unbounded run) and
 * cap the pattern length and the text it runs on. Pure.
 */

export const MAX_PATTERN_LENGTH = 200
/** Rules look at the first characters of a document only. */
export const MAX_RULE_TEXT = 20_000

export type RegexProblem = 'TOO_LONG' | 'INVALID' | 'NESTED_QUANTIFIER' | 'BACKREFERENCE' | 'TOO_MANY_WILDCARDS'

interface Group {
  hasQuantifier: boolean
  hasAlternation: boolean
}

/** Why a pattern is refused, or null when it is safe to run. */
export function regexProblem(pattern: string): RegexProblem | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return 'TOO_LONG'
  try {
    new RegExp(pattern, 'u')
  } catch {
    return 'INVALID'
  }
  const stack: Group[] = [{ hasQuantifier: false, hasAlternation: false }]
  let unbounded = 0
  let inClass = false
  let lastClosed: Group | null = null
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    const top = stack[stack.length - 1]
    if (c === '\\') {
      const next = pattern[i + 1] ?? ''
      if (!inClass && /[1-9k]/.test(next)) return 'BACKREFERENCE'
      i++
      lastClosed = null
      continue
    }
    if (inClass) {
      if (c === ']') inClass = false
      continue
    }
    if (c === '[') {
      inClass = true
      lastClosed = null
      continue
    }
    if (c === '(') {
      stack.push({ hasQuantifier: false, hasAlternation: false })
      lastClosed = null
      continue
    }
    if (c === ')') {
      const closed = stack.pop() ?? { hasQuantifier: false, hasAlternation: false }
      const parent = stack[stack.length - 1]
      if (closed.hasQuantifier) parent.hasQuantifier = true
      lastClosed = closed
      continue
    }
    if (c === '|') {
      top.hasAlternation = true
      lastClosed = null
      continue
    }
    const isQuantifier = c === '*' || c === '+' || c === '?' || c === '{'
    if (isQuantifier) {
      const lazyOrPossessive = c === '?' && /[*+?}]/.test(pattern[i - 1] ?? '')
      if (lazyOrPossessive) continue
      if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i))
        if (!m) continue // a literal brace
        if (m[2] !== undefined && (m[3] === '' || Number(m[3]) > 10)) unbounded++
        i += m[0].length - 1
      } else if (c !== '?') unbounded++
      if (lastClosed && (lastClosed.hasQuantifier || (lastClosed.hasAlternation && c !== '?'))) return 'NESTED_QUANTIFIER'
      top.hasQuantifier = true
      lastClosed = null
      continue
    }
    lastClosed = null
  }
  // Two unbounded runs (`a+a*`, `.*x.*`) backtrack cubically on a long line: one is allowed (`{n,m}` with m > 10 counts).
  if (unbounded > 1) return 'TOO_MANY_WILDCARDS'
  return null
}

/** The compiled pattern (case-insensitive, Unicode), or null when refused. */
export function compileSafe(pattern: string): RegExp | null {
  return regexProblem(pattern) === null ? new RegExp(pattern, 'iu') : null
}
