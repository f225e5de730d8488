/** The record a UDF call works on, as a real node's udf_record: bins read and written through the Lua record API, changes applied by create/update/remove. */
import { ParseError } from '../../protocol/codec-errors.js'
import { ParticleType } from '../../protocol/particle-type.js'
import { CdtError } from '../cdt/errors.js'
import { clepochSeconds } from '../clock.js'
import { type Particle, particleToSValue, sValueToParticle, toStoredParticle } from '../particle.js'
import type { Bin, StoredRecord } from '../storage/record.js'
import { SBytes, SList, type SValue } from '../value.js'
import type { LuaHost } from './lua-engine.js'
import { TaggedReader, toLuaSource, UNSUPPORTED } from './lua-values.js'

const PARAMETER = 4
const INCOMPATIBLE_TYPE = 12
const BIN_NAME = 21
/** Most bins a record a UDF works on may have (UDF_BIN_LIMIT). */
export const UDF_BIN_LIMIT = 512

/** Where a record created by `aerospike:create` goes (its set, created if needed, and the key to store), or the result code refusing it. */
export type CreateTarget = () => { readonly setName: string; readonly key: Buffer | undefined } | number

/** The user key stored with a record (particle type byte + value) as a server value. */
function keyValue(key: Buffer): SValue {
  const type = key[0]
  const data = key.subarray(1)
  if (type === ParticleType.INTEGER && data.length === 8) return data.readBigInt64BE(0)
  if (type === ParticleType.FLOAT && data.length === 8) return data.readDoubleBE(0)
  return new SBytes(type ?? ParticleType.BLOB, data)
}

/**
 * One UDF call's record. `stored` is the live record, undefined when there is
 * none. Bins change only through `write`; the call's outcome (has updates,
 * result code, bins, TTL, key) is read once the function has returned.
 */
export class UdfRecord implements LuaHost {
  /** Whether the record exists (or was created by this call). */
  open: boolean
  /** The bins as the call's executed updates left them. */
  bins: Bin[]
  /** Whether create/update/remove succeeded (a write follows the call). */
  hasUpdates = false
  /** A failed create/update/remove's result code (the call then fails with it). */
  resultCode = 0
  /** Bins the record had before the first update (0 for a record that did not exist). */
  oldBinCount = 0
  /** The TTL the write uses (the request's, or record.set_ttl's). */
  ttl: number
  /** The key stored with the record. */
  key: Buffer | undefined
  /** The record's set name. */
  setName: string
  private oldBins: Bin[] = []

  constructor(
    readonly digest: Buffer,
    readonly stored: StoredRecord | undefined,
    requestTtl: number,
    storedKey: Buffer | undefined,
    private readonly create: CreateTarget,
  ) {
    this.open = stored !== undefined
    this.bins = stored === undefined ? [] : stored.bins.slice()
    this.ttl = requestTtl
    this.key = storedKey
    this.setName = stored?.setName ?? ''
  }

  get(name: string): string | undefined {
    if (!this.open) return undefined
    const bin = this.bins.find((b) => b.name === name)
    return bin === undefined ? undefined : toLuaSource(particleToSValue(bin.value))
  }

  getText(what: string): string | undefined {
    switch (what) {
      case 'set':
        return this.open && this.setName !== '' ? this.setName : undefined
      case 'key':
        return this.open && this.key !== undefined ? toLuaSource(keyValue(this.key)) : undefined
      case 'digest':
        return toLuaSource(new SBytes(ParticleType.BLOB, this.digest))
      case 'bin_names':
        return this.open
          ? toLuaSource(
              new SList(this.bins.map((b) => new SBytes(ParticleType.STRING, Buffer.from(b.name, 'latin1')))),
            )
          : undefined
    }
    return undefined
  }

  meta(what: string): number {
    const r = this.open ? this.stored : undefined
    switch (what) {
      case 'ttl': {
        const now = clepochSeconds()
        return r !== undefined && r.voidTime > now ? r.voidTime - now : 0
      }
      case 'gen':
        return r?.generation ?? 0
      case 'lut':
        return r?.lastUpdateMs ?? 0
      case 'size':
        return r?.storageSize ?? 0
      case 'numbins':
        return this.open ? this.bins.length : 0
      case 'now':
        return Date.now()
      case 'clock':
        return performance.now()
    }
    return 0
  }

  setTtl(ttl: number): void {
    this.ttl = Number(BigInt.asUintN(32, BigInt(Math.trunc(ttl))))
  }

  dropKey(): void {
    if (this.open) this.key = undefined
  }

  exists(): boolean {
    return this.open
  }

  write(kind: string, updates: string): number {
    if (kind === 'update') return this.open ? this.executeUpdates(updates) : -2
    if (kind === 'remove') {
      if (!this.open) return 1
      let all = ''
      for (const b of this.bins) all += `S${Buffer.from(b.name, 'latin1').toString('hex')};N`
      return this.executeUpdates(all)
    }
    // create: a record that exists with bins is refused; one created here needs a usable set and key.
    if (this.open) return this.bins.length !== 0 ? 1 : this.executeUpdates(updates)
    const target = this.create()
    if (typeof target === 'number') return PARAMETER
    this.open = true
    this.setName = target.setName
    this.key = target.key
    const rc = this.executeUpdates(updates)
    if (rc !== 0) this.open = false
    return rc
  }

  /** Applies the dirty bins (tagged `S<name>;<value>` pairs): 0, or -1 after a failure that undoes every update. */
  private executeUpdates(updates: string): number {
    if (!this.hasUpdates) {
      this.oldBins = this.bins.slice()
      this.oldBinCount = this.bins.length
    }
    const r = new TaggedReader(updates)
    while (!r.done) {
      const name = r.string().toString('latin1')
      const value = r.value()
      const index = this.bins.findIndex((b) => b.name === name)
      if (value === null) {
        if (index >= 0) this.bins.splice(index, 1)
        continue
      }
      const particle = value === UNSUPPORTED ? INCOMPATIBLE_TYPE : storable(value)
      if (typeof particle === 'number') return this.failed(particle)
      if (index >= 0) this.bins[index] = { name, value: particle }
      else if (this.bins.length >= UDF_BIN_LIMIT) return this.failed(BIN_NAME)
      else this.bins.push({ name, value: particle })
    }
    this.resultCode = 0
    this.hasUpdates = true
    return 0
  }

  private failed(code: number): number {
    this.resultCode = code
    this.hasUpdates = false
    this.bins = this.oldBins.slice()
    return -1
  }
}

/** The particle a bin written by a UDF stores, or the result code refusing the value. */
function storable(v: SValue): Particle | number {
  try {
    return toStoredParticle(sValueToParticle(v))
  } catch (err) {
    if (err instanceof CdtError || err instanceof ParseError) return PARAMETER
    throw err
  }
}
