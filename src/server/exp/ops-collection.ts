/** Collection instructions: QUOTE (list literal), IN_LIST, MAP_KEYS, MAP_VALUES. */
import { ExpOp } from '../../protocol/exp-codes.js'
import { MsgpackKind } from '../../protocol/msgpack.js'
import { readSValue, SList, SMap } from '../value.js'
import { ExpBuilder, type OpBuilder } from './builder.js'
import { msgpackEquals, toSValue } from './compare.js'
import { ExpBuildError } from './exp-error.js'
import { constant } from './literals.js'
import { RType, type RtValue, UNKNOWN } from './types.js'

const quote: OpBuilder = (b, argc) => {
  ExpBuilder.arity('quote', argc, 1)
  if (b.r.peekKind() !== MsgpackKind.Array) throw new ExpBuildError('quote: invalid list argument')
  return constant(RType.LIST, readSValue(b.r) as RtValue)
}

const inList: OpBuilder = (b, argc) => {
  ExpBuilder.arity('in_list', argc, 2)
  const value = b.next()
  const list = b.nextOf(RType.LIST, 'in_list list')
  return {
    type: RType.BOOL,
    eval(rt) {
      const v = value.eval(rt)
      if (v === UNKNOWN) return UNKNOWN
      const l = list.eval(rt)
      const needle = toSValue(v)
      if (!(l instanceof SList) || needle === undefined) return UNKNOWN
      return l.items.some((item) => msgpackEquals(needle, item))
    },
  }
}

function mapPart(what: string, pick: (m: SMap) => RtValue): OpBuilder {
  return (b, argc) => {
    ExpBuilder.arity(what, argc, 1)
    const map = b.next()
    return {
      type: RType.LIST,
      eval(rt) {
        const m = map.eval(rt)
        return m instanceof SMap ? pick(m) : UNKNOWN
      },
    }
  }
}

/** Builders of the collection instructions, by op code. */
export const COLLECTION_OPS: Readonly<Record<number, OpBuilder>> = {
  [ExpOp.QUOTE]: quote,
  [ExpOp.IN_LIST]: inList,
  [ExpOp.MAP_KEYS]: mapPart('map_keys', (m) => new SList([...m.keys])),
  [ExpOp.MAP_VALUES]: mapPart('map_values', (m) => new SList([...m.values])),
}
