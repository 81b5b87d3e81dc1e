/**
 * Intune's deferred effects (an import finishing, a sync completing, a report row appearing, an
 * enrollment creating a managed device…) as a time-ordered queue of plain-data jobs.
 *
 * Nothing runs on a timer: before every request the mock runs the jobs that are due by the clock,
 * in time order. So a ManualClock moved forward ten minutes sees exactly what ten real minutes would
 * have done, and the queue can be persisted with the rest of the state.
 */
export interface Job {
  at: number
  /** Insertion order, to keep same-time jobs in FIFO order. */
  seq: number
  kind: string
  data: Record<string, unknown>
}

export type JobHandler = (job: Job) => void

export class Scheduler {
  private jobs: Job[] = []
  private seq = 0
  private readonly handlers = new Map<string, JobHandler>()

  on(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler)
  }

  schedule(at: number, kind: string, data: Record<string, unknown> = {}): void {
    const job: Job = { at, seq: this.seq++, kind, data }
    let lo = 0
    let hi = this.jobs.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const other = this.jobs[mid]
      if (other && (other.at < at || (other.at === at && other.seq < job.seq))) lo = mid + 1
      else hi = mid
    }
    this.jobs.splice(lo, 0, job)
  }

  /** Drops queued jobs of `kind` that match. */
  cancel(kind: string, matches: (data: Record<string, unknown>) => boolean): void {
    this.jobs = this.jobs.filter((job) => job.kind !== kind || !matches(job.data))
  }

  /** Runs every job due at `now` (jobs may schedule more); returns how many ran. */
  runDue(now: number): number {
    let ran = 0
    // Bounded: a handler that keeps scheduling due work cannot spin forever.
    while (ran < 100_000) {
      const next = this.jobs[0]
      if (!next || next.at > now) break
      this.jobs.shift()
      this.handlers.get(next.kind)?.(next)
      ran++
    }
    return ran
  }

  pending(kind?: string): readonly Job[] {
    return kind === undefined ? this.jobs : this.jobs.filter((job) => job.kind === kind)
  }

  data(): { jobs: Job[]; seq: number } {
    return { jobs: this.jobs, seq: this.seq }
  }

  restore(data: { jobs: Job[]; seq: number }): void {
    this.jobs = [...data.jobs].sort((a, b) => a.at - b.at || a.seq - b.seq)
    this.seq = data.seq
  }
}
