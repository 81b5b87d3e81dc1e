/**
 * Just enough of the WebAssembly binary format to write the decoder's image kernels from source
 * (https://webassembly.github.io/spec/core/binary/): the module is built at run time from the
 * instruction lists in the kernel files, so no compiled .wasm file is kept in the repository and no
 * compiler is needed to build the app. Functions take and return i32 only; one exported memory.
 */
export type Code = readonly number[]

/** Unsigned LEB128 (indices, sizes, counts). */
export function uleb(value: number): number[] {
  const out: number[] = []
  let rest = value >>> 0
  do {
    let byte = rest & 0x7f
    rest >>>= 7
    if (rest !== 0) byte |= 0x80
    out.push(byte)
  } while (rest !== 0)
  return out
}

/** Signed LEB128 (i32.const). */
export function sleb(value: number): number[] {
  const out: number[] = []
  let rest = value | 0
  for (;;) {
    const byte = rest & 0x7f
    rest >>= 7
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0)
    out.push(done ? byte : byte | 0x80)
    if (done) return out
  }
}

const vector = (items: readonly Code[]): number[] => [...uleb(items.length), ...items.flat()]
const section = (id: number, body: Code): number[] => [id, ...uleb(body.length), ...body]
const name = (text: string): number[] => vector([...new TextEncoder().encode(text)].map((byte) => [byte]))

const i32 = 0x7f
const v128 = 0x7b

export interface KernelFunction {
  name: string
  /** Number of i32 parameters. */
  params: number
  /** Extra locals after the parameters. */
  locals: { i32: number; v128: number }
  body: Code
}

/** A module exporting `memory` (`pages` × 64 KiB to start) and every function by its name. */
export function writeModule(functions: readonly KernelFunction[], pages: number): Uint8Array<ArrayBuffer> {
  const types = functions.map((fn) => [0x60, ...vector(Array.from({ length: fn.params }, () => [i32])), 0x00])
  const exports = [[...name('memory'), 0x02, 0x00], ...functions.map((fn, index) => [...name(fn.name), 0x00, ...uleb(index)])]
  const bodies = functions.map((fn) => {
    const locals = vector([
      [...uleb(fn.locals.i32), i32],
      [...uleb(fn.locals.v128), v128],
    ])
    const code = [...locals, ...fn.body, 0x0b]
    return [...uleb(code.length), ...code]
  })
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((_, index) => uleb(index)))),
    ...section(5, vector([[0x00, ...uleb(pages)]])),
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ])
}
