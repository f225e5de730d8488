/** POSIX regular expressions (glibc regcomp, C locale) translated to JavaScript RegExps over byte strings. */
import { ExpRegexFlags } from '../../protocol/exp-codes.js'

/** The pattern does not compile (regcomp would fail). */
export class PosixRegexError extends Error {
  override name = 'PosixRegexError'
}

/** Largest repeat count in an interval (glibc RE_DUP_MAX). */
const DUP_MAX = 0x7fff

const CLASSES: Readonly<Record<string, string>> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: '0-9A-Za-z',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
  xdigit: '0-9A-Fa-f',
}

const GNU_ESCAPES: Readonly<Record<string, string>> = {
  w: '\\w',
  W: '\\W',
  s: '[ \\t\\n\\r\\f\\v]',
  S: '[^ \\t\\n\\r\\f\\v]',
  b: '\\b',
  B: '\\B',
  '<': '\\b(?=\\w)',
  '>': '\\b(?<=\\w)',
  '`': '(?<![\\s\\S])',
  "'": '(?![\\s\\S])',
}

/** One byte as a regex literal. */
function lit(code: number): string {
  const c = String.fromCharCode(code)
  return /[A-Za-z0-9 ]/.test(c) ? c : `\\x${code.toString(16).padStart(2, '0')}`
}

class Translator {
  private i = 0
  private groups = 0
  private readonly closedGroups = new Set<number>()

  constructor(
    private readonly p: string,
    private readonly extended: boolean,
    private readonly newline: boolean,
  ) {}

  run(): string {
    const out = this.alternation(0)
    if (this.i < this.p.length) throw new PosixRegexError('Unmatched ) or \\)')
    return out
  }

  private peek(k = 0): string {
    return this.p[this.i + k] ?? ''
  }

  /** At a group close (`)` in ERE, `\)` in BRE)? */
  private atClose(): boolean {
    return this.extended ? this.peek() === ')' : this.peek() === '\\' && this.peek(1) === ')'
  }

  /** At an alternation bar (`|` in ERE, `\|` in BRE)? */
  private atBar(): boolean {
    return this.extended ? this.peek() === '|' : this.peek() === '\\' && this.peek(1) === '|'
  }

  private alternation(depth: number): string {
    const branches = [this.branch(depth)]
    while (this.atBar()) {
      this.i += this.extended ? 1 : 2
      branches.push(this.branch(depth))
    }
    return branches.join('|')
  }

  private branch(depth: number): string {
    let out = ''
    let start = true
    while (this.i < this.p.length && !this.atBar() && !(depth > 0 && this.atClose())) {
      if (this.extended && this.peek() === ')' && depth === 0) {
        // An unmatched ')' is an ordinary character in ERE.
        this.i++
        out += this.quantified(lit(41), false)
        start = false
        continue
      }
      out += this.piece(start)
      start = false
    }
    return out
  }

  private piece(start: boolean): string {
    const c = this.peek()
    if (c === '^' && (this.extended || start)) {
      this.i++
      if (this.extended && this.isQuantifier())
        throw new PosixRegexError('Invalid preceding regular expression')
      return this.newline ? '(?<=^|\\n)' : '^'
    }
    if (c === '$' && (this.extended || this.atBranchEnd(1))) {
      this.i++
      if (this.extended && this.isQuantifier())
        throw new PosixRegexError('Invalid preceding regular expression')
      return this.newline ? '(?=$|\\n)' : '$'
    }
    if (this.isQuantifier()) {
      // Nothing to repeat: an error in ERE; in BRE a leading '*' is an ordinary character.
      if (this.extended || c !== '*') throw new PosixRegexError('Invalid preceding regular expression')
      this.i++
      return this.quantified(lit(42), false)
    }
    const atom = this.atom()
    return this.quantified(atom.source, atom.assertion)
  }

  /** True when `$` at offset `k` ahead would be followed by the end of the branch (BRE anchor rule). */
  private atBranchEnd(k: number): boolean {
    const j = this.i + k
    if (j >= this.p.length) return true
    return this.p[j] === '\\' && (this.p[j + 1] === ')' || this.p[j + 1] === '|')
  }

  private isQuantifier(): boolean {
    const c = this.peek()
    if (c === '*') return true
    if (this.extended) return c === '+' || c === '?' || c === '{'
    return c === '\\' && (this.peek(1) === '+' || this.peek(1) === '?' || this.peek(1) === '{')
  }

  private quantified(atom: string, assertion: boolean): string {
    let out = atom
    while (this.isQuantifier()) {
      if (assertion) throw new PosixRegexError('Invalid preceding regular expression')
      out = `(?:${out})${this.quantifier()}`
    }
    return out
  }

  private quantifier(): string {
    if (!this.extended && this.peek() === '\\') this.i++
    const c = this.p[this.i++]!
    if (c !== '{') return c
    const m = this.number()
    let n: number | undefined = m
    if (this.peek() === ',') {
      this.i++
      n = /[0-9]/.test(this.peek()) ? this.number() : undefined
    }
    if (!this.extended) {
      if (this.peek() !== '\\') throw new PosixRegexError('Unmatched \\{')
      this.i++
    }
    if (this.peek() !== '}') throw new PosixRegexError('Invalid content of \\{\\}')
    this.i++
    if (m === undefined || (n !== undefined && n < m) || (n ?? m) > DUP_MAX)
      throw new PosixRegexError('Invalid content of \\{\\}')
    return n === m ? `{${m}}` : n === undefined ? `{${m},}` : `{${m},${n}}`
  }

  private number(): number | undefined {
    const start = this.i
    while (/[0-9]/.test(this.peek())) this.i++
    return this.i > start ? Number(this.p.slice(start, this.i)) : undefined
  }

  private atom(): { source: string; assertion: boolean } {
    const c = this.p[this.i++]!
    if (c === '.') return { source: this.newline ? '[^\\n]' : '[\\s\\S]', assertion: false }
    if (c === '[') return { source: this.bracket(), assertion: false }
    if (this.extended && c === '(') return { source: this.group(), assertion: false }
    if (c === '\\') {
      if (this.i >= this.p.length) throw new PosixRegexError('Trailing backslash')
      const e = this.p[this.i++]!
      if (!this.extended && e === '(') return { source: this.group(), assertion: false }
      if (!this.extended && (e === ')' || e === '}')) throw new PosixRegexError(`Unmatched \\${e}`)
      if (e >= '1' && e <= '9') {
        const n = Number(e)
        if (!this.closedGroups.has(n)) throw new PosixRegexError('Invalid back reference')
        return { source: `\\${n}`, assertion: false }
      }
      const gnu = GNU_ESCAPES[e]
      if (gnu !== undefined)
        return {
          source: gnu,
          assertion: e === 'b' || e === 'B' || e === '<' || e === '>' || e === '`' || e === "'",
        }
      return { source: lit(e.charCodeAt(0)), assertion: false }
    }
    if (this.extended && c === '{') throw new PosixRegexError('Invalid preceding regular expression')
    return { source: lit(c.charCodeAt(0)), assertion: false }
  }

  private group(): string {
    const n = ++this.groups
    const body = this.alternation(1)
    if (!this.atClose()) throw new PosixRegexError('Unmatched ( or \\(')
    this.i += this.extended ? 1 : 2
    this.closedGroups.add(n)
    return `(${body})`
  }

  /** Reads one bracket element: a byte, or a collating/equivalence symbol standing for one byte. */
  private bracketChar(): number {
    if (this.peek() === '[' && (this.peek(1) === '.' || this.peek(1) === '=')) {
      const kind = this.peek(1)
      const end = this.p.indexOf(`${kind}]`, this.i + 2)
      if (end < 0) throw new PosixRegexError('Unmatched [, [^, [:, [., or [=')
      const sym = this.p.slice(this.i + 2, end)
      if (sym.length !== 1) throw new PosixRegexError('Invalid collation character')
      this.i = end + 2
      return sym.charCodeAt(0)
    }
    return this.p.charCodeAt(this.i++)
  }

  private bracket(): string {
    let negated = false
    if (this.peek() === '^') {
      negated = true
      this.i++
    }
    let items = ''
    let first = true
    for (;;) {
      if (this.i >= this.p.length) throw new PosixRegexError('Unmatched [, [^, [:, [., or [=')
      const c = this.peek()
      if (c === ']' && !first) {
        this.i++
        break
      }
      first = false
      if (c === '[' && this.peek(1) === ':') {
        const end = this.p.indexOf(':]', this.i + 2)
        if (end < 0) throw new PosixRegexError('Unmatched [, [^, [:, [., or [=')
        const cls = CLASSES[this.p.slice(this.i + 2, end)]
        if (cls === undefined) throw new PosixRegexError('Invalid character class name')
        items += cls
        this.i = end + 2
        continue
      }
      const lo = this.bracketChar()
      if (this.peek() === '-' && this.peek(1) !== ']' && this.i + 1 < this.p.length) {
        this.i++
        const hi = this.bracketChar()
        if (hi < lo) throw new PosixRegexError('Invalid range end')
        items += `\\x${lo.toString(16).padStart(2, '0')}-\\x${hi.toString(16).padStart(2, '0')}`
      } else {
        items += `\\x${lo.toString(16).padStart(2, '0')}`
      }
    }
    if (negated && this.newline) items += '\\n'
    return negated ? `[^${items}]` : `[${items}]`
  }
}

/**
 * Compiles `pattern` with POSIX `regcomp` flags (exp.regexFlags) into a RegExp
 * to run on subjects decoded as latin1 (one character per byte, as the
 * server's C locale sees them). Throws PosixRegexError where regcomp fails.
 */
export function compilePosixRegex(pattern: Buffer, flags: number): RegExp {
  const nul = pattern.indexOf(0)
  const text = (nul < 0 ? pattern : pattern.subarray(0, nul)).toString('latin1')
  const source = new Translator(
    text,
    (flags & ExpRegexFlags.EXTENDED) !== 0,
    (flags & ExpRegexFlags.NEWLINE) !== 0,
  ).run()
  try {
    return new RegExp(source, (flags & ExpRegexFlags.ICASE) !== 0 ? 'i' : '')
  } catch (e) {
    throw new PosixRegexError(`unsupported regular expression: ${(e as Error).message}`)
  }
}

/** regexec: true when `regex` matches anywhere in `subject` (read up to its first NUL, as a C string). */
export function posixRegexMatches(regex: RegExp, subject: Buffer): boolean {
  const nul = subject.indexOf(0)
  return regex.test((nul < 0 ? subject : subject.subarray(0, nul)).toString('latin1'))
}
