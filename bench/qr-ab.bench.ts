/**
 * `node scripts/run-ts.mjs bench/qr-ab.bench.ts DECODER_A,DECODER_B CATEGORY,… [REPEATS]` — a
 * load-robust A/B of decode time for a shared, busy machine: both decoders in one thread, each frame
 * decoded REPEATS (15) times by each in turn, and the *minimum* per frame kept (the run least
 * disturbed by other processes). Prints, per decoder, the sum, p50 and p95 of those minima over the
 * frames (seed 42, 8 frames per category, 1280×720). Use it to compare two configurations; use
 * `bench:qr` for rates and the app's per-frame distribution.
 */
import { createDecoder } from '../src/qr/decode/decoders'
import { loadZxingWasm } from '../src/qr/node/zxing-wasm-file'
import { frameSpecs, synthesizeFrame, type FrameCategory } from '../src/qr/synth/frame-set'

async function main(): Promise<void> {
  const names = (process.argv[2] ?? 'shipped,shipped-first-symbol').split(',')
  const categories = (process.argv[3] ?? 'clean,webcam,empty').split(',') as FrameCategory[]
  const repeats = Number(process.argv[4] ?? 15)
  const decoders = await Promise.all(names.map((name) => createDecoder(name, name.startsWith('jsqr') ? null : loadZxingWasm())))
  const frames = frameSpecs({ seed: 42, perCell: 8, categories, resolutions: [{ width: 1280, height: 720 }] }).map(synthesizeFrame)
  const minima = names.map(() => [] as number[])
  for (const frame of frames) {
    const best = names.map(() => Infinity)
    for (let r = 0; r < repeats; r++) {
      for (const [i, decoder] of decoders.entries()) {
        const started = performance.now()
        decoder.scan(frame)
        best[i] = Math.min(best[i]!, performance.now() - started)
      }
    }
    best.forEach((ms, i) => minima[i]!.push(ms))
  }
  for (const [i, name] of names.entries()) {
    const sorted = [...minima[i]!].sort((a, b) => a - b)
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
    console.log(
      JSON.stringify({
        decoder: name,
        categories,
        frames: frames.length,
        sumMs: +sorted.reduce((a, b) => a + b, 0).toFixed(1),
        p50: +at(0.5).toFixed(2),
        p95: +at(0.95).toFixed(2),
      }),
    )
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
