/** Expression views of the server's records: a stored record (filters) and a command's working state (expression ops). */
import { CITRUSLEAF_EPOCH_MS } from '../clock.js'
import type { OpContext } from '../ops/op-context.js'
import type { Particle } from '../particle.js'
import { findBin, type StoredRecord } from '../storage/record.js'
import { recordWriteSize, storageSize } from '../storage/record-size.js'
import type { ExpRecordView } from './types.js'

/** The stored key field (particle type byte + value) as a particle. */
function keyParticle(key: Buffer | undefined): Particle | undefined {
  return key === undefined || key.length === 0 ? undefined : { type: key[0]!, data: key.subarray(1) }
}

/** A stored record as filters see it. */
export function storedRecordView(r: StoredRecord): ExpRecordView {
  return {
    bin: (name) => {
      const i = findBin(r.bins, name)
      return i < 0 ? undefined : r.bins[i]!.value
    },
    digest: r.digest,
    setName: r.setName,
    key: keyParticle(r.key),
    voidTime: r.voidTime,
    lastUpdateMs: r.lastUpdateMs + CITRUSLEAF_EPOCH_MS,
    size: r.storageSize,
  }
}

/** The record as the earlier ops of a command left it, for expression ops. */
export function workingRecordView(ctx: OpContext): ExpRecordView {
  const { meta } = ctx
  return {
    bin: (name) => ctx.get(name),
    digest: meta.digest,
    setName: meta.setName,
    key: keyParticle(meta.key),
    voidTime: meta.voidTime,
    lastUpdateMs: meta.lastUpdateMs + CITRUSLEAF_EPOCH_MS,
    get size() {
      return storageSize(
        recordWriteSize({ setName: meta.setName, key: meta.key, voidTime: meta.voidTime, bins: ctx.bins }),
      )
    },
  }
}
