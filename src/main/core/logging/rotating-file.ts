import { appendFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { makePrivateDir, PRIVATE_FILE_MODE } from '../private-files'

export interface RotatingFileOptions {
  file: string
  maxBytes: number
  /** How many rotated files (app.log.1 … app.log.N) to keep. */
  keep: number
}

/**
 * A synchronous, size-rotated append-only file. Synchronous on purpose: the last lines before a crash
 * are the ones support needs, and pino's rotating transports run in worker threads that do not
 * survive bundling (docs/architecture.md §4).
 */
export function createRotatingFile(options: RotatingFileOptions) {
  makePrivateDir(dirname(options.file))
  let size = existsSync(options.file) ? statSync(options.file).size : 0

  function rotate() {
    rmSync(`${options.file}.${options.keep}`, { force: true })
    for (let i = options.keep - 1; i >= 1; i--) {
      if (existsSync(`${options.file}.${i}`)) renameSync(`${options.file}.${i}`, `${options.file}.${i + 1}`)
    }
    if (existsSync(options.file)) renameSync(options.file, `${options.file}.1`)
    size = 0
  }

  /** Lines that could not be written (disk full, folder gone): said in the next line that can be. */
  let lost = 0
  return {
    write(chunk: string): boolean {
      // Logging never fails the work it reports on: a line that cannot be written is counted, not thrown.
      try {
        const text =
          lost > 0 ? `${JSON.stringify({ level: 40, time: new Date().toISOString(), msg: 'log lines could not be written', lost })}\n${chunk}` : chunk
        const bytes = Buffer.byteLength(text)
        if (size > 0 && size + bytes > options.maxBytes) rotate()
        // 0600 when this creates the file; rotation renames, so app.log.N keep it.
        appendFileSync(options.file, text, { mode: PRIVATE_FILE_MODE })
        size += bytes
        lost = 0
      } catch {
        lost++
      }
      return true
    },
  }
}
