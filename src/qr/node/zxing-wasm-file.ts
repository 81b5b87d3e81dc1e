import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * The zxing-cpp reader wasm from the installed `zxing-wasm` package, read from disk (Node only:
 * CLIs, benchmark, tests). Resolved from the working directory first (npm scripts run at the
 * project root), then from the running script's folder.
 */
export function zxingWasmPath(): string {
  const bases = [join(process.cwd(), 'package.json'), join(dirname(process.argv[1] ?? process.cwd()), 'noop.js')]
  let lastError: unknown = null
  for (const base of bases) {
    try {
      return createRequire(base).resolve('zxing-wasm/reader/zxing_reader.wasm')
    } catch (error) {
      lastError = error
    }
  }
  throw new Error(`zxing-wasm is not installed (npm install): ${(lastError as Error | null)?.message ?? ''}`)
}

export function loadZxingWasm(): Uint8Array {
  return new Uint8Array(readFileSync(zxingWasmPath()))
}
