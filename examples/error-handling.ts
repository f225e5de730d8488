/** `npm start`: each error-handling pattern of the guide, against AEROSPIKE_HOSTS or an embedded server it starts. */
import {
  AerospikeError,
  AerospikeTimeoutError,
  ClusterError,
  RecordExistsError,
  RecordGenerationError,
  RecordNotFound,
} from '../src/exception.js'
import * as aerospike from '../src/index.js'
import { type RunningServer, startServer } from '../src/server/index.js'

const SET = 'error_handling_demo'
const say = (text: string): void => console.log(`  ${text}`)
const title = (text: string): void => console.log(`\n== ${text}`)

/** Catch specific, then broad: a missing record is an expected outcome, not a failure. */
async function catchSpecificThenBroad(client: aerospike.Client): Promise<void> {
  title('Catch specific, then broad')
  let bins: aerospike.Bins
  try {
    bins = (await client.get(['test', SET, 'no-such-user'])).bins
  } catch (e) {
    if (e instanceof RecordNotFound) {
      say(`RecordNotFound (resultCode ${e.resultCode}): using empty bins`)
      bins = {}
    } else if (e instanceof AerospikeTimeoutError) {
      throw e // retry or circuit-break
    } else if (e instanceof AerospikeError) {
      say(`Aerospike error: ${e.message}`)
      throw e
    } else {
      throw e
    }
  }
  say(`bins = ${JSON.stringify(bins)}`)
}

async function getWithRetry(client: aerospike.Client, key: aerospike.KeyInput, maxRetries = 3) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.get(key, { totalTimeout: 100, maxRetries: 0 })
    } catch (e) {
      const transient = e instanceof AerospikeTimeoutError || e instanceof ClusterError
      if (!transient || attempt === maxRetries - 1) throw e
      say(`attempt ${attempt + 1}: ${(e as AerospikeError).name}, retrying in ${100 * 2 ** attempt} ms`)
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt))
    }
  }
}

/** Retry with backoff: transient failures (timeouts, cluster trouble) are retried, others are not. */
async function retryWithBackoff(client: aerospike.Client, server: RunningServer | undefined): Promise<void> {
  title('Retry with backoff')
  const key: aerospike.KeyTuple = ['test', SET, 'retry']
  await client.put(key, { status: 'ok' })
  if (server !== undefined) {
    // Make the embedded server slow for a moment: the first attempts time out.
    server.setFaults({ delayMs: 250 })
    setTimeout(() => server.setFaults({ delayMs: 0 }), 200)
  }
  const record = await getWithRetry(client, key)
  say(`got ${JSON.stringify(record.bins)}`)
}

async function incrementCounter(client: aerospike.Client, key: aerospike.KeyInput, bin: string) {
  let conflicts = 0
  for (;;) {
    try {
      const record = await client.get(key)
      const next = ((record.bins[bin] as number | undefined) ?? 0) + 1
      await client.put(key, { [bin]: next }, { gen: record.meta.gen }, { gen: aerospike.POLICY_GEN_EQ })
      return { next, conflicts }
    } catch (e) {
      if (e instanceof RecordGenerationError) {
        conflicts++
        continue
      }
      throw e
    }
  }
}

/** Optimistic locking: concurrent read-modify-writes, each retried on a generation conflict. */
async function casCounter(client: aerospike.Client): Promise<void> {
  title('Optimistic locking (CAS)')
  const key: aerospike.KeyTuple = ['test', SET, 'counter']
  await client.put(key, { count: 0 })
  const results = await Promise.all(Array.from({ length: 10 }, () => incrementCounter(client, key, 'count')))
  const conflicts = results.reduce((n, r) => n + r.conflicts, 0)
  const { bins } = await client.get(key)
  say(`10 concurrent increments -> count = ${bins.count} (${conflicts} generation conflicts retried)`)
}

/** Create-only vs upsert. */
async function createOnlyVsUpsert(client: aerospike.Client): Promise<void> {
  title('Create-only vs upsert')
  const key: aerospike.KeyTuple = ['test', SET, 'profile']
  const bins = { name: 'Alice' }
  await client.remove(key).catch((e: unknown) => {
    if (!(e instanceof RecordNotFound)) throw e
  })
  for (const round of [1, 2]) {
    try {
      await client.put(key, bins, undefined, { exists: aerospike.POLICY_EXISTS_CREATE_ONLY })
      say(`create-only #${round}: created`)
    } catch (e) {
      if (!(e instanceof RecordExistsError)) throw e
      say(`create-only #${round}: RecordExistsError (resultCode ${e.resultCode}), already exists`)
    }
  }
  await client.put(key, bins)
  say('upsert: never raises RecordExistsError')
}

/** Batch error handling: per-record failures are results to check, not exceptions. */
async function batchErrorHandling(client: aerospike.Client): Promise<void> {
  title('Batch error handling')
  const keys: aerospike.KeyTuple[] = ['b1', 'b2', 'b3', 'missing'].map((id) => ['test', SET, id] as const)
  await client.batchWrite(keys.slice(0, 3).map((key, i) => [key, { n: i }] as const))
  const batch = await client.batchRead(keys)
  for (const br of batch.batchRecords) {
    if (br.result === aerospike.AEROSPIKE_OK && br.record) say(`process ${JSON.stringify(br.record.bins)}`)
    else if (br.result === aerospike.AEROSPIKE_ERR_RECORD_NOT_FOUND) say(`missing: ${JSON.stringify(br.key)}`)
    else say(`Batch error: code=${br.result}`)
  }
  await client.batchRemove(keys)
}

/** Async: the same handling, with await. */
async function getUser(client: aerospike.Client, userId: string): Promise<aerospike.Bins | null> {
  try {
    const record = await client.get(['test', SET, userId])
    return record.bins
  } catch (e) {
    if (e instanceof RecordNotFound) return null
    throw e
  }
}

/** Connection lifecycle: ClusterError when nothing can be reached; close() in finally. */
async function connectionLifecycle(hosts: aerospike.ClientConfig['hosts']): Promise<aerospike.Client> {
  title('Connection lifecycle')
  try {
    await aerospike.client({ hosts: [['127.0.0.1', 1]], timeout: 300 }).connect()
  } catch (e) {
    if (!(e instanceof ClusterError)) throw e
    say(`Cannot reach cluster: ${e.message}`)
  }
  const client = await aerospike.client({ hosts }).connect()
  say(`connected to ${client.getNodeNames().join(', ')}`)
  return client
}

async function main(): Promise<void> {
  const fromEnv = process.env.AEROSPIKE_HOSTS
  const server = fromEnv ? undefined : await startServer({ port: 0 })
  console.log(
    fromEnv ? `Using AEROSPIKE_HOSTS=${fromEnv}` : `Started an embedded server on port ${server!.port}`,
  )
  try {
    const client = await connectionLifecycle(fromEnv ?? server!.hosts)
    try {
      await catchSpecificThenBroad(client)
      await retryWithBackoff(client, server)
      await casCounter(client)
      await createOnlyVsUpsert(client)
      await batchErrorHandling(client)
      title('Async')
      say(`getUser('profile') -> ${JSON.stringify(await getUser(client, 'profile'))}`)
      say(`getUser('nobody') -> ${JSON.stringify(await getUser(client, 'nobody'))}`)
      for (const id of ['retry', 'counter', 'profile']) await client.remove(['test', SET, id])
    } finally {
      await client.close()
      say('client closed')
    }
  } finally {
    await server?.stop()
  }
}

await main()
