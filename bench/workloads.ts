/** The benchmark's workloads and what one measurement of one of them reports. */

/** Every workload, in the order the report lists them. */
export const WORKLOADS = ['put', 'get', 'operate', 'batchRead', 'scan', 'mixed'] as const

/** A workload's name. */
export type Workload = (typeof WORKLOADS)[number]

/** What each workload's operation is, for the report. */
export const WORKLOAD_LABELS: Record<Workload, string> = {
  put: 'put (5 bins)',
  get: 'get',
  operate: 'operate (incr + read)',
  batchRead: 'batchRead (100 keys)',
  scan: 'scan (whole set)',
  mixed: 'mixed 80% get / 20% put',
}

/** Whether `name` names a workload. */
export function isWorkload(name: string): name is Workload {
  return (WORKLOADS as readonly string[]).includes(name)
}

/** One client's figures for one workload at one concurrency. Latencies in milliseconds. */
export interface Measurement {
  ops: number
  records: number
  seconds: number
  opsPerSecond: number
  recordsPerSecond: number
  cpuMicrosPerOp: number
  p50: number
  p99: number
  p999: number
}
