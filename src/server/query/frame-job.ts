/** The reply stream of a foreground query job (records or aggregation values): frames produced on demand, a LAST at the end, pauses for pacing and turn-taking, and cancellation. */

import type { QuerySpec } from './query-request.js'
import { lastFrame, RecordFrames } from './record-frames.js'

/**
 * A job the connection iterates as its reply stream. A subclass fills frames
 * in `fill` and ends the job with `finish`; ending the iteration early (the
 * client went away) stops it, even during a pause.
 */
export abstract class FrameJob implements AsyncIterableIterator<Buffer> {
  protected readonly frames: RecordFrames
  protected readonly startMs = Date.now()
  protected state: 'running' | 'last-pending' | 'done' = 'running'
  /** What the LAST message carries. */
  protected resultCode = 0
  private timer: NodeJS.Timeout | undefined
  private wake: (() => void) | undefined

  constructor(protected readonly spec: QuerySpec) {
    this.frames = new RecordFrames(spec.ns.name)
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  async next(): Promise<IteratorResult<Buffer, undefined>> {
    const frame = await this.produce()
    return frame === undefined ? { value: undefined, done: true } : { value: frame, done: false }
  }

  /** Stops the job (the connection stopped reading its frames). */
  async return(): Promise<IteratorResult<Buffer, undefined>> {
    this.state = 'done'
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.wake?.()
    return { value: undefined, done: true }
  }

  /** Runs the job until a frame is ready, the job ends, or it must wait. */
  protected abstract fill(): Buffer | undefined | Promise<Buffer | undefined>

  /** The next frame, or undefined once the stream has ended. */
  private produce(): Buffer | undefined | Promise<Buffer | undefined> {
    if (this.state === 'done') return undefined
    if (this.state === 'last-pending') {
      this.state = 'done'
      return lastFrame(this.resultCode)
    }
    return this.fill()
  }

  /** The job's last frame(s) once it has nothing left to do: the pending frame, then a separate LAST. */
  protected finish(): Buffer {
    if (this.frames.empty) {
      this.state = 'done'
      return lastFrame(this.resultCode)
    }
    this.state = 'last-pending'
    return this.frames.take()
  }

  /** Waits `ms` (0: just lets other work run), then carries on; ends quietly if cancelled meanwhile. */
  protected pause(ms: number): Promise<Buffer | undefined> {
    return new Promise<void>((resolve) => {
      this.wake = resolve
      this.timer = setTimeout(() => {
        this.timer = undefined
        resolve()
      }, ms)
    }).then(() => {
      this.wake = undefined
      return this.state === 'done' ? undefined : this.fill()
    })
  }
}
