/**
 * `npm run bench:qr-stream` — what the app's stream fallback adds: a steady camera gives several
 * exposures of one view; when a frame gives no Autopilot code, the decoder Worker decodes the mean
 * of the last steady frames (src/qr/decode/frame-stack.ts). For each frame of the chosen
 * categories this synthesizes `--frames` exposures (same scene and pose, fresh sensor noise:
 * FrameSpec.noiseSalt) and compares the shipped decoder on the first exposure alone with the mean
 * of the first 2 and of all of them. Prints one JSON line; a table on stderr.
 *
 * Options: --seed N (1818) --per-cell N (20) --frames K (4) --categories a,b (the harder kinds)
 * --resolution 1280x720.
 */
import { createDecoder } from '../src/qr/decode/decoders'
import { createFrameStack } from '../src/qr/decode/frame-stack'
import { loadZxingWasm } from '../src/qr/node/zxing-wasm-file'
import { chooseCode, frameVerdict, unreadableCodes } from '../src/qr/payload/choose-code'
import type { FrameScan } from '../src/qr/decode/pipeline'
import { frameSpecs, hardCategories, synthesizeFrame, type FrameCategory } from '../src/qr/synth/frame-set'
import { percentile, round } from './support/stats'

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`)
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback
}

async function main(): Promise<void> {
  const seed = Number(option('seed', '1818'))
  const perCell = Number(option('per-cell', '20'))
  const exposures = Math.max(2, Number(option('frames', '4')))
  const [width, height] = option('resolution', '1280x720').split('x').map(Number) as [number, number]
  const categories = option('categories', hardCategories.filter((c) => c !== 'twocodes').join(',')).split(',') as FrameCategory[]
  const decoder = await createDecoder('shipped', loadZxingWasm())
  const tallies: Record<string, { frames: number; single: number; mean2: number; meanAll: number; wrong: number }> = {}
  const stackMs: number[] = []
  for (const spec of frameSpecs({ seed, perCell, categories, resolutions: [{ width, height }] })) {
    const frames = Array.from({ length: exposures }, (_, k) => synthesizeFrame({ ...spec, noiseSalt: k + 1 }))
    const expected = frames[0]!.expected
    const tally = (tallies[spec.category] ??= { frames: 0, single: 0, mean2: 0, meanAll: 0, wrong: 0 })
    tally.frames++
    const judge = (scan: FrameScan) => {
      const verdict = frameVerdict(chooseCode(scan.symbols, unreadableCodes(scan)))
      if (verdict.text !== null && verdict.text !== expected) tally.wrong++
      return verdict.text === expected
    }
    if (judge(decoder.scan(frames[0]!))) tally.single++
    const stack = createFrameStack({ depth: exposures })
    for (const [k, frame] of frames.entries()) {
      const started = performance.now()
      stack.push(frame)
      const mean = k === 0 ? null : stack.average()
      stackMs.push(performance.now() - started)
      if (!mean) continue
      const read = judge(decoder.scan(mean))
      if (k === 1 && read) tally.mean2++
      if (k === exposures - 1 && read) tally.meanAll++
    }
  }
  const pct = (n: number, d: number) => round((100 * n) / Math.max(1, d), 1)
  const sum = (key: 'frames' | 'single' | 'mean2' | 'meanAll' | 'wrong') => Object.values(tallies).reduce((t, c) => t + c[key], 0)
  const result = {
    seed,
    perCell,
    exposures,
    resolution: `${width}x${height}`,
    byCategory: Object.fromEntries(
      Object.entries(tallies).map(([c, t]) => [
        c,
        { single: pct(t.single, t.frames), mean2: pct(t.mean2, t.frames), [`mean${exposures}`]: pct(t.meanAll, t.frames) },
      ]),
    ),
    all: { single: pct(sum('single'), sum('frames')), mean2: pct(sum('mean2'), sum('frames')), [`mean${exposures}`]: pct(sum('meanAll'), sum('frames')) },
    wrongPayloads: sum('wrong'),
    stackMsPerFrame: { p50: round(percentile(stackMs, 50)), p95: round(percentile(stackMs, 95)) },
  }
  console.log(JSON.stringify(result))
  process.stderr.write(
    Object.entries(result.byCategory)
      .map(([c, r]) => `${c.padEnd(10)} ${JSON.stringify(r)}`)
      .join('\n') +
      `\nall ${JSON.stringify(result.all)}  wrong ${result.wrongPayloads}  stack ms p50/p95 ${result.stackMsPerFrame.p50}/${result.stackMsPerFrame.p95}\n`,
  )
  decoder.dispose()
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
