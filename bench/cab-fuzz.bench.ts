/**
 * `npm run fuzz:cab` — the seeded fuzz run of the CAB parsers (test/support/cab-fuzz.ts) at full size:
 * ≥ 100,000 inputs for each of the CAB reader, the MSZIP decoder and the LZX decoder. Prints one JSON
 * line per parser on stdout (inputs, accepted, refused, unexpected failures, slowest input, elapsed);
 * exits 1 if any input ended in anything but the parser's own error.
 *
 * Options: --inputs N (100000 per parser) --seed S (1) --parsers cab,mszip,lzx
 */
import { fuzzCabReader, fuzzLzx, fuzzMszip, type FuzzReport } from '../test/support/cab-fuzz'

const args = process.argv.slice(2)
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback
}
const inputs = Number(option('inputs', '100000'))
const seed = Number(option('seed', '1'))
const parsers = option('parsers', 'cab,mszip,lzx').split(',')
const runners: Record<string, (n: number, s: number) => FuzzReport> = { cab: fuzzCabReader, mszip: fuzzMszip, lzx: fuzzLzx }

let failed = false
for (const name of parsers) {
  const runner = runners[name]
  if (!runner) throw new Error(`unknown parser ${name}; use cab, mszip or lzx`)
  const report = runner(inputs, seed)
  const heapMiB = Math.round(process.memoryUsage().heapUsed / 1024 / 1024)
  process.stdout.write(JSON.stringify({ ...report, unexpected: report.unexpected.length, firstUnexpected: report.unexpected[0] ?? null, heapMiB, seed }) + '\n')
  if (report.unexpected.length > 0) failed = true
}
process.exitCode = failed ? 1 : 0
