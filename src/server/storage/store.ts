/** All namespaces of a server, and the periodic sweep that reclaims expired records. */
import { clepochSeconds } from '../clock.js'
import type { ResolvedNamespaceConfig } from '../options.js'
import { Namespace } from './namespace.js'

/** The server's storage: namespaces by name, each swept every `nsupPeriod` seconds. */
export class Store {
  /** Namespaces by byte-string name, in configuration order. */
  readonly namespaces = new Map<string, Namespace>()
  private readonly timers: NodeJS.Timeout[] = []

  constructor(configs: readonly ResolvedNamespaceConfig[]) {
    for (const c of configs) {
      const ns = new Namespace(c)
      this.namespaces.set(c.name, ns)
      if (c.nsupPeriod > 0) {
        // Unref'd: a forgotten server must not keep the process alive.
        const t = setInterval(() => ns.sweep(clepochSeconds()), c.nsupPeriod * 1000)
        t.unref()
        this.timers.push(t)
      }
    }
  }

  /** The namespace called `name` (a byte string), or undefined. */
  namespace(name: string): Namespace | undefined {
    return this.namespaces.get(name)
  }

  /** Stops the sweeps. */
  close(): void {
    for (const t of this.timers) clearInterval(t)
    this.timers.length = 0
  }
}
