import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The app log's lines of one tenant inside [since, until), oldest file first; over the cap the newest
 * lines are kept, so one chatty day cannot make a bundle nobody can mail. The log is shared by every
 * tenant used on this PC: a line is taken only when it names this tenant (`"tenantId"`, written by
 * the tenant's core: logging/file-logger.ts `forTenant`), or when it is about the app's window itself
 * (`forApp`: it died, froze or did not load; such lines name no tenant, user or device). Other lines
 * that name no tenant (sign-ins and tenant switches, which name any tenant; and lines written before
 * lines carried their tenant) are left out. A line without a time goes with the line before it (e.g. a stack).
 */
/** The logger's own binding (pino writes `level`, `time`, `pid`, then the child's bindings, then the line's fields). */
const appWideLine = /^\{"level":\d+,"time":"[^"]*","pid":\d+,"appWide":true[,}]/

export function logSlice(logDir: string, since: string, until: string, maxBytes: number, tenantId: string): string[] {
  const files = [5, 4, 3, 2, 1]
    .map((n) => join(logDir, `app.log.${n}`))
    .concat(join(logDir, 'app.log'))
    .filter((f) => existsSync(f))
  const lines: string[] = []
  let previousKept = false
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue
      const time = /"time":"([^"]+)"/.exec(line)?.[1]
      // The first "tenantId" is the logger's own (pino writes its bindings before a line's fields);
      // one inside a message is escaped (\"tenantId\") and does not match.
      const ours = () => /"tenantId":"([^"]*)"/.exec(line)?.[1] === tenantId || appWideLine.test(line)
      const keep: boolean = time ? time >= since && time < until && ours() : previousKept
      if (keep) lines.push(line)
      previousKept = keep
    }
  }
  let bytes = 0
  const kept: string[] = []
  for (let i = lines.length - 1; i >= 0 && bytes < maxBytes; i--) {
    kept.unshift(lines[i]!)
    bytes += lines[i]!.length + 1
  }
  return kept
}
