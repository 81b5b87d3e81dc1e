/**
 * `npm run --silent qr:decode -- FILE.png…` — runs the app's shipped decoder pipeline (the same
 * code the renderer's Worker runs) on PNG files and prints one JSON line per file:
 * `{"file": …, "text": … | null, "format": … | null, "others": […], "candidates"?: […], "ms": …}`.
 * `text` is the Autopilot payload the app would act on: null when the frame holds none, or when it
 * holds several for different devices (then `candidates` lists them; the app asks which one) — or
 * one, beside another QR code that could not be read, such as the neighbouring device's cut off by
 * the edge of the picture (then `candidates` lists the one read; the app asks before acting).
 * `others` are the texts of the other codes read (a Wi-Fi or URL sticker…), which the app ignores.
 * `format` is the chosen code's symbology. `ms` is the decode time from the
 * RGBA pixels (PNG decoding excluded). A file that cannot be read gets `"text": null` and an
 * `"error"`; the exit code is then 1 (2 for usage errors), 0 otherwise — also when no code is found.
 */
import { readFileSync } from 'node:fs'
import { createDecoder } from '../decode/decoders'
import { chooseCode, frameVerdict, unreadableCodes } from '../payload/choose-code'
import { decodePng } from '../node/png'
import { loadZxingWasm } from '../node/zxing-wasm-file'

const usage = 'usage: npm run --silent qr:decode -- [--decoder NAME] FILE.png…'

async function main(argv: string[]): Promise<number> {
  let decoderName = 'shipped'
  const files: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--help' || arg === '-h') {
      console.log(usage)
      return 0
    }
    if (arg === '--decoder') {
      const value = argv[++i]
      if (!value) {
        console.error(usage)
        return 2
      }
      decoderName = value
    } else if (arg.startsWith('--decoder=')) decoderName = arg.slice('--decoder='.length)
    else if (arg.startsWith('--') && arg !== '--') {
      console.error(`unknown option ${arg}\n${usage}`)
      return 2
    } else if (arg !== '--') files.push(arg)
  }
  if (files.length === 0) {
    console.error(usage)
    return 2
  }
  let decoder
  try {
    decoder = await createDecoder(decoderName, decoderName.startsWith('jsqr') ? null : loadZxingWasm())
  } catch (error) {
    console.error((error as Error).message)
    return 2
  }
  // Warm the JIT and the wasm heap so the first file's `ms` is not start-up cost.
  const blank = { data: new Uint8Array(640 * 480).fill(128), width: 640, height: 480 }
  for (let i = 0; i < 3; i++) decoder.decode(blank)
  let failed = false
  for (const file of files) {
    try {
      const image = decodePng(readFileSync(file))
      const started = performance.now()
      const scan = decoder.scan(image)
      const ms = Math.round((performance.now() - started) * 100) / 100
      const { text, format, others, candidates } = frameVerdict(chooseCode(scan.symbols, unreadableCodes(scan)))
      console.log(JSON.stringify({ file, text, format, others, ...(candidates ? { candidates } : {}), ms }))
    } catch (error) {
      failed = true
      console.log(JSON.stringify({ file, text: null, format: null, others: [], ms: 0, error: (error as Error).message }))
    }
  }
  decoder.dispose()
  return failed ? 1 : 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
