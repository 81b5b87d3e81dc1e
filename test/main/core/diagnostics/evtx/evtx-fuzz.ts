/**
 * Fuzz targets for the EVTX reader, shared by the bounded test (evtx-fuzz.test.ts) and the long
 * runner (`npm run fuzz:evtx`, ≥ 100,000 inputs per target). Inputs come from a seeded generator, so
 * a failure is reproducible from its seed and index. The property: whatever the bytes, reading ends
 * with a result or an EvtxFormatError — nothing else is thrown, and every count stays consistent.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CHUNK_SIZE } from '@core/diagnostics/evtx/binxml'
import { summarizeEventLog } from '@core/diagnostics/evtx'
import { resealChunk, writeEvtx, type WrittenEvent } from '@support/evtx-writer'

/** From the repository root (vitest and `npm run` both run there; the runner is bundled elsewhere, so not __dirname). */
const FIXTURES = join(process.cwd(), 'test/main/core/diagnostics/evtx/fixtures')

export type FuzzTarget = 'file' | 'binxml' | 'chunk-garbage'
export const FUZZ_TARGETS: readonly FuzzTarget[] = ['file', 'binxml', 'chunk-garbage']

/** xorshift32: small, fast, deterministic. */
export function rng(seed: number) {
  let s = seed >>> 0 || 0x9e3779b9
  const next = () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return s
  }
  return { next, below: (n: number) => next() % n }
}

const sampleEvents: WrittenEvent[] = Array.from({ length: 24 }, (_, i) => ({
  recordId: i + 1,
  eventId: [100, 153, 171, 172, 807, 809][i % 6]!,
  provider: 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider',
  channel: 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot',
  level: 2 + (i % 3),
  time: new Date(Date.UTC(2026, 0, 5, 10, i)).toISOString(),
  userSid: 'S-1-5-18',
  data: i % 2 ? [['HRESULT', '0x81039001']] : [['Message', 'Profile download']],
}))

function bases(): Uint8Array[] {
  const fixtures = ['security-short-selected.evtx', 'msexchange-management-wec.evtx'].map((f) => new Uint8Array(readFileSync(join(FIXTURES, f))))
  return [writeEvtx(sampleEvents), ...fixtures]
}

/** One mutated input for `target` from the generator. */
function mutate(target: FuzzTarget, base: Uint8Array, r: ReturnType<typeof rng>): Uint8Array {
  const file = base.slice()
  const view = new DataView(file.buffer)
  const used = Math.max(512, Math.min(CHUNK_SIZE, view.getUint32(0x1000 + 48, true)))
  const flips = 1 + r.below(8)
  if (target === 'file') {
    for (let i = 0; i < flips; i++) {
      const at = r.below(file.length)
      file[at] = file[at]! ^ (1 << r.below(8))
    }
    return r.below(4) === 0 ? file.subarray(0, r.below(file.length + 1)) : file
  }
  if (target === 'binxml') {
    // Change the records, then make the checksums right again so the BinXml parser sees the damage.
    for (let i = 0; i < flips; i++) {
      const at = 0x1000 + 512 + r.below(used - 512)
      if (r.below(3) === 0) file[at] = r.below(256)
      else file[at] = file[at]! ^ (1 << r.below(8))
    }
    resealChunk(file, 0)
    return file
  }
  // chunk-garbage: random bytes over a stretch of the records (tokens, offsets, sizes), resealed.
  const start = 0x1000 + 512 + r.below(used - 512)
  const length = 1 + r.below(64)
  for (let i = start; i < Math.min(start + length, 0x1000 + CHUNK_SIZE); i++) file[i] = r.below(256)
  resealChunk(file, 0)
  return file
}

export interface FuzzReport {
  target: FuzzTarget
  inputs: number
  /** Inputs read with at least one event. */
  withEvents: number
  /** Inputs with at least one damaged chunk or refused file. */
  refusedOrDamaged: number
  failures: Array<{ index: number; message: string }>
}

export function runFuzz(target: FuzzTarget, inputs: number, seed: number): FuzzReport {
  const r = rng(seed)
  const files = bases()
  const report: FuzzReport = { target, inputs: 0, withEvents: 0, refusedOrDamaged: 0, failures: [] }
  for (let i = 0; i < inputs; i++) {
    const input = mutate(target, files[i % files.length]!, r)
    report.inputs += 1
    try {
      const s = summarizeEventLog(input, 'fuzz.evtx', { rows: true, maxTimeline: 50 })
      if (s.rows!.length !== s.records) throw new Error(`rows ${s.rows!.length} ≠ records ${s.records}`)
      if (s.records > 0) report.withEvents += 1
      if (s.error || s.damaged > 0) report.refusedOrDamaged += 1
    } catch (error) {
      if (report.failures.length < 20) report.failures.push({ index: i, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) })
    }
  }
  return report
}
