import { parsePayload, type ParseErrorCode } from './parse-payload'

/**
 * Which of the codes one camera frame showed the app acts on. At a bench the device's code often
 * shares the view with others: a Wi-Fi or URL sticker, a box label, the neighbouring device's own
 * Autopilot QR. A code is an *Autopilot code* when `parsePayload` accepts it (the Windows OOBE QR
 * payload in any of its forms, a ZtdId, or a serial number as box-label barcodes carry it); every
 * other code is shown as ignored. Two or more Autopilot codes for different devices are never
 * decided by a guess: the choice is `ambiguous` and the technician picks (or aims).
 * A serial-number code whose serial equals an Autopilot QR's serial is the same device (the box
 * label beside the screen): it does not make the frame ambiguous. Pure, deterministic.
 */
export interface SeenCode {
  text: string
  format: string
  autopilot: boolean
  /** device / block / serial for Autopilot codes; the parser's error code (wifi, url…) for others. */
  kind: 'device' | 'block' | 'serial' | ParseErrorCode
  /** The serial number the code names, when it names one. */
  serialNumber: string | null
  /** The Autopilot device id (ZtdId) the code names, when it names one. */
  ztdId: string | null
}

export type CodeChoice =
  /** No Autopilot code in the frame. */
  | { status: 'none' }
  /** The one Autopilot code to act on (index into `codes`). */
  | { status: 'one'; index: number }
  /**
   * Several Autopilot codes for different devices — or one, and another QR code in view that could
   * not be read (`unreadable`: cut off by the picture's edge, covered, too blurred), which may be the
   * neighbouring device's: the indices of the codes read, for a picker.
   */
  | { status: 'ambiguous'; indices: number[]; unreadable?: number }

export interface FrameCodes {
  codes: SeenCode[]
  choice: CodeChoice
}

export function classifyCode(text: string, format: string): SeenCode {
  const parsed = parsePayload(text)
  if (!parsed.ok) return { text, format, autopilot: false, kind: parsed.error.code, serialNumber: null, ztdId: null }
  const value = parsed.value
  if (value.kind === 'serial') return { text, format, autopilot: true, kind: 'serial', serialNumber: value.serialNumber, ztdId: null }
  return { text, format, autopilot: true, kind: value.kind, serialNumber: value.serialNumber, ztdId: value.ztdId }
}

/** Whether the app acts on this code (the pipeline's `wanted`). */
export const isAutopilotCode = (text: string, format: string): boolean => classifyCode(text, format).autopilot

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()

/** The device a code names, for telling "two codes, one device" from "two devices". */
function deviceKey(code: SeenCode): string {
  if (code.ztdId) return `id:${code.ztdId}`
  return `serial:${(code.serialNumber ?? code.text).trim().toLowerCase()}`
}

/**
 * `unreadable`: QR codes seen in the frame but not read (the pipeline's `unread` symbols, plus one for
 * finder patterns of a code it could not even locate). With one Autopilot code read and another code
 * unreadable, the app cannot know the other is not the neighbouring device's, so it asks.
 */
export function chooseCode(symbols: ReadonlyArray<{ text: string; format: string }>, unreadable = 0): FrameCodes {
  const codes: SeenCode[] = []
  for (const symbol of symbols) if (!codes.some((c) => c.text === symbol.text)) codes.push(classifyCode(symbol.text, symbol.format))
  const autopilot = codes.map((code, index) => ({ code, index })).filter(({ code }) => code.autopilot)
  if (autopilot.length === 0) return { codes, choice: { status: 'none' } }
  // Serial-only codes naming a device an Autopilot QR in view also names are that device's label.
  const named = autopilot.filter(({ code }) => code.kind !== 'serial')
  const distinct = new Map<string, number>()
  for (const { code, index } of autopilot) {
    if (code.kind === 'serial' && named.some(({ code: qr }) => qr.serialNumber !== null && sameText(qr.serialNumber, code.serialNumber ?? ''))) continue
    const key = deviceKey(code)
    if (!distinct.has(key)) distinct.set(key, index)
  }
  const indices = [...distinct.values()]
  if (indices.length === 1 && unreadable === 0) return { codes, choice: { status: 'one', index: indices[0]! } }
  return { codes, choice: unreadable > 0 ? { status: 'ambiguous', indices, unreadable } : { status: 'ambiguous', indices } }
}

/** The `unreadable` count of `chooseCode` for one frame's scan. */
export function unreadableCodes(scan: { unread: readonly unknown[]; partial: readonly unknown[] }): number {
  return scan.unread.length + (scan.partial.length > 0 ? 1 : 0)
}

/**
 * The contract of `qr:decode` and the benchmark: `text` = the Autopilot payload the app would act on
 * (null when none, or when several make it ambiguous), `others` = the other codes' texts,
 * `candidates` = the Autopilot payloads when ambiguous.
 */
export function frameVerdict(frame: FrameCodes): { text: string | null; format: string | null; others: string[]; candidates?: string[] } {
  const { codes, choice } = frame
  if (choice.status === 'one') {
    const chosen = codes[choice.index]!
    return { text: chosen.text, format: chosen.format, others: codes.filter((_, i) => i !== choice.index).map((c) => c.text) }
  }
  if (choice.status === 'ambiguous') {
    return {
      text: null,
      format: null,
      others: codes.filter((_, i) => !choice.indices.includes(i)).map((c) => c.text),
      candidates: choice.indices.map((i) => codes[i]!.text),
    }
  }
  return { text: null, format: null, others: codes.map((c) => c.text) }
}
