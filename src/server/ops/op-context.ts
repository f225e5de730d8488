/** The state a bin op works on: the record's working bins, its metadata and the reply being built. */
import type { RequestOp } from '../msg/request.js'
import type { ReplyOp } from '../msg/response.js'
import type { Particle } from '../particle.js'
import type { Namespace } from '../storage/namespace.js'
import type { Bin } from '../storage/record.js'
import { findBin } from '../storage/record.js'

/** Record metadata an op may read. On the write path it is already advanced (new generation, void and update times). */
export interface RecordMeta {
  readonly digest: Buffer
  readonly setName: string
  readonly generation: number
  readonly voidTime: number
  readonly lastUpdateMs: number
  readonly key: Buffer | undefined
}

/** Above this many bins, bin lookups go through a name index. */
const INDEX_THRESHOLD = 32

/**
 * Working state of one command's ops. Ops change `bins` (a private copy; the
 * stored record is untouched until the whole command succeeds) and add reply
 * ops in order.
 */
export class OpContext {
  private readonly working: Bin[]
  /** Bin name -> index, built once a record has many bins (lookups stay O(1) for huge records). */
  private index: Map<string, number> | undefined
  /** Reply ops, in the order the request's ops produced them. */
  readonly replies: ReplyOp[] = []

  constructor(
    /** The namespace the record lives in. */
    readonly ns: Namespace,
    /** The record's metadata. */
    readonly meta: RecordMeta,
    bins: readonly Bin[],
    /** The request asked for one reply op per request op (info2 RESPOND_ALL_OPS). */
    readonly respondAllOps: boolean,
    /** True on the write path (operate with writes), false for a plain read. */
    readonly writePath: boolean,
    /** The request set info1 GET_ALL: a nameless READ op reads every bin. */
    readonly getAll: boolean,
  ) {
    this.working = bins.slice()
  }

  /** The bins as the ops left them so far, in the server's order. */
  get bins(): readonly Bin[] {
    return this.working
  }

  private find(name: string): number {
    if (this.working.length <= INDEX_THRESHOLD && this.index === undefined) return findBin(this.working, name)
    if (this.index === undefined) {
      this.index = new Map()
      for (let i = 0; i < this.working.length; i++) this.index.set(this.working[i]!.name, i)
    }
    return this.index.get(name) ?? -1
  }

  /** The value of bin `name`, or undefined. */
  get(name: string): Particle | undefined {
    const i = this.find(name)
    return i < 0 ? undefined : this.working[i]!.value
  }

  /** Sets bin `name`: replaced in place if it exists, else appended. */
  set(name: string, value: Particle): void {
    const i = this.find(name)
    if (i >= 0) {
      this.working[i] = { name, value }
      return
    }
    this.index?.set(name, this.working.length)
    this.working.push({ name, value })
  }

  /** Deletes bin `name` if present; the last bin moves into its slot, as on the server. */
  delete(name: string): void {
    const i = this.find(name)
    if (i < 0) return
    const last = this.working.pop()!
    this.index?.delete(name)
    if (i < this.working.length) {
      this.working[i] = last
      this.index?.set(last.name, i)
    }
  }

  /** Deletes every bin. */
  clear(): void {
    this.working.length = 0
    this.index = undefined
  }

  /** Adds a reply op: `value` null means "no value" (particle type 0). */
  reply(op: number, name: string, value: Particle | null): void {
    this.replies.push({ op, name, value })
  }

  /**
   * Adds the reply of a read-type op (CDT, bit, HLL or expression read) as the
   * server does: `found` false means the op's bin does not exist; `result`
   * null means the op produced no value.
   */
  replyRead(op: RequestOp, found: boolean, result: Particle | null): void {
    if (!found) {
      if (this.respondAllOps) this.reply(op.op, op.name, null)
      return
    }
    if (result !== null || this.respondAllOps || this.writePath) this.reply(op.op, op.name, result)
  }
}

/**
 * Applies one op to the working state. Returns 0, or the result code that
 * fails the whole command (nothing is stored then).
 */
export type OpHandler = (ctx: OpContext, op: RequestOp) => number
