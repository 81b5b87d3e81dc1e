import { sleb, uleb, type Code } from './wasm-writer'

/**
 * The WebAssembly instructions the image kernels use, as byte lists (opcodes from the core and
 * fixed-width SIMD specifications; checked by assembling the same instructions with wabt, and those
 * the binariser added in session 11 — no wabt at hand — by the module validating and the kernels'
 * exact-output tests). Memory accesses carry alignment hint 0: the kernels read at any byte offset,
 * which WebAssembly allows.
 */
export const get = (local: number): number[] => [0x20, ...uleb(local)]
export const set = (local: number): number[] => [0x21, ...uleb(local)]
export const tee = (local: number): number[] => [0x22, ...uleb(local)]
export const i32 = (value: number): number[] => [0x41, ...sleb(value)]

export const add = [0x6a]
export const sub = [0x6b]
export const mul = [0x6c]
export const divU = [0x6e]
export const shl = [0x74]
export const shrU = [0x76]
export const ltS = [0x48]
export const gtS = [0x4a]
/** select(a, b, condition): a when condition ≠ 0, else b. */
export const select = [0x1b]
export const load16 = [0x2f, 0x00, 0x00]
export const store16 = [0x3b, 0x00, 0x00]
export const load8U = [0x2d, 0x00, 0x00]
export const store8 = [0x3a, 0x00, 0x00]
export const and = [0x71]
export const eq = [0x46]
export const gtU = [0x4b]
/** min(a, b), signed (each operand's code runs twice: keep them to local reads and constants). */
export const minS = (a: Code, b: Code): number[] => [...a, ...b, ...a, ...b, ...ltS, ...select]
/** `if … else … end` on the i32 on the stack (no result). */
export const ifElse = (then: Code, otherwise: Code): number[] => [0x04, 0x40, ...then, ...(otherwise.length > 0 ? [0x05, ...otherwise] : []), 0x0b]

const simd = (opcode: number, ...immediates: number[]): number[] => [0xfd, ...uleb(opcode), ...immediates]

export const v = {
  /** 16 bytes at the address on the stack plus `offset`. */
  load: (offset = 0): number[] => simd(0x00, 0x00, ...uleb(offset)),
  store: (offset = 0): number[] => simd(0x0b, 0x00, ...uleb(offset)),
  /** 8 bytes, each zero-extended to a 16-bit lane. */
  load8x8U: (offset = 0): number[] => simd(0x02, 0x00, ...uleb(offset)),
  /** Eight 16-bit lanes. */
  constI16: (lanes: readonly number[]): number[] => simd(0x0c, ...lanes.flatMap((lane) => [lane & 0xff, (lane >> 8) & 0xff])),
  /** Bytes of a‖b by index (0–31). */
  shuffle: (indices: readonly number[]): number[] => simd(0x0d, ...indices),
  i8Splat: simd(0x0f),
  /** Lane `lane` of sixteen bytes, zero-extended to i32. */
  i8ExtractLaneU: (lane: number): number[] => simd(0x16, lane),
  i8GtU: simd(0x28),
  i8MinU: simd(0x77),
  i8MaxU: simd(0x79),
  i16Splat: simd(0x10),
  i32Splat: simd(0x11),
  i8NarrowI16U: simd(0x66),
  i16ExtaddPairwiseI8U: simd(0x7d),
  i16NarrowI32S: simd(0x85),
  i16NarrowI32U: simd(0x86),
  i16ExtendLowI8U: simd(0x89),
  i16ExtendHighI8U: simd(0x8a),
  i16ShrU: simd(0x8d),
  i16Add: simd(0x8e),
  i16Sub: simd(0x91),
  /** (a·b + 0x4000) >> 15 per signed 16-bit lane, saturated. */
  i16Q15mulrSatS: simd(0x82),
  i32ShrS: simd(0xac),
  i32ShrU: simd(0xad),
  i32Add: simd(0xae),
  i32Sub: simd(0xb1),
  i32DotI16S: simd(0xba),
  i32ExtmulLowI16U: simd(0xbe),
  i32ExtmulHighI16U: simd(0xbf),
}

/**
 * `for (local = from; local < to; local += step) body` (signed compare; `to` is evaluated on every
 * iteration). Branch depths inside `body` are relative to its own blocks.
 */
export function forLoop(local: number, from: Code, to: Code, step: number | Code, body: Code): number[] {
  const increment = typeof step === 'number' ? i32(step) : [...step]
  return [
    ...from,
    ...set(local),
    0x02,
    0x40,
    0x03,
    0x40,
    ...get(local),
    ...to,
    0x4e,
    0x0d,
    0x01, // local >= to → leave the block
    ...body,
    ...get(local),
    ...increment,
    ...add,
    ...set(local),
    0x0c,
    0x00,
    0x0b,
    0x0b,
  ]
}

/** `local += step`. */
export const bump = (local: number, step: number): number[] => [...get(local), ...i32(step), ...add, ...set(local)]
