export interface RequestLogEntry {
  method: string
  path: string
  status: number
  /** Only when the client sent one. */
  clientRequestId?: string
  /** Injected faults that hit this request (e.g. '503', 'latency+truncate', 'hang'). */
  fault?: string
}

const LIMIT = 10_000
/** Trim in chunks so appending stays O(1) amortised instead of shifting the array every time. */
const SLACK = 1_000
/** Long URLs are cut: the log is for assertions, not a second copy of every query string. */
const MAX_PATH = 2_048

/** The last ~10,000 requests, oldest first, for tests and the dev console. */
export class RequestLog {
  private readonly items: RequestLogEntry[] = []

  get entries(): ReadonlyArray<RequestLogEntry> {
    return this.items
  }

  add(entry: RequestLogEntry): void {
    this.items.push(entry.path.length > MAX_PATH ? { ...entry, path: entry.path.slice(0, MAX_PATH) } : entry)
    if (this.items.length >= LIMIT + SLACK) this.items.splice(0, this.items.length - LIMIT)
  }
}
