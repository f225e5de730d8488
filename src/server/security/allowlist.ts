/** Role allowlists: which entries are valid (an IP address or a CIDR range), and whether a client address matches. */
import { BlockList, isIP } from 'node:net'

/** An IPv4 address mapped into IPv6 (`::ffff:1.2.3.4`), as dual-stack sockets report IPv4 clients. */
const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i

function family(address: string): 'ipv4' | 'ipv6' | undefined {
  const v = isIP(address)
  return v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : undefined
}

/** Whether `entry` is an IP address or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
export function isValidAllowlistEntry(entry: unknown): boolean {
  if (typeof entry !== 'string') return false
  const [address, bits, extra] = entry.split('/')
  const f = family(address!)
  if (f === undefined || extra !== undefined) return false
  if (bits === undefined) return true
  if (!/^\d{1,3}$/.test(bits)) return false
  return Number(bits) <= (f === 'ipv4' ? 32 : 128)
}

/** Whether `address` (a client's socket address) matches one of `entries`. */
export function allowlistMatches(entries: readonly string[], address: string): boolean {
  const plain = MAPPED_V4.exec(address)?.[1] ?? address
  const f = family(plain)
  if (f === undefined) return false
  const list = new BlockList()
  for (const entry of entries) {
    const [a, bits] = entry.split('/')
    const ef = family(a!)
    if (ef === undefined) continue
    if (bits === undefined) list.addAddress(a!, ef)
    else list.addSubnet(a!, Number(bits), ef)
  }
  return list.check(plain, f)
}
