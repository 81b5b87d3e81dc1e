/** One dispatched server-sent event. `event` defaults to "message", as in the EventSource spec. */
export interface SseEvent {
  event: string
  data: string
  id: string | null
}

export interface SseParser {
  /** Feeds decoded text (any split: mid-line, mid-CRLF, mid-field) and returns the events it completed. */
  push(chunk: string): SseEvent[]
  /** The stream ended. An event without its terminating blank line is discarded, as the spec says. */
  end(): SseEvent[]
}

/**
 * Incremental parser for `text/event-stream` (WHATWG HTML §9.2.6), kept pure so it can be tested
 * with chunks split at every possible point. We read the stream with fetch (EventSource cannot send
 * an Authorization header), so we need our own.
 *
 * Lines end in LF, CRLF or a lone CR; a CR at the very end of a chunk may be the first half of a
 * CRLF, so the LF that may start the next chunk is swallowed. Comment lines (`: ping`) are ignored.
 */
export function createSseParser(): SseParser {
  let buffer = ''
  let skipLeadingLf = false
  let atStreamStart = true
  let eventType = ''
  let dataLines: string[] = []
  let lastId: string | null = null

  const dispatch = (out: SseEvent[]) => {
    if (dataLines.length > 0) out.push({ event: eventType || 'message', data: dataLines.join('\n'), id: lastId })
    eventType = ''
    dataLines = []
  }

  const processLine = (line: string, out: SseEvent[]) => {
    if (line === '') return dispatch(out)
    if (line.startsWith(':')) return
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    switch (field) {
      case 'event':
        eventType = value
        break
      case 'data':
        dataLines.push(value)
        break
      case 'id':
        if (!value.includes('\0')) lastId = value
        break
      default:
        // `retry` and unknown fields: our server never relies on them.
        break
    }
  }

  return {
    push(chunk) {
      const out: SseEvent[] = []
      let text = chunk
      if (atStreamStart && text.length > 0) {
        atStreamStart = false
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      }
      if (skipLeadingLf && text.length > 0) {
        skipLeadingLf = false
        if (text.startsWith('\n')) text = text.slice(1)
      }
      buffer += text
      let start = 0
      for (let i = 0; i < buffer.length; i++) {
        const ch = buffer.charCodeAt(i)
        if (ch !== 10 && ch !== 13) continue
        processLine(buffer.slice(start, i), out)
        if (ch === 13) {
          if (i + 1 < buffer.length) {
            if (buffer.charCodeAt(i + 1) === 10) i++
          } else {
            skipLeadingLf = true
          }
        }
        start = i + 1
      }
      buffer = buffer.slice(start)
      return out
    },
    end() {
      buffer = ''
      eventType = ''
      dataLines = []
      skipLeadingLf = false
      return []
    },
  }
}
