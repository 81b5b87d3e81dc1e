import { hash32, randomStream } from './prng'
import { encodeFixed, MAX_DEVICES, SERIAL_BLOCKS, type SerialBlock } from './serial-blocks'

const SALT_SERIAL = 0x5e71a1

export interface BlockSlot {
  block: SerialBlock
  blockIndex: number
  /** Position of the device inside its block. */
  local: number
  /** First device index of the next block, so `local` runs over [0, end - start). */
  start: number
  end: number
}

/**
 * Maps device index ↔ serial number for one (seed, device count) without materialising anything.
 *
 * serialAt(i) is O(1) and strictly increasing in i (see serial-blocks.ts), so lowerBound(serial) is a
 * plain binary search: 20 serial computations for a million devices.
 */
export class SerialLayout {
  /** starts[k] = first device index of block k; starts[blocks] = count. */
  private readonly starts: number[]

  constructor(
    readonly count: number,
    private readonly seedLo: number,
    private readonly seedHi: number,
  ) {
    if (!Number.isInteger(count) || count < 0 || count > MAX_DEVICES) throw new RangeError(`devices must be an integer from 0 to ${MAX_DEVICES}`)
    let cumulative = 0
    this.starts = [0]
    for (const block of SERIAL_BLOCKS) {
      cumulative += block.share
      this.starts.push(Math.floor((count * cumulative) / 10_000))
    }
    this.assertBlockOrder()
  }

  slotOf(index: number): BlockSlot {
    let lo = 0
    let hi = SERIAL_BLOCKS.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.starts[mid] ?? 0) <= index) lo = mid
      else hi = mid - 1
    }
    const block = SERIAL_BLOCKS[lo]
    const start = this.starts[lo] ?? 0
    // Several blocks can start at the same index when the tenant is tiny; the last of them owns it.
    if (block === undefined) throw new RangeError(`no serial block for device ${index}`)
    return { block, blockIndex: lo, local: index - start, start, end: this.starts[lo + 1] ?? this.count }
  }

  serialAt(index: number): string {
    const { block, local, start, end } = this.slotOf(index)
    const stride = Math.floor((block.headMax - block.headMin) / (end - start))
    const random = randomStream(hash32(this.seedLo, this.seedHi, index, SALT_SERIAL))
    const head = block.headMin + local * stride + Math.floor(random() * stride)
    let tail = ''
    for (let i = 0; i < block.tailWidth; i++) tail += block.tailAlphabet.charAt(Math.floor(random() * block.tailAlphabet.length))
    const raw = block.prefix + encodeFixed(head, block.headAlphabet, block.headWidth) + tail
    return block.format ? block.format(raw) : raw
  }

  /** The first index whose serial is ≥ `serial` (count when none is). */
  lowerBound(serial: string): number {
    let lo = 0
    let hi = this.count
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2)
      if (this.serialAt(mid) < serial) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Cheap guard for the layout invariant: each non-empty block ends below the next one's start. */
  private assertBlockOrder(): void {
    for (let k = 0; k < SERIAL_BLOCKS.length; k++) {
      const start = this.starts[k] ?? 0
      const end = this.starts[k + 1] ?? this.count
      const block = SERIAL_BLOCKS[k]
      if (block && end > start && end - start > block.headMax - block.headMin)
        throw new RangeError(`serial block ${block.prefix || block.family} is too small for ${this.count} devices`)
      if (end > start && end < this.count && !(this.serialAt(end - 1) < this.serialAt(end))) {
        throw new Error(`serial layout out of order between blocks ${k} and ${k + 1}`)
      }
    }
  }
}
