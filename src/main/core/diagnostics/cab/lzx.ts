/**
 * LZX decompression as a CAB folder uses it (docs/reference/cab-format.md §6): a window of 2^15..2^21
 * bytes, verbatim / aligned-offset / uncompressed blocks, 32 KiB output frames with the bit stream
 * re-aligned to 16 bits after each, and the E8 call translation undone per frame. Written from the
 * published format description; every length, offset and count read from the input is checked, so a
 * hostile stream ends in an LzxError, never a loop, an out-of-range write or unbounded memory.
 */

export class LzxError extends Error {}

const NUM_CHARS = 256
const PRETREE_SIZE = 20
const LENGTH_TREE_SIZE = 249
const ALIGNED_TREE_SIZE = 8
const MIN_MATCH = 2
/** Output frames are 32 KiB; a CAB data block holds one frame. */
export const LZX_FRAME_SIZE = 32_768

const BLOCK_VERBATIM = 1
const BLOCK_ALIGNED = 2
const BLOCK_UNCOMPRESSED = 3

/** Position slots per window size (2^15..2^21); the main tree has 256 + slots × 8 symbols. */
const POSITION_SLOTS: Readonly<Record<number, number>> = { 15: 30, 16: 32, 17: 34, 18: 36, 19: 38, 20: 42, 21: 50 }

const EXTRA_BITS = new Uint8Array(51)
const POSITION_BASE = new Uint32Array(51)
for (let slot = 0, base = 0; slot < 51; slot++) {
  EXTRA_BITS[slot] = slot < 4 ? 0 : Math.min(17, (slot - 2) >> 1)
  POSITION_BASE[slot] = base
  base += 1 << EXTRA_BITS[slot]!
}

/** Bits are read most-significant first from little-endian 16-bit words. */
class BitReader {
  pos = 0
  private buf = 0
  left = 0
  constructor(private readonly data: Uint8Array) {}

  /** Makes at least n (≤ 16) bits available; a stream that ends early reads as zeros for a few bytes, then fails. */
  ensure(n: number): void {
    while (this.left < n) {
      const d = this.data
      const p = this.pos
      if (p >= d.length + 4) throw new LzxError('the compressed data ends early (truncated LZX stream)')
      const word = (p < d.length ? d[p]! : 0) | ((p + 1 < d.length ? d[p + 1]! : 0) << 8)
      this.buf = (this.buf | (word << (16 - this.left))) >>> 0
      this.left += 16
      this.pos = p + 2
    }
  }
  peek(n: number): number {
    return this.buf >>> (32 - n)
  }
  remove(n: number): void {
    this.buf = (this.buf << n) >>> 0
    this.left -= n
  }
  read(n: number): number {
    if (n === 0) return 0
    if (n > 16) {
      const high = this.read(16)
      return high * (1 << (n - 16)) + this.read(n - 16)
    }
    this.ensure(n)
    const v = this.peek(n)
    this.remove(n)
    return v
  }
  /** Drops the bits left in the current 16-bit word (the end of an output frame). */
  alignToWord(): void {
    if (this.left & 15) this.remove(this.left & 15)
  }
  /**
   * Before an uncompressed block: skip 1..16 bits to the next 16-bit boundary, then read bytes directly.
   * After a block header at most 15 bits are buffered, all from the last word read.
   */
  startRawBytes(): void {
    if (this.left === 0) this.pos += 2
    this.left = 0
    this.buf = 0
  }
  rawByte(): number {
    if (this.pos >= this.data.length) throw new LzxError('the compressed data ends inside an uncompressed block (truncated)')
    return this.data[this.pos++]!
  }
  rawBytes(target: Uint8Array, at: number, count: number): void {
    if (this.pos + count > this.data.length) throw new LzxError('the compressed data ends inside an uncompressed block (truncated)')
    target.set(this.data.subarray(this.pos, this.pos + count), at)
    this.pos += count
  }
}

const TABLE_BITS = 10

/** A canonical Huffman code: a 2^10 lookup table for short codes, a per-length walk for longer ones. */
class HuffmanTree {
  readonly lengths: Uint8Array
  private readonly table = new Int16Array(1 << TABLE_BITS)
  private readonly counts = new Uint16Array(17)
  private readonly sorted: Uint16Array
  private empty = true

  constructor(
    readonly name: string,
    size: number,
  ) {
    this.lengths = new Uint8Array(size)
    this.sorted = new Uint16Array(size)
  }

  build(): void {
    const { lengths, counts, sorted, table } = this
    counts.fill(0)
    for (const length of lengths) counts[length]! += 1
    counts[0] = 0
    let left = 1
    let used = 0
    for (let len = 1; len <= 16; len++) {
      left = left * 2 - counts[len]!
      if (left < 0) throw new LzxError(`the ${this.name} tree is over-subscribed (corrupt LZX block)`)
      used += counts[len]!
    }
    this.empty = used === 0
    // An incomplete code is corrupt unless the tree is unused (all lengths zero, e.g. a block without long matches).
    if (!this.empty && left !== 0) throw new LzxError(`the ${this.name} tree is incomplete (corrupt LZX block)`)
    const offsets = new Uint16Array(17)
    for (let len = 1; len < 16; len++) offsets[len + 1] = offsets[len]! + counts[len]!
    for (let symbol = 0; symbol < lengths.length; symbol++) if (lengths[symbol]) sorted[offsets[lengths[symbol]!]!++] = symbol
    table.fill(-1)
    if (this.empty) return
    let code = 0
    let index = 0
    for (let len = 1; len <= TABLE_BITS; len++) {
      for (let i = 0; i < counts[len]!; i++, index++, code++) {
        const start = code << (TABLE_BITS - len)
        table.fill(sorted[index]!, start, start + (1 << (TABLE_BITS - len)))
      }
      code <<= 1
    }
  }

  decode(bits: BitReader): number {
    if (this.empty) throw new LzxError(`the ${this.name} tree is empty but a symbol is needed (corrupt LZX block)`)
    bits.ensure(16)
    const symbol = this.table[bits.peek(TABLE_BITS)]!
    if (symbol >= 0) {
      bits.remove(this.lengths[symbol]!)
      return symbol
    }
    // Longer than TABLE_BITS: walk the canonical code one length at a time.
    const peeked = bits.peek(16)
    let code = 0
    let first = 0
    let index = 0
    for (let len = 1; len <= 16; len++) {
      code |= (peeked >>> (16 - len)) & 1
      const count = this.counts[len]!
      if (code - first < count) {
        bits.remove(len)
        return this.sorted[index + code - first]!
      }
      index += count
      first = (first + count) << 1
      code <<= 1
    }
    throw new LzxError(`no ${this.name} symbol matches the input (corrupt LZX block)`)
  }
}

/**
 * One LZX stream (a CAB folder). `decodeFrame` returns the next frame's bytes; frames must be asked for
 * in order, each ≤ 32 KiB, with the compressed bytes of the whole folder given up front.
 */
export class LzxDecoder {
  private readonly bits: BitReader
  private readonly window: Uint8Array
  private readonly windowSize: number
  private readonly mainElements: number
  private readonly pretree = new HuffmanTree('pretree', PRETREE_SIZE)
  private readonly mainTree: HuffmanTree
  private readonly lengthTree = new HuffmanTree('length', LENGTH_TREE_SIZE)
  private readonly alignedTree = new HuffmanTree('aligned offset', ALIGNED_TREE_SIZE)
  private windowPos = 0
  /** Bytes output so far (the position in the uncompressed stream). */
  private produced = 0
  private frames = 0
  private headerRead = false
  private e8Size = 0
  private blockType = 0
  private blockRemaining = 0
  private blockLength = 0
  private r0 = 1
  private r1 = 1
  private r2 = 1

  /**
   * @param onBlock called before each block header is read: one frame may hold any number of (tiny)
   * blocks, so the caller's deadline is checked here as well as between frames.
   */
  constructor(
    windowBits: number,
    compressed: Uint8Array,
    private readonly onBlock: () => void = () => {},
  ) {
    const slots = POSITION_SLOTS[windowBits]
    if (slots === undefined) throw new LzxError(`an LZX window of 2^${windowBits} bytes is outside the format's 2^15..2^21`)
    this.windowSize = 1 << windowBits
    this.window = new Uint8Array(this.windowSize)
    this.mainElements = NUM_CHARS + slots * 8
    this.mainTree = new HuffmanTree('main', this.mainElements)
    this.bits = new BitReader(compressed)
  }

  decodeFrame(frameSize: number): Uint8Array {
    if (frameSize <= 0 || frameSize > LZX_FRAME_SIZE) throw new LzxError(`a frame of ${frameSize} bytes is outside 1..32768`)
    if (this.windowPos + frameSize > this.windowSize) throw new LzxError('a frame crosses the end of the window (only the last frame may be short)')
    const bits = this.bits
    if (!this.headerRead) {
      this.headerRead = true
      if (bits.read(1)) this.e8Size = ((bits.read(16) << 16) | bits.read(16)) >>> 0
    }
    const frameStart = this.windowPos
    let todo = frameSize
    while (todo > 0) {
      if (this.blockRemaining === 0) this.readBlockHeader()
      const run = Math.min(this.blockRemaining, todo)
      todo -= run
      this.blockRemaining -= run
      if (this.blockType === BLOCK_UNCOMPRESSED) {
        bits.rawBytes(this.window, this.windowPos, run)
        this.windowPos += run
        this.produced += run
      } else this.decodeSymbols(run)
    }
    const out = this.window.slice(frameStart, frameStart + frameSize)
    bits.alignToWord()
    if (this.e8Size !== 0 && this.frames < 32_768 && frameSize > 10) undoE8(out, this.produced - frameSize, this.e8Size)
    this.frames += 1
    if (this.windowPos === this.windowSize) this.windowPos = 0
    return out
  }

  private readBlockHeader(): void {
    this.onBlock()
    const bits = this.bits
    // An uncompressed block of odd length is followed by one padding byte.
    if (this.blockType === BLOCK_UNCOMPRESSED && this.blockLength & 1) bits.rawByte()
    this.blockType = bits.read(3)
    const high = bits.read(16)
    this.blockLength = high * 256 + bits.read(8)
    this.blockRemaining = this.blockLength
    switch (this.blockType) {
      case BLOCK_ALIGNED:
        for (let i = 0; i < ALIGNED_TREE_SIZE; i++) this.alignedTree.lengths[i] = bits.read(3)
        this.alignedTree.build()
        this.readMainAndLengthTrees()
        break
      case BLOCK_VERBATIM:
        this.readMainAndLengthTrees()
        break
      case BLOCK_UNCOMPRESSED: {
        bits.startRawBytes()
        const r = [0, 0, 0]
        for (let i = 0; i < 3; i++) for (let b = 0; b < 4; b++) r[i] = (r[i]! | (bits.rawByte() << (8 * b))) >>> 0
        ;[this.r0, this.r1, this.r2] = r as [number, number, number]
        break
      }
      default:
        throw new LzxError(`block type ${this.blockType} is not an LZX block type (corrupt stream)`)
    }
  }

  private readMainAndLengthTrees(): void {
    this.readLengths(this.mainTree.lengths, 0, NUM_CHARS)
    this.readLengths(this.mainTree.lengths, NUM_CHARS, this.mainElements)
    this.mainTree.build()
    this.readLengths(this.lengthTree.lengths, 0, LENGTH_TREE_SIZE)
    this.lengthTree.build()
  }

  /** Code lengths are sent as changes to the previous block's, coded with a 20-symbol pretree. */
  private readLengths(lengths: Uint8Array, first: number, last: number): void {
    const bits = this.bits
    for (let i = 0; i < PRETREE_SIZE; i++) this.pretree.lengths[i] = bits.read(4)
    this.pretree.build()
    let x = first
    const run = (count: number, value: number) => {
      if (x + count > last) throw new LzxError('a code-length run passes the end of its tree (corrupt LZX block)')
      lengths.fill(value, x, x + count)
      x += count
    }
    while (x < last) {
      const code = this.pretree.decode(bits)
      if (code === 17) run(4 + bits.read(4), 0)
      else if (code === 18) run(20 + bits.read(5), 0)
      else if (code === 19) {
        const count = 4 + bits.read(1)
        const delta = this.pretree.decode(bits)
        if (delta > 16) throw new LzxError('a repeated code length is not a length (corrupt LZX block)')
        run(count, (lengths[x]! - delta + 17) % 17)
      } else run(1, (lengths[x]! - code + 17) % 17)
    }
  }

  private decodeSymbols(count: number): void {
    const { bits, window, mainTree } = this
    const aligned = this.blockType === BLOCK_ALIGNED
    let remaining = count
    while (remaining > 0) {
      const main = mainTree.decode(bits)
      if (main < NUM_CHARS) {
        window[this.windowPos++] = main
        this.produced += 1
        remaining -= 1
        continue
      }
      const element = main - NUM_CHARS
      let length = element & 7
      if (length === 7) length += this.lengthTree.decode(bits)
      length += MIN_MATCH
      const slot = element >> 3
      let offset: number
      if (slot === 0) offset = this.r0
      else if (slot === 1) {
        offset = this.r1
        this.r1 = this.r0
        this.r0 = offset
      } else if (slot === 2) {
        offset = this.r2
        this.r2 = this.r0
        this.r0 = offset
      } else {
        const extra = EXTRA_BITS[slot]!
        offset = POSITION_BASE[slot]! - 2
        if (aligned && extra >= 3) {
          offset += bits.read(extra - 3) * 8
          offset += this.alignedTree.decode(bits)
        } else offset += bits.read(extra)
        this.r2 = this.r1
        this.r1 = this.r0
        this.r0 = offset
      }
      if (length > remaining) throw new LzxError('a match runs past the end of its block or frame (corrupt LZX stream)')
      if (offset < 1 || offset > this.produced || offset >= this.windowSize)
        throw new LzxError('a match points before the start of the data (corrupt LZX stream)')
      let from = this.windowPos - offset
      if (from < 0) from += this.windowSize
      for (let i = 0; i < length; i++) {
        window[this.windowPos++] = window[from++]!
        if (from === this.windowSize) from = 0
      }
      this.produced += length
      remaining -= length
    }
  }
}

/** Undoes the E8 (x86 CALL) translation of one frame in place; `base` is the frame's offset in the stream. */
function undoE8(data: Uint8Array, base: number, translationSize: number): void {
  const end = data.length - 10
  for (let i = 0; i < end;) {
    if (data[i] !== 0xe8) {
      i += 1
      continue
    }
    const current = base + i
    const absolute = data[i + 1]! | (data[i + 2]! << 8) | (data[i + 3]! << 16) | (data[i + 4]! << 24)
    if (absolute >= -current && absolute < translationSize) {
      const relative = absolute >= 0 ? absolute - current : absolute + translationSize
      data[i + 1] = relative & 0xff
      data[i + 2] = (relative >>> 8) & 0xff
      data[i + 3] = (relative >>> 16) & 0xff
      data[i + 4] = (relative >>> 24) & 0xff
    }
    i += 5
  }
}
