/** Background job status: `query-show` on every node, combined into aerospike-py's job_info shape, and the wait for a job's end. */
import { ResultCode } from '../../protocol/index.js'
import type { Cluster } from '../cluster/cluster.js'
import { infoOnNode } from '../commands/info.js'
import { errorFromResultCode, invalidArg } from '../errors.js'

/** Job module: a query (a job started with a `where` predicate). */
export const JOB_QUERY = 'query'
/** Job module: a scan (a job started without a predicate). */
export const JOB_SCAN = 'scan'
/** Job status: not known. */
export const JOB_STATUS_UNDEF = 0
/** Job status: still running on at least one node. */
export const JOB_STATUS_INPROGRESS = 1
/** Job status: finished on every node. */
export const JOB_STATUS_COMPLETED = 2

/** A background job's state over the cluster. */
export interface JobInfo {
  /** JOB_STATUS_COMPLETED once every node finished (or forgot) the job, else JOB_STATUS_INPROGRESS. */
  status: number
  /** The least progress any node reports, percent (100 when completed). */
  progressPct: number
  /** Records the job wrote successfully, over every node that still lists it. */
  recordsRead: number
}

/** One `key=value` field of a `query-show` entry. */
function entryField(entry: string, name: string): string | undefined {
  for (const part of entry.split(':')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq) === name) return part.slice(eq + 1)
  }
  return undefined
}

/** Throws InvalidArgError unless `jobId` is a job id and `module` JOB_QUERY or JOB_SCAN. */
function checkJob(jobId: unknown, module: unknown): bigint {
  if (module !== JOB_QUERY && module !== JOB_SCAN)
    throw invalidArg(`job module must be JOB_QUERY ('query') or JOB_SCAN ('scan'), got ${String(module)}`)
  if (typeof jobId === 'number' && Number.isSafeInteger(jobId) && jobId > 0) return BigInt(jobId)
  if (typeof jobId === 'bigint' && jobId > 0n && jobId < 1n << 64n) return jobId
  throw invalidArg('a job id is a positive integer, as executeBackground returns it')
}

/**
 * Asks every node about job `jobId` (`query-show:id=<id>`; the module names
 * the job's kind, both use one command since server 6). A node that no
 * longer lists the job finished it. Throws ServerError for another error
 * answer, and the info call's errors (timeout, connection).
 */
export async function jobInfo(
  cluster: Cluster,
  jobId: unknown,
  module: unknown,
  timeoutMs: number,
): Promise<JobInfo> {
  const id = checkJob(jobId, module)
  const command = `query-show:id=${id}`
  const answers = await Promise.all(
    cluster.state.nodes.map(async (node) => ({ node, answer: await infoOnNode(node, command, timeoutMs) })),
  )
  let done = true
  let progress = 100
  let records = 0
  for (const { node, answer } of answers) {
    if (answer.startsWith('ERROR:2')) continue
    if (answer.startsWith('ERROR'))
      throw errorFromResultCode(ResultCode.SERVER_ERROR, {
        node: node.name,
        address: node.address,
        detail: answer,
      })
    if (!entryField(answer, 'status')?.toLowerCase().startsWith('done')) done = false
    progress = Math.min(progress, Number(entryField(answer, 'job-progress') ?? 0))
    records += Number(entryField(answer, 'recs-succeeded') ?? 0)
  }
  return {
    status: done ? JOB_STATUS_COMPLETED : JOB_STATUS_INPROGRESS,
    progressPct: done ? 100 : progress,
    recordsRead: records,
  }
}

/** Polls jobInfo every `pollIntervalMs` until the job completed on every node; resolves to its last info. */
export async function waitForJob(
  cluster: Cluster,
  jobId: unknown,
  module: unknown,
  pollIntervalMs: number,
  timeoutMs: number,
): Promise<JobInfo> {
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < 0)
    throw invalidArg('pollInterval must be a non-negative number of milliseconds')
  for (;;) {
    const info = await jobInfo(cluster, jobId, module, timeoutMs)
    if (info.status === JOB_STATUS_COMPLETED) return info
    await cluster.sleep(pollIntervalMs)
  }
}
