import { createPipelineDecoder } from '../src/qr/decode/pipeline'
import { shippedPipeline } from '../src/qr/decode/decoders'
import { createZxingEngine } from '../src/qr/decode/zxing-engine'
import { createSimdKernels } from '../src/qr/image/simd/simd-kernels'
import { loadZxingWasm } from '../src/qr/node/zxing-wasm-file'
import { chooseCode, frameVerdict, isAutopilotCode } from '../src/qr/payload/choose-code'
import { frameSpecs, synthesizeFrame, type FrameCategory } from '../src/qr/synth/frame-set'
async function main() {
  const cats = (process.argv[2] ?? 'lowlight,tiny,steep,darkglare').split(',') as FrameCategory[]
  const seed = Number(process.argv[3] ?? 500)
  const specs = frameSpecs({ seed, perCell: 30, categories: cats, resolutions: [{ width: 1280, height: 720 }] })
  const frames = specs.map(synthesizeFrame)
  const P = shippedPipeline.passes
  const variants = {
    base: shippedPipeline,
    stretchBp: { ...shippedPipeline, passes: [P[0]!, P[1]!, { name: 'fit640-bandpass-stretch', steps: [{ op: 'fit', px: 640 }, { op: 'bandpass', inner: 1, outer: 5, amount: 2 }, { op: 'stretch' }], options: P[1]!.options }, P[2]!, P[3]!] },
    stretchBlurBp: { ...shippedPipeline, passes: [P[0]!, P[1]!, { name: 'fit640-stretch-bandpass', steps: [{ op: 'fit', px: 640 }, { op: 'stretch' }, { op: 'bandpass', inner: 1, outer: 5, amount: 2 }], options: P[1]!.options }, P[2]!, P[3]!] },
    stretchPlain: { ...shippedPipeline, passes: [P[0]!, P[1]!, { name: 'fit640-stretch', steps: [{ op: 'fit', px: 640 }, { op: 'stretch' }], options: P[1]!.options }, P[2]!, P[3]!] },
  } as const
  for (const [name, spec] of Object.entries(variants)) {
    const d = createPipelineDecoder(await createZxingEngine(loadZxingWasm()), spec as typeof shippedPipeline, { kernels: createSimdKernels(), wanted: isAutopilotCode })
    const ok: Record<string, number> = {}
    const misses: string[] = []
    let ms = 0
    for (const f of frames) {
      const t = performance.now()
      const v = frameVerdict(chooseCode(d.scan(f).symbols))
      ms += performance.now() - t
      if (v.text === f.expected) ok[f.spec.category] = (ok[f.spec.category] ?? 0) + 1
      else misses.push(`${f.spec.category}#${f.spec.index}`)
    }
    console.log(name, JSON.stringify(ok), (ms / frames.length).toFixed(1), 'ms', misses.join(' '))
  }
}
void main()
