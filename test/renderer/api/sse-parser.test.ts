import { describe, expect, it } from 'vitest'
import { createSseParser, type SseEvent } from '@renderer/api/sse-parser'

const feed = (chunks: string[]): SseEvent[] => {
  const parser = createSseParser()
  return chunks.flatMap((chunk) => parser.push(chunk))
}

/** Every way to cut `text` into two pieces, plus one character at a time. */
const splits = (text: string): string[][] => [...Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]), [...text]]

const stream = ': ping\n\n' + 'event: sync:progress\ndata: {"devices":1}\n\n' + ': ping\n\n' + 'event: data:changed\ndata: {"topics":\ndata: ["devices"]}\n\n'

const expected: SseEvent[] = [
  { event: 'sync:progress', data: '{"devices":1}', id: null },
  { event: 'data:changed', data: '{"topics":\n["devices"]}', id: null },
]

describe('createSseParser', () => {
  it('parses named events with JSON data and skips heartbeats', () => {
    expect(feed([stream])).toEqual(expected)
  })

  it('gives the same events however the stream is split', () => {
    for (const chunks of splits(stream)) expect(feed(chunks)).toEqual(expected)
  })

  it('accepts CRLF and lone CR line endings, split anywhere (including between CR and LF)', () => {
    for (const ending of ['\r\n', '\r']) {
      const text = stream.replace(/\n/g, ending)
      for (const chunks of splits(text)) expect(feed(chunks)).toEqual(expected)
    }
  })

  it('joins multi-line data with \\n and keeps an empty data line', () => {
    expect(feed(['data: a\ndata:\ndata:  b\n\n'])).toEqual([{ event: 'message', data: 'a\n\n b', id: null }])
  })

  it('ignores comments, unknown fields and blocks without data', () => {
    expect(feed([':comment\nretry: 1000\nfoo: bar\n\nevent: lonely\n\n'])).toEqual([])
  })

  it('resets the event name after each dispatch', () => {
    expect(feed(['event: a\ndata: 1\n\ndata: 2\n\n']).map((e) => e.event)).toEqual(['a', 'message'])
  })

  it('treats a field without a colon as a field with an empty value', () => {
    expect(feed(['data\n\n'])).toEqual([{ event: 'message', data: '', id: null }])
  })

  it('remembers the last id', () => {
    expect(feed(['id: 7\ndata: x\n\ndata: y\n\n']).map((e) => e.id)).toEqual(['7', '7'])
  })

  it('strips a byte-order mark at the start of the stream only', () => {
    expect(feed(['\uFEFFdata: x\n\n'])).toEqual([{ event: 'message', data: 'x', id: null }])
  })

  it('does not dispatch an unterminated event when the stream ends', () => {
    const parser = createSseParser()
    expect(parser.push('event: a\ndata: 1\n')).toEqual([])
    expect(parser.end()).toEqual([])
  })

  it('keeps multi-byte characters intact (decoding happens before the parser)', () => {
    const bytes = new TextEncoder().encode('data: {"name":"Müller – 東京"}\n\n')
    const decoder = new TextDecoder()
    const parser = createSseParser()
    const out: SseEvent[] = []
    for (const byte of bytes) out.push(...parser.push(decoder.decode(new Uint8Array([byte]), { stream: true })))
    expect(out).toEqual([{ event: 'message', data: '{"name":"Müller – 東京"}', id: null }])
  })
})
