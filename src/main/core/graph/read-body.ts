import { AppFailure } from '../app-error'
import { cancelled, humanDuration } from './wait'

export interface BodyLimits {
  /** Largest body accepted, in bytes. */
  maxBytes: number
  /** Longest silence between two chunks once the headers have arrived (the stalled-body timeout). */
  stallMs: number
  /** Longest time the whole body may take, however it trickles. */
  deadlineMs: number
  /** A read's failure may be retried; a write's leaves the outcome unknown. */
  isRead: boolean
  signal?: AbortSignal
  /** Sees each chunk as it arrives (after the size check), e.g. to find a page's next link early. */
  onChunk?: (chunk: Uint8Array) => void
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`

/**
 * Reads a response body as UTF-8 text without trusting the server: the byte count is checked as the
 * chunks arrive (a Content-Length over the cap is refused before reading), so an endless body can
 * never exhaust memory; a body that stops arriving ends with 'stalled' after `stallMs` of silence,
 * separately from the connect/headers timeout; cancelling the run stops the read at once.
 */
export async function readBodyCapped(response: Response, limits: BodyLimits): Promise<string> {
  const declared = Number(response.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    throw tooLarge(limits.maxBytes)
  }
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let bytes = 0
  const deadline = Date.now() + limits.deadlineMs
  try {
    for (;;) {
      const step = await nextChunk(reader, Math.min(limits.stallMs, Math.max(0, deadline - Date.now())), limits.signal)
      if (step === 'cancelled') throw cancelled()
      if (step === 'silent') {
        const overall = Date.now() >= deadline
        throw new AppFailure(
          'stalled',
          overall
            ? `Intune's answer was still arriving after ${humanDuration(limits.deadlineMs / 1000)}; it was abandoned.`
            : `Intune stopped sending its answer halfway (nothing for ${humanDuration(limits.stallMs / 1000)}).`,
          { retry: limits.isRead, uncertain: !limits.isRead },
        )
      }
      if (step.done) break
      bytes += step.value.byteLength
      if (bytes > limits.maxBytes) throw tooLarge(limits.maxBytes)
      chunks.push(step.value)
      limits.onChunk?.(step.value)
    }
  } catch (error) {
    reader.cancel().catch(() => undefined)
    if (limits.signal?.aborted) throw cancelled()
    if (error instanceof AppFailure) throw error
    // The connection broke mid-body (reset, or aborted underneath us).
    throw new AppFailure('stalled', `Intune's answer was cut off while it arrived (${(error as Error).message}).`, {
      retry: limits.isRead,
      uncertain: !limits.isRead,
    })
  }
  return Buffer.concat(chunks).toString('utf8')
}

const tooLarge = (maxBytes: number) =>
  new AppFailure('too-large', `Intune's answer was larger than ${mib(maxBytes)}, far more than one page of Graph data; it was not read.`)

type Step = ReadableStreamReadResult<Uint8Array> | 'silent' | 'cancelled'

function nextChunk(reader: ReadableStreamDefaultReader<Uint8Array>, waitMs: number, signal: AbortSignal | undefined): Promise<Step> {
  if (signal?.aborted) return Promise.resolve('cancelled')
  return new Promise<Step>((resolve, reject) => {
    const onAbort = () => finish('cancelled')
    const timer = setTimeout(() => finish('silent'), waitMs)
    function finish(step: Step) {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      resolve(step)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    reader.read().then(finish, (error: unknown) => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      reject(error)
    })
  })
}
