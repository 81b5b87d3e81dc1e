/**
 * A small LZX compressor for tests (docs/reference/cab-format.md §6): greedy matches with the three
 * repeated offsets, verbatim and aligned-offset blocks in turn, Huffman trees sent as pretree-coded
 * changes, and the E8 translation — so every path of the decoder is exercised by data the tests make.
 * Its output was checked by hand with cabextract (see the fixtures README). One block per 32 KiB frame.
 */

const FRAME = 32_768
const POSITION_SLOTS: Record<number, number> = { 15: 30, 16: 32, 17: 34, 18: 36, 19: 38, 20: 42, 21: 50 }
const EXTRA = Array.from({ length: 51 }, (_, slot) => (slot < 4 ? 0 : Math.min(17, (slot - 2) >> 1)))
const BASE: number[] = []
for (let slot = 0, base = 0; slot < 51; slot++) {
  BASE.push(base)
  base += 2 ** EXTRA[slot]!
}

class BitWriter {
  readonly out: number[] = []
  private word = 0
  private used = 0
  write(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.word = (this.word << 1) | (Math.floor(value / 2 ** i) & 1)
      if (++this.used === 16) {
        this.out.push(this.word & 0xff, (this.word >>> 8) & 0xff)
        this.word = 0
        this.used = 0
      }
    }
  }
  align(): void {
    if (this.used > 0) this.write(0, 16 - this.used)
  }
}

/** Huffman code lengths (≤ maxLength) for the frequencies; at least two symbols get a code, so the code is complete. */
function codeLengths(frequencies: number[], maxLength: number): number[] {
  let freq = frequencies.slice()
  for (;;) {
    const used = freq.map((f, i) => [f, i] as const).filter(([f]) => f > 0)
    while (used.length < 2) {
      const spare = freq.findIndex((f, i) => f === 0 && !used.some(([, j]) => j === i))
      used.push([1, spare])
    }
    type Node = { weight: number; symbols: number[] }
    let nodes: Node[] = used.map(([weight, symbol]) => ({ weight, symbols: [symbol] }))
    const lengths = new Array<number>(freq.length).fill(0)
    while (nodes.length > 1) {
      nodes.sort((a, b) => a.weight - b.weight)
      const [a, b] = nodes as [Node, Node]
      for (const s of [...a.symbols, ...b.symbols]) lengths[s]! += 1
      nodes = [{ weight: a.weight + b.weight, symbols: [...a.symbols, ...b.symbols] }, ...nodes.slice(2)]
    }
    if (Math.max(...lengths) <= maxLength) return lengths
    freq = freq.map((f) => (f > 0 ? (f >> 1) + 1 : 0))
  }
}

/** Canonical codes for the lengths (shorter first, then by symbol), as the decoder builds them. */
function canonical(lengths: number[]): number[] {
  const codes = new Array<number>(lengths.length).fill(0)
  let code = 0
  for (let len = 1; len <= 16; len++) {
    for (let s = 0; s < lengths.length; s++) if (lengths[s] === len) codes[s] = code++
    code *= 2
  }
  return codes
}

interface Token {
  literal?: number
  mainSymbol?: number
  lengthSymbol?: number
  extraBits?: number
  extraValue?: number
}

/** The E8 translation the compressor applies before compressing (the decoder undoes it per frame). */
function translateE8(frame: Uint8Array, frameStart: number, size: number): Uint8Array {
  const out = frame.slice()
  for (let i = 0; i < out.length - 10;) {
    if (out[i] !== 0xe8) {
      i += 1
      continue
    }
    const current = frameStart + i
    const relative = out[i + 1]! | (out[i + 2]! << 8) | (out[i + 3]! << 16) | (out[i + 4]! << 24)
    let absolute: number | null = null
    if (relative >= -current && relative < size - current) absolute = relative + current
    else if (relative >= size - current && relative < size) absolute = relative - size
    if (absolute !== null) for (let b = 0; b < 4; b++) out[i + 1 + b] = (absolute >>> (8 * b)) & 0xff
    i += 5
  }
  return out
}

/** Compresses `data` as one LZX stream; returns each frame's compressed bytes (one CAB data block each). */
export function lzxCompress(data: Uint8Array, windowBits: number, e8Size = 12_000_000): Uint8Array[] {
  const windowSize = 2 ** windowBits
  const mainElements = 256 + POSITION_SLOTS[windowBits]! * 8
  const w = new BitWriter()
  let mainLengths = new Array<number>(mainElements).fill(0)
  let lengthLengths = new Array<number>(249).fill(0)
  const r = [1, 1, 1]
  const blocks: Uint8Array[] = []
  // The history the matches may use: the stream as the decoder sees it (E8-translated).
  const history = new Uint8Array(data.length)
  const lastAt = new Map<number, number>()
  w.write(e8Size ? 1 : 0, 1)
  if (e8Size) {
    w.write(e8Size >>> 16, 16)
    w.write(e8Size & 0xffff, 16)
  }
  for (let frameStart = 0, frameIndex = 0; frameStart < data.length; frameStart += FRAME, frameIndex++) {
    const raw = data.subarray(frameStart, Math.min(data.length, frameStart + FRAME))
    const frame = e8Size && raw.length > 10 ? translateE8(raw, frameStart, e8Size) : raw
    history.set(frame, frameStart)
    const tokens: Token[] = []
    for (let i = 0; i < frame.length;) {
      const at = frameStart + i
      let bestLength = 0
      let bestOffset = 0
      if (i + 3 <= frame.length) {
        const key = history[at]! | (history[at + 1]! << 8) | (history[at + 2]! << 16)
        const candidates = [at - r[0]!, at - r[1]!, at - r[2]!, lastAt.get(key) ?? -1]
        for (const from of candidates) {
          if (from < 0 || at - from >= windowSize - 3 || at - from < 1) continue
          let length = 0
          while (length < 257 && i + length < frame.length && history[from + length] === history[at + length]) length++
          if (length > bestLength) {
            bestLength = length
            bestOffset = at - from
          }
        }
        lastAt.set(key, at)
      }
      if (bestLength < 3) {
        tokens.push({ literal: frame[i]! })
        i += 1
        continue
      }
      let slot: number
      let extraValue = 0
      if (bestOffset === r[0]) slot = 0
      else if (bestOffset === r[1]) {
        slot = 1
        r[1] = r[0]!
        r[0] = bestOffset
      } else if (bestOffset === r[2]) {
        slot = 2
        r[2] = r[0]!
        r[0] = bestOffset
      } else {
        const formatted = bestOffset + 2
        slot = 3
        while (slot + 1 < 51 && BASE[slot + 1]! <= formatted) slot++
        extraValue = formatted - BASE[slot]!
        r[2] = r[1]!
        r[1] = r[0]!
        r[0] = bestOffset
      }
      const header = Math.min(bestLength - 2, 7)
      tokens.push({
        mainSymbol: 256 + slot * 8 + header,
        lengthSymbol: header === 7 ? bestLength - 9 : undefined,
        extraBits: slot >= 3 ? EXTRA[slot]! : 0,
        extraValue,
      })
      i += bestLength
    }
    const aligned = frameIndex % 2 === 1
    const mainFreq = new Array<number>(mainElements).fill(0)
    const lengthFreq = new Array<number>(249).fill(0)
    for (const t of tokens) {
      mainFreq[t.literal ?? t.mainSymbol!]! += 1
      if (t.lengthSymbol !== undefined) lengthFreq[t.lengthSymbol]! += 1
    }
    const newMain = codeLengths(mainFreq, 16)
    const newLength = lengthFreq.some((f) => f > 0) ? codeLengths(lengthFreq, 16) : new Array<number>(249).fill(0)
    w.write(aligned ? 2 : 1, 3)
    w.write(frame.length >>> 8, 16)
    w.write(frame.length & 0xff, 8)
    if (aligned) for (let a = 0; a < 8; a++) w.write(3, 3)
    const sendLengths = (previous: number[], next: number[]) => {
      const deltas = next.map((len, i) => (previous[i]! - len + 17) % 17)
      const freq = new Array<number>(20).fill(0)
      for (const d of deltas) freq[d]! += 1
      const pretree = codeLengths(freq, 15)
      const codes = canonical(pretree)
      for (const len of pretree) w.write(len, 4)
      for (const d of deltas) w.write(codes[d]!, pretree[d]!)
    }
    sendLengths(mainLengths.slice(0, 256), newMain.slice(0, 256))
    sendLengths(mainLengths.slice(256), newMain.slice(256))
    sendLengths(lengthLengths, newLength)
    mainLengths = newMain
    lengthLengths = newLength
    const mainCodes = canonical(newMain)
    const lengthCodes = canonical(newLength)
    for (const t of tokens) {
      const symbol = t.literal ?? t.mainSymbol!
      w.write(mainCodes[symbol]!, newMain[symbol]!)
      if (t.lengthSymbol !== undefined) w.write(lengthCodes[t.lengthSymbol]!, newLength[t.lengthSymbol]!)
      const extra = t.extraBits ?? 0
      if (extra === 0) continue
      if (aligned && extra >= 3) {
        w.write(Math.floor(t.extraValue! / 8), extra - 3)
        w.write(t.extraValue! & 7, 3) // aligned tree: eight 3-bit codes, the code is the symbol
      } else w.write(t.extraValue!, extra)
    }
    w.align()
    blocks.push(Uint8Array.from(w.out.splice(0)))
  }
  return blocks
}
