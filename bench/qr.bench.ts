/**
 * `npm run bench:qr` — QR decoders side by side on a fixed-seed synthetic camera frame set
 * (src/qr/synth: clean, noise, blur, rotation, perspective, low contrast, inverted, webcam-like,
 * dim webcam, glare, screen moiré, small code, 1D box-label barcodes, no code; 640×480, 1280×720,
 * 1920×1080). Prints one JSON line per decoder configuration on stdout (a table on stderr):
 * success per category, wrong payloads, detections on no-code frames, p50/p95 ms per frame and the
 * time to give up on no-code frames, per resolution.
 *
 * Each decoder runs in its own worker thread (its own heap, so one decoder's garbage does not land
 * in another's timings); frames are generated once in the main thread and decoded by one worker at
 * a time, so decoders never compete for the CPU. Timed: everything the app's Worker does per frame
 * once it holds the RGBA pixels (RGBA→luma, pre-processing, decoding). Each worker first decodes
 * warm-up frames from another seed.
 *
 * Frames are synthesized in batches of 16 ahead of their decodes: between two decodes the main thread
 * only copies a frame and posts it, as the app's capture does (getImageData, postMessage). Synthesizing
 * a frame works through tens of MB of float images, which evicted the decoder's working set from the
 * CPU's cache before every frame and made the same decodes ~1.5 ms slower at the median
 * (docs/benchmarks.md, "bench:qr's harness"); `--synthesize-between` restores that order for comparison.
 *
 * Options: --seed N (42) --per-cell N (10) --decoders a,b,… --resolutions 1280x720,…
 * --categories a,b,… --slow-sample K (the untuned `jsqr` decodes every K-th frame only: it needs
 * seconds per frame it cannot read; default 4) --warm-per-category N (warm-up frames of each measured
 * category before timing; default 2 — see docs/benchmarks.md for how the single-shot p95 moves with it)
 * --synthesize-between (synthesize each frame right before its decode, as before session 10).
 */
import { cpus, loadavg } from 'node:os'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { createDecoder, decoderNames } from '../src/qr/decode/decoders'
import type { FrameDecoder } from '../src/qr/decode/pipeline'
import { loadZxingWasm } from '../src/qr/node/zxing-wasm-file'
import { chooseCode, frameVerdict, unreadableCodes } from '../src/qr/payload/choose-code'
import {
  allCategories,
  benchResolutions,
  frameSpecs,
  hardCategories,
  qrCategories,
  synthesizeFrame,
  type FrameCategory,
  type Resolution,
} from '../src/qr/synth/frame-set'
import { percentile, round } from './support/stats'

interface FrameMessage {
  kind: 'frame'
  warmup: boolean
  data: ArrayBuffer
  width: number
  height: number
}
interface FrameReply {
  ms: number
  /** Every symbol the decoder read (a single-code decoder: at most one). */
  symbols: Array<{ text: string; format: string; pass: string }>
  /** QR codes seen but not read (located, or finder patterns of a cut-off one): `chooseCode`'s `unreadable`. */
  unreadable: number
}

const defaultDecoders = [
  'shipped',
  'shipped-js',
  'shipped-late-refine-js',
  'shipped-no-refine',
  'zxing-default',
  'zxing-fast',
  'jsqr-tuned',
  'jsqr-down640',
  'jsqr',
]

function option(name: string): string | null {
  const index = process.argv.indexOf(`--${name}`)
  if (index >= 0) return process.argv[index + 1] ?? null
  const inline = process.argv.find((arg) => arg.startsWith(`--${name}=`))
  return inline ? inline.slice(name.length + 3) : null
}
const numberOption = (name: string, fallback: number): number => {
  const raw = option(name)
  const value = raw === null ? fallback : Number(raw)
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer`)
  return value
}

/* ------------------------------------------------------------------ worker side */

async function runWorker(): Promise<void> {
  const name = (workerData as { decoder: string }).decoder
  const decoder: FrameDecoder = await createDecoder(name, name.startsWith('jsqr') ? null : loadZxingWasm())
  parentPort!.postMessage({ ready: true, engine: decoder.imageSteps === 'simd' ? `${decoder.engine}+simd` : decoder.engine })
  parentPort!.on('message', (message: FrameMessage | { kind: 'stop' }) => {
    if (message.kind === 'stop') {
      decoder.dispose()
      process.exit(0)
    }
    const frame = { data: new Uint8ClampedArray(message.data), width: message.width, height: message.height }
    const started = performance.now()
    const result = decoder.scan(frame)
    const ms = performance.now() - started
    const reply: FrameReply = {
      ms,
      symbols: result.symbols.map((s) => ({ text: s.text, format: s.format, pass: s.pass })),
      unreadable: unreadableCodes(result),
    }
    parentPort!.postMessage(reply)
  })
}

/* ------------------------------------------------------------------ main side */

interface DecoderRun {
  name: string
  worker: Worker
  engine: string
  decode: (frame: { data: Uint8ClampedArray; width: number; height: number }, warmup: boolean) => Promise<FrameReply>
  /** Decode every `sample`-th frame only. */
  sample: number
  categories: Record<string, { frames: number; decoded: number; wrong: number; askedPartly?: number }>
  /** Per resolution: all frame times, and no-code frame times. */
  times: Record<string, { all: number[]; noCode: number[]; code: number[] }>
  passes: Record<string, number>
}

/** A worker decoding one frame at a time: one message listener, the pending reply resolved in order. */
function startWorker(name: string): Promise<{
  worker: Worker
  engine: string
  decode: (frame: { data: Uint8ClampedArray; width: number; height: number }, warmup: boolean) => Promise<FrameReply>
}> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { decoder: name } })
    let pending: { resolve: (reply: FrameReply) => void; reject: (error: unknown) => void } | null = null
    worker.on('error', (error) => (pending ? pending.reject(error) : reject(error)))
    worker.once('message', (ready: { ready: boolean; engine: string }) => {
      worker.on('message', (reply: FrameReply) => {
        const current = pending
        pending = null
        current?.resolve(reply)
      })
      const decode = (frame: { data: Uint8ClampedArray; width: number; height: number }, warmup: boolean) =>
        new Promise<FrameReply>((done, fail) => {
          pending = { resolve: done, reject: fail }
          const copy = frame.data.slice().buffer
          const message: FrameMessage = { kind: 'frame', warmup, data: copy, width: frame.width, height: frame.height }
          worker.postMessage(message, [copy])
        })
      resolve({ worker, engine: ready.engine, decode })
    })
  })
}

/** Frames synthesized ahead of their decodes at a time (16 at 1080p: ~130 MB of RGBA). */
const synthesisBatch = 16

const parseResolutions = (raw: string | null): Resolution[] =>
  raw === null
    ? [...benchResolutions]
    : raw.split(',').map((item) => {
        const [width, height] = item.split('x').map(Number)
        if (!width || !height) throw new Error(`bad resolution ${item} (use e.g. 1280x720)`)
        return { width, height }
      })

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x))

const resKey = (r: { width: number; height: number }) => `${r.width}x${r.height}`

async function main(): Promise<void> {
  const seed = numberOption('seed', 42)
  const perCell = numberOption('per-cell', 10)
  const slowSample = Math.max(1, numberOption('slow-sample', 4))
  const names = option('decoders')?.split(',') ?? defaultDecoders
  for (const name of names) if (!decoderNames.includes(name)) throw new Error(`unknown decoder ${name}; known: ${decoderNames.join(', ')}`)
  const resolutions = parseResolutions(option('resolutions'))
  const categories = (option('categories')?.split(',') ?? [...allCategories]) as FrameCategory[]
  for (const category of categories) if (!(allCategories as readonly string[]).includes(category)) throw new Error(`unknown category ${category}`)

  const specs = frameSpecs({ seed, perCell, categories, resolutions })
  const loadAtStart = loadavg()[0]!
  process.stderr.write(`bench:qr seed ${seed}, ${specs.length} frames (${perCell} per category × resolution), decoders: ${names.join(', ')}\n`)

  const runs: DecoderRun[] = []
  for (const name of names) {
    const { worker, engine, decode } = await startWorker(name)
    runs.push({ name, worker, engine, decode, sample: name === 'jsqr' ? slowSample : 1, categories: {}, times: {}, passes: {} })
  }

  // Warm-up: two frames (--warm-per-category) of every category measured (and clean and empty ones) per resolution, from
  // another seed, so each decoder's code paths are compiled before timing, as in an app that has been
  // decoding its camera stream for a while (a path first met mid-run took 10–30 ms of JIT on its first frames).
  const warmCategories = [...new Set<FrameCategory>(['clean', 'empty', ...categories])]
  const warmups = frameSpecs({ seed: seed + 1_000_003, perCell: numberOption('warm-per-category', 2), categories: warmCategories, resolutions })
  for (const spec of warmups) {
    const frame = synthesizeFrame(spec)
    for (const run of runs) if (run.name !== 'jsqr' || spec.category === 'clean') await run.decode(frame, true)
  }

  let synthMs = 0
  const synthesizeBetween = process.argv.includes('--synthesize-between')
  let batch: { from: number; frames: ReturnType<typeof synthesizeFrame>[] } = { from: 0, frames: [] }
  const frameAt = (position: number) => {
    if (synthesizeBetween) return synthesizeFrame(specs[position]!)
    if (position >= batch.from + batch.frames.length) {
      batch = { from: position, frames: [] } // the previous batch is garbage before the next is made
      batch.frames = specs.slice(position, position + synthesisBatch).map(synthesizeFrame)
    }
    return batch.frames[position - batch.from]!
  }
  for (const [position, spec] of specs.entries()) {
    const started = performance.now()
    const frame = frameAt(position)
    synthMs += performance.now() - started
    for (const run of runs) {
      if (position % run.sample !== 0) continue
      const reply = await run.decode(frame, false)
      const tally = (run.categories[spec.category] ??= { frames: 0, decoded: 0, wrong: 0 })
      tally.frames++
      const times = (run.times[resKey(spec)] ??= { all: [], noCode: [], code: [] })
      times.all.push(reply.ms)
      // Scored as the app acts: the Autopilot payload chosen among every code read.
      const verdict = frameVerdict(chooseCode(reply.symbols, reply.unreadable))
      const chosen = reply.symbols.find((s) => s.text === verdict.text)
      if (frame.expected === null && frame.candidates === null) {
        times.noCode.push(reply.ms)
        if (verdict.text !== null || verdict.candidates) tally.wrong++ // a detection on a frame without a code
      } else {
        times.code.push(reply.ms)
        // Two devices' codes: handled when the app asks instead of acting, listing only real candidates —
        // all of them, or those it could read when the other one is cut off by the edge (counted apart).
        const asked = frame.candidates !== null && verdict.text === null && (verdict.candidates ?? []).length > 0
        const ok = frame.candidates !== null ? asked && verdict.candidates!.every((c) => frame.candidates!.includes(c)) : verdict.text === frame.expected
        if (ok && frame.candidates !== null && !sameSet(verdict.candidates!, frame.candidates)) tally.askedPartly = (tally.askedPartly ?? 0) + 1
        if (ok) {
          tally.decoded++
          const pass = chosen?.pass ?? reply.symbols[0]?.pass
          if (pass) run.passes[pass] = (run.passes[pass] ?? 0) + 1
        } else if (verdict.text !== null) tally.wrong++ // acted on a payload that is not the device's (or guessed between two)
      }
    }
    if ((position + 1) % 20 === 0 || position === specs.length - 1) process.stderr.write(`  ${position + 1}/${specs.length} frames\r`)
  }
  process.stderr.write('\n')
  for (const run of runs) run.worker.postMessage({ kind: 'stop' })

  const stats = (values: number[]) =>
    values.length === 0 ? null : { p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), max: round(Math.max(...values)) }
  const machine = {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? '',
    loadAverage1mStart: round(loadAtStart),
    loadAverage1mEnd: round(loadavg()[0]!),
  }
  const table: string[] = []
  for (const run of runs) {
    const sum = (cats: readonly string[], key: 'frames' | 'decoded' | 'wrong') => cats.reduce((total, c) => total + (run.categories[c]?.[key] ?? 0), 0)
    const qr = qrCategories.filter((c) => categories.includes(c))
    const hard = hardCategories.filter((c) => categories.includes(c))
    const webcamLike = (['webcam', 'dimwebcam'] as const).filter((c) => categories.includes(c))
    const rate = (cats: readonly string[]) => (sum(cats, 'frames') === 0 ? null : round((100 * sum(cats, 'decoded')) / sum(cats, 'frames'), 1))
    const result = {
      decoder: run.name,
      engine: run.engine,
      seed,
      perCell,
      framesDecoded: sum(categories, 'frames'),
      sampledEvery: run.sample,
      summary: {
        qrFrames: sum(qr, 'frames'),
        qrSuccessPercent: rate(qr),
        webcamLikeSuccessPercent: rate(webcamLike),
        barcodeSuccessPercent: rate(['barcode']),
        hardFrames: sum(hard, 'frames'),
        hardSuccessPercent: rate(hard),
        wrongPayloads: sum([...qr, ...hard, 'barcode'], 'wrong'),
        noCodeFrames: sum(['empty'], 'frames'),
        noCodeDetections: sum(['empty'], 'wrong'),
      },
      successPercentByCategory: Object.fromEntries(categories.filter((c) => c !== 'empty').map((c) => [c, rate([c])])),
      wrongByCategory: Object.fromEntries(categories.map((c) => [c, run.categories[c]?.wrong ?? 0]).filter(([, n]) => n !== 0)),
      msPerFrame: Object.fromEntries(
        Object.entries(run.times).map(([key, t]) => [
          key,
          { frames: t.all.length, all: stats(t.all), codeFrames: stats(t.code), timeToGiveUpNoCode: stats(t.noCode) },
        ]),
      ),
      foundByPass: run.passes,
      machine,
      synthesisSecondsTotal: round(synthMs / 1000, 1),
    }
    console.log(JSON.stringify(result))
    const hd = result.msPerFrame['1280x720']
    table.push(
      `${run.name.padEnd(18)} QR ${String(result.summary.qrSuccessPercent).padStart(5)}%  hard ${String(result.summary.hardSuccessPercent).padStart(5)}%  webcam-like ${String(result.summary.webcamLikeSuccessPercent).padStart(5)}%  ` +
        `wrong ${result.summary.wrongPayloads}  no-code hits ${result.summary.noCodeDetections}  ` +
        (hd?.all ? `720p p50/p95 ${hd.all.p50}/${hd.all.p95} ms, give-up p95 ${hd.timeToGiveUpNoCode?.p95 ?? '–'} ms` : ''),
    )
  }
  process.stderr.write(`\n${table.join('\n')}\n(load average ${machine.loadAverage1mStart} → ${machine.loadAverage1mEnd} on ${machine.cpus} CPUs)\n`)
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
} else {
  void runWorker()
}
