import { constants, inflateRawSync } from 'node:zlib'

/**
 * MSZIP (docs/reference/cab-format.md §5): each CAB data block is `CK` followed by a Deflate stream
 * that may refer back into the previous 32 KiB of output. zlib does the inflating; a block is never
 * allowed to produce more than its header's uncompressed size (maxOutputLength stops it early).
 */

export class MszipError extends Error {
  constructor(
    message: string,
    /** The block inflates past its declared size (a lie worth naming as a limit). */
    readonly overflow = false,
  ) {
    super(message)
  }
}

const HISTORY = 32_768

export class MszipDecoder {
  private history = new Uint8Array(0)

  decodeBlock(data: Uint8Array, expected: number): Uint8Array {
    if (data.length < 2 || data[0] !== 0x43 || data[1] !== 0x4b) throw new MszipError('an MSZIP block does not start with its "CK" signature')
    let out: Uint8Array
    try {
      out = inflateRawSync(data.subarray(2), {
        ...(this.history.length > 0 ? { dictionary: this.history } : {}),
        maxOutputLength: Math.max(1, expected),
        // A block whose last Deflate block lacks the final bit is still complete at the CAB level.
        finishFlush: constants.Z_SYNC_FLUSH,
      })
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code === 'ERR_BUFFER_TOO_LARGE') throw new MszipError(`an MSZIP block inflates beyond the ${expected} bytes its header claims`, true)
      throw new MszipError(`an MSZIP block is corrupt (${(error as Error).message})`)
    }
    if (out.length !== expected) throw new MszipError(`an MSZIP block inflates to ${out.length} bytes, not the ${expected} its header claims`)
    const joined = new Uint8Array(Math.min(HISTORY, this.history.length + out.length))
    const fromHistory = joined.length - out.length
    if (fromHistory > 0) joined.set(this.history.subarray(this.history.length - fromHistory), 0)
    joined.set(fromHistory >= 0 ? out : out.subarray(out.length - joined.length), Math.max(0, fromHistory))
    this.history = joined
    return out
  }
}
