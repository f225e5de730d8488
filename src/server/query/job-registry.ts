/** The node's query job list behind `query-show` and `query-abort`: running jobs, and the most recent finished ones. */

/** A job the registry tracks: its id, whether it ended, its `query-show` text and a way to stop it. */
export interface TrackedJob {
  readonly trid: bigint
  readonly finished: boolean
  /** The job's `query-show` entry (8.1 format), as of `nowMs`. */
  info(nowMs: number): string
  /** Stops a running job (user-aborted); false when it had already finished. */
  abort(): boolean
}

/** Finished jobs kept for `query-show` (the server's query-max-done default). */
const MAX_DONE = 100

/** Running and recently finished jobs, by id, in start order. */
export class JobRegistry {
  private readonly jobs = new Map<bigint, TrackedJob>()
  /** Ids of finished jobs, oldest first. */
  private readonly done: bigint[] = []

  /** Whether a job with this id is running or still listed as finished (a new job may not reuse it). */
  has(trid: bigint): boolean {
    return this.jobs.has(trid)
  }

  get(trid: bigint): TrackedJob | undefined {
    return this.jobs.get(trid)
  }

  /** Tracks a job that just started. */
  add(job: TrackedJob): void {
    this.jobs.set(job.trid, job)
  }

  /** Moves a job to the finished list, forgetting the oldest finished job past the limit. */
  finish(job: TrackedJob): void {
    this.done.push(job.trid)
    if (this.done.length > MAX_DONE) this.jobs.delete(this.done.shift()!)
  }

  /** Every listed job, running ones first, newest first within each group (as `query-show` lists them). */
  list(): TrackedJob[] {
    const all = [...this.jobs.values()].reverse()
    return [...all.filter((j) => !j.finished), ...all.filter((j) => j.finished)]
  }
}
