/** The compile cursor: reads instructions from the msgpack, types them and tracks let-variable scopes. */
import { MsgpackKind, type MsgpackReader } from '../../protocol/msgpack.js'
import { ExpBuildError } from './exp-error.js'
import { buildLiteral } from './literals.js'
import type { ExpCallHandlers, ExpNode, RTypeId } from './types.js'

/** Builds one instruction whose array header and op code have been read; `argc` elements follow. */
export type OpBuilder = (b: ExpBuilder, argc: number) => ExpNode

/** Deepest instruction nesting accepted (keeps evaluation off the end of the stack). */
export const MAX_EXP_DEPTH = 512

interface VarEntry {
  readonly index: number
  /** undefined while the variable's own definition is being built. */
  type: RTypeId | undefined
}

/** Reads and types instructions front to back. */
export class ExpBuilder {
  private depth = 0
  private readonly scopes: Array<Map<string, VarEntry>> = []
  private varCount = 0
  /** Number of variable slots evaluation needs. */
  maxVars = 0

  constructor(
    readonly r: MsgpackReader,
    readonly calls: ExpCallHandlers,
    private readonly ops: Readonly<Record<number, OpBuilder>>,
  ) {}

  /** Builds the next instruction or literal. */
  next(): ExpNode {
    if (++this.depth > MAX_EXP_DEPTH)
      throw new ExpBuildError(`expression nested deeper than ${MAX_EXP_DEPTH} levels`)
    try {
      if (this.r.peekKind() !== MsgpackKind.Array) return buildLiteral(this.r)
      const count = this.r.readArrayHeader()
      if (count === 0) throw new ExpBuildError('empty instruction')
      const code = this.readUint('op code')
      const build = this.ops[code]
      if (build === undefined) throw new ExpBuildError(`invalid expression op ${code}`)
      return build(this, count - 1)
    } finally {
      this.depth--
    }
  }

  /** Builds the next instruction and checks its static type. */
  nextOf(type: RTypeId, what: string): ExpNode {
    const node = this.next()
    if (node.type !== type)
      throw new ExpBuildError(`${what}: expected ${typeName(type)}, got ${typeName(node.type)}`)
    return node
  }

  /** Reads a non-negative integer parameter (negatives wrap to huge values, as uint64 on the server). */
  readUint(what: string): number {
    const v = this.readInt(what)
    return v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v)
  }

  /** Reads an integer parameter as int64. */
  readInt(what: string): bigint {
    if (this.r.peekKind() !== MsgpackKind.Int) throw new ExpBuildError(`${what} must be an integer`)
    return BigInt.asIntN(64, this.r.readBigInt())
  }

  /** Reads a raw (unprefixed) string parameter: bin names, variable names, regexes. */
  readRawString(what: string): Buffer {
    const kind = this.r.peekKind()
    if (kind !== MsgpackKind.Str && kind !== MsgpackKind.Bin)
      throw new ExpBuildError(`${what} must be a string`)
    return this.r.readBytes()
  }

  /** Throws unless the instruction has exactly `want` arguments. */
  static arity(what: string, argc: number, want: number): void {
    if (argc !== want) throw new ExpBuildError(`${what}: expected ${want} arguments, found ${argc}`)
  }

  /** Opens a let scope. */
  pushScope(): void {
    this.scopes.push(new Map())
  }

  /** Closes the innermost let scope, freeing its variable slots. */
  popScope(): void {
    const scope = this.scopes.pop()!
    this.varCount -= scope.size
  }

  /** Declares a variable in the innermost scope (being defined: not usable yet); returns its slot. */
  declare(name: string): number {
    if (this.lookup(name) !== undefined) throw new ExpBuildError(`duplicate variable name '${name}'`)
    const index = this.varCount++
    if (this.varCount > this.maxVars) this.maxVars = this.varCount
    this.scopes[this.scopes.length - 1]!.set(name, { index, type: undefined })
    return index
  }

  /** Sets the type of a declared variable once its definition is built. */
  define(name: string, type: RTypeId): void {
    this.scopes[this.scopes.length - 1]!.get(name)!.type = type
  }

  /** The innermost visible variable called `name`. */
  lookup(name: string): VarEntry | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const entry = this.scopes[i]!.get(name)
      if (entry) return entry
    }
    return undefined
  }
}

const TYPE_NAMES = [
  'nil',
  'bool',
  'int',
  'str',
  'list',
  'map',
  'blob',
  'float',
  'geojson',
  'hll',
  'other',
  'remove',
]

/** Name of a static type, for messages. */
export function typeName(t: RTypeId): string {
  return TYPE_NAMES[t] ?? String(t)
}
