/** The delete command: removes a record, honouring the generation condition (CE: durable delete is accepted as a plain delete). */
import type { Request } from '../msg/request.js'
import { headerReply } from '../msg/response.js'
import type { Namespace } from '../storage/namespace.js'
import { countDelete } from '../storage/namespace-stats.js'
import { applyFilter, generationOk, keyMatches, setNameMatches } from './record-checks.js'

const NOT_FOUND = 2
const GENERATION = 3
const PARAMETER = 4
const KEY_MISMATCH = 19

/**
 * Deletes `digest` from `ns`. A record still in the index counts, even if it
 * has expired and is waiting for the sweep (as on the server). Replies always
 * carry generation and void time 0.
 */
export function deleteCommand(req: Request, ns: Namespace, digest: Buffer): Buffer {
  const code = remove(req, ns, digest)
  countDelete(ns.counters, code)
  return headerReply(code)
}

function remove(req: Request, ns: Namespace, digest: Buffer): number {
  const r = ns.get(digest)
  if (r === undefined) return NOT_FOUND
  if (!setNameMatches(req, r)) return PARAMETER
  if (!generationOk(req, r.generation)) {
    ns.counters.fail_generation++
    return GENERATION
  }
  const filtered = applyFilter(req, ns, r)
  if (filtered !== 0) return filtered
  if (!keyMatches(req, r)) return KEY_MISMATCH
  ns.remove(r)
  return 0
}
