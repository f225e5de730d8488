/** Bin expressions: read a bin as a given type, its particle type, whether it exists. */
import { ExpOp, ExpType, type ExpTypeId } from '../../protocol/exp-codes.js'
import { Expression } from './expression.js'
import { binNameWire } from './names.js'

function binOf(type: ExpTypeId, what: string): (name: string) => Expression {
  return (name: string) => Expression.fromWire([ExpOp.BIN, type, binNameWire(name, what)], type)
}

/** The bin's integer value; unknown when the bin is missing or holds another type. */
export const intBin: (name: string) => Expression = binOf(ExpType.INT, 'intBin')
/** The bin's float value; unknown when the bin is missing or holds another type. */
export const floatBin: (name: string) => Expression = binOf(ExpType.FLOAT, 'floatBin')
/** The bin's string value; unknown when the bin is missing or holds another type. */
export const stringBin: (name: string) => Expression = binOf(ExpType.STRING, 'stringBin')
/** The bin's boolean value; unknown when the bin is missing or holds another type. */
export const boolBin: (name: string) => Expression = binOf(ExpType.BOOL, 'boolBin')
/** The bin's blob value; unknown when the bin is missing or holds another type. */
export const blobBin: (name: string) => Expression = binOf(ExpType.BLOB, 'blobBin')
/** The bin's GeoJSON value; unknown when the bin is missing or holds another type. */
export const geoBin: (name: string) => Expression = binOf(ExpType.GEO, 'geoBin')
/** The bin's list value; unknown when the bin is missing or holds another type. */
export const listBin: (name: string) => Expression = binOf(ExpType.LIST, 'listBin')
/** The bin's map value; unknown when the bin is missing or holds another type. */
export const mapBin: (name: string) => Expression = binOf(ExpType.MAP, 'mapBin')
/** The bin's HyperLogLog value; unknown when the bin is missing or holds another type. */
export const hllBin: (name: string) => Expression = binOf(ExpType.HLL, 'hllBin')

/**
 * The bin's particle type as an integer (0 missing, 1 integer, 2 float,
 * 3 string, 4 blob, 17 bool, 18 HLL, 19 map, 20 list, 23 GeoJSON).
 */
export function binType(name: string): Expression {
  return Expression.fromWire([ExpOp.BIN_TYPE, binNameWire(name, 'binType')], ExpType.INT)
}

/** True when the bin exists (sent as `binType(name) != 0`, as the official clients do). */
export function binExists(name: string): Expression {
  return Expression.fromWire([ExpOp.NE, [ExpOp.BIN_TYPE, binNameWire(name, 'binExists')], 0], ExpType.BOOL)
}
