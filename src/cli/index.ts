#!/usr/bin/env node
/** The `aerospike-ts` command: `aerospike-ts server [--port 3000] [--host 127.0.0.1] [--namespace NAME ...]`. */
import { parseArgs } from 'node:util'
import { startServer } from '../server/index.js'

const USAGE = `Usage: aerospike-ts server [options]

Runs the embedded Aerospike-compatible server until SIGINT or SIGTERM.

Options:
  --port <n>            TCP port, 0 for any free port (default 3000)
  --host <address>      address to listen on (default 127.0.0.1)
  --namespace <name>    a namespace to serve; repeat for more (default: test and bar)
  --cluster-name <name> value of the cluster-name info command (default aerospike-ts)
  --node-id <hex>       node id to report (default: random)
  -h, --help            show this help
`

/** Runs the `server` subcommand; resolves with the exit code once the server has stopped. */
async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      namespace: { type: 'string', multiple: true },
      'cluster-name': { type: 'string' },
      'node-id': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(USAGE)
    return 0
  }
  const port = values.port === undefined ? undefined : Number(values.port)
  if (port !== undefined && (values.port!.trim() === '' || !Number.isInteger(port)))
    throw new RangeError(`--port must be an integer, got ${JSON.stringify(values.port)}`)
  const server = await startServer({
    port,
    host: values.host,
    namespaces: values.namespace?.map((name) => ({ name })),
    clusterName: values['cluster-name'],
    nodeId: values['node-id'],
  })
  process.stdout.write(
    `aerospike-ts server listening on ${server.host}:${server.port} (node ${server.nodeId})\n`,
  )
  await new Promise<void>((resolve) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      resolve()
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
  await server.stop()
  process.stdout.write('aerospike-ts server stopped\n')
  return 0
}

/** Subcommand name -> runner. */
const COMMANDS: Readonly<Record<string, (args: string[]) => Promise<number>>> = {
  server: serve,
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '-h' || name === '--help') {
    process.stdout.write(USAGE)
    return name === undefined ? 1 : 0
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (command === undefined) {
    process.stderr.write(`aerospike-ts: unknown command '${name}'\n\n${USAGE}`)
    return 1
  }
  return command(rest)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    process.stderr.write(`aerospike-ts: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exitCode = 1
  },
)
