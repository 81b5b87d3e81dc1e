import { HashCsvChecker, type HashCsvCheckOptions } from '@core/registration/check-hash-csv'
import { bytesSource } from '@core/registration/byte-source'

/** A Base64 hardware hash unique to `seed` (about 160 characters; real 4K hashes are longer). */
export const hashFor = (seed: string): string => Buffer.from(`hardware-hash:${seed}:`.repeat(6)).toString('base64')

export const HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash'

/** Checks files given as text (UTF-8) or bytes, together, with the checker's default options merged. */
export function checkFiles(files: Record<string, string | Uint8Array>, options: HashCsvCheckOptions = {}): HashCsvChecker {
  const checker = new HashCsvChecker({ keepRows: true, ...options })
  for (const [name, content] of Object.entries(files)) checker.check(bytesSource(name, typeof content === 'string' ? Buffer.from(content, 'utf8') : content))
  return checker
}

export const codesOf = (items: ReadonlyArray<{ line: number; code: string }>) => items.map((item) => `${item.line}:${item.code}`)
