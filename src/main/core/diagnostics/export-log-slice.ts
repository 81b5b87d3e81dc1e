import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The app log's lines inside [since, until), oldest file first; over the cap the newest lines are
 * kept, so one chatty day cannot make a bundle nobody can mail. Lines without a time are kept (they
 * belong to the line before, e.g. a stack).
 */
export function logSlice(logDir: string, since: string, until: string, maxBytes: number): string[] {
  const files = [5, 4, 3, 2, 1]
    .map((n) => join(logDir, `app.log.${n}`))
    .concat(join(logDir, 'app.log'))
    .filter((f) => existsSync(f))
  const lines: string[] = []
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue
      const time = /"time":"([^"]+)"/.exec(line)?.[1]
      if (!time || (time >= since && time < until)) lines.push(line)
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
