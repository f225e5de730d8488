/** The client's TLS settings: the node:tls options it accepts, their validation, and the options of one node's connection. */
import { isIP } from 'node:net'
import { type ConnectionOptions, checkServerIdentity } from 'node:tls'
import { invalidArg } from '../errors.js'

/**
 * TLS settings (a subset of node:tls connect options). Setting `tls` turns
 * TLS on for every connection: seeds, peers (found with `peers-tls-std`) and
 * pools. A host's `tlsName` is the name its certificate must carry; without
 * one, the certificate must match `servername` or else the host name.
 */
export type TlsConfig = Pick<
  ConnectionOptions,
  | 'ca'
  | 'cert'
  | 'key'
  | 'passphrase'
  | 'pfx'
  | 'crl'
  | 'ciphers'
  | 'ecdhCurve'
  | 'minVersion'
  | 'maxVersion'
  | 'servername'
  | 'rejectUnauthorized'
  | 'checkServerIdentity'
  | 'secureContext'
>

type Check = (v: unknown) => boolean

const isPem = (v: unknown): boolean => typeof v === 'string' || v instanceof Uint8Array
const pemOrList: Check = (v) => isPem(v) || (Array.isArray(v) && v.every((x) => isPem(x) || isKeyObject(x)))
const isKeyObject = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && 'pem' in v && isPem((v as { pem: unknown }).pem)
const string: Check = (v) => typeof v === 'string'
const bool: Check = (v) => typeof v === 'boolean'
const fn: Check = (v) => typeof v === 'function'
const object: Check = (v) => typeof v === 'object' && v !== null

/** Every accepted key and the check of its value. */
const TLS_FIELDS: Record<keyof TlsConfig, readonly [Check, string]> = {
  ca: [pemOrList, 'PEM text, a Buffer or a list of them'],
  cert: [pemOrList, 'PEM text, a Buffer or a list of them'],
  key: [pemOrList, 'PEM text, a Buffer or a list of them'],
  passphrase: [string, 'a string'],
  pfx: [pemOrList, 'a Buffer or a list of them'],
  crl: [pemOrList, 'PEM text, a Buffer or a list of them'],
  ciphers: [string, 'a string'],
  ecdhCurve: [string, 'a string'],
  minVersion: [string, "a TLS version such as 'TLSv1.2'"],
  maxVersion: [string, "a TLS version such as 'TLSv1.3'"],
  servername: [string, 'a string'],
  rejectUnauthorized: [bool, 'a boolean'],
  checkServerIdentity: [fn, 'a function'],
  secureContext: [object, 'a SecureContext'],
}

/** Validates `config.tls`; throws InvalidArgError for a non-object, an unknown key or a bad value. */
export function resolveTls(value: unknown): TlsConfig | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalidArg('client config tls must be an object of node:tls options')
  for (const [name, v] of Object.entries(value)) {
    const field = TLS_FIELDS[name as keyof TlsConfig]
    if (field === undefined) throw invalidArg(`client config tls has an unknown key '${name}'`)
    if (v !== undefined && !field[0](v)) throw invalidArg(`client config tls.${name} must be ${field[1]}`)
  }
  return { ...(value as TlsConfig) }
}

/**
 * The node:tls options for a connection to `host`: a `tlsName` becomes the
 * name the certificate is checked against (and the SNI name unless it is an
 * IP address).
 */
export function tlsConnectOptions(
  tls: TlsConfig,
  host: string,
  port: number,
  tlsName?: string,
): ConnectionOptions {
  const options: ConnectionOptions = { ...tls, host, port }
  const name = tlsName || tls.servername
  if (name === undefined) {
    if (isIP(host) === 0) options.servername = host
    return options
  }
  options.servername = isIP(name) === 0 ? name : undefined
  const check = tls.checkServerIdentity ?? checkServerIdentity
  options.checkServerIdentity = (_host, cert) => check(name, cert)
  return options
}
