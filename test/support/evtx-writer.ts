/**
 * A small EVTX writer for tests: real file and chunk headers with CRC-32, records whose BinXml is a
 * template instance (the definition inline on first use in a chunk, referenced by offset after),
 * substitution values of the types Windows uses in System (string, UInt8/16, UInt64, FILETIME, GUID,
 * SID, HexInt64) and EventData strings. It writes what docs/reference/evtx-format.md describes, so the
 * reader can be checked against a file whose every byte is known.
 */
import { crc32 } from '@core/diagnostics/evtx/crc32'

export interface WrittenEvent {
  recordId: number
  eventId: number
  provider: string
  channel: string
  level: number
  /** ISO 8601 UTC (millisecond precision is kept; the FILETIME gets the extra ticks). */
  time: string
  extraTicks?: number
  computer?: string
  userSid?: string
  data?: Array<[name: string, value: string]>
}

export interface WriteOptions {
  eventsPerChunk?: number
  /** Header flag 0x1: written while the log was open. */
  dirty?: boolean
  /** Chunk count the file header declares (default: the real count). */
  declaredChunks?: number
}

const u16 = (n: number) => [n & 0xff, (n >>> 8) & 0xff]
const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]
const u64 = (n: bigint) => [...u32(Number(n & 0xffffffffn)), ...u32(Number(n >> 32n))]
const utf16 = (s: string) => Array.from(s).flatMap((c) => u16(c.charCodeAt(0)))

export function filetime(iso: string, extraTicks = 0): bigint {
  return BigInt(Date.parse(iso)) * 10000n + 116444736000000000n + BigInt(extraTicks)
}

function sidBytes(sid: string): number[] {
  const [, rev, auth, ...subs] = sid.split('-')
  return [Number(rev), subs.length, 0, 0, 0, 0, 0, Number(auth), ...subs.flatMap((s) => u32(Number(s)))]
}

function guidBytes(guid: string): number[] {
  const h = guid.replace(/[{}-]/g, '')
  const b = (i: number) => Number.parseInt(h.slice(i * 2, i * 2 + 2), 16)
  return [b(3), b(2), b(1), b(0), b(5), b(4), b(7), b(6), ...Array.from({ length: 8 }, (_, i) => b(8 + i))]
}

type Node = { el: string; attrs?: Array<[string, Val]>; children?: Array<Node | Val> }
type Val = { sub: number; optional?: boolean; type: number } | { text: string }

/** BinXml of a template body; `at` is the chunk offset where `out` starts (for inline names). */
function emit(nodes: Array<Node | Val>, out: number[], at: number) {
  const name = (s: string) => {
    out.push(...u32(at + out.length + 4), ...u32(0), ...u16(0), ...u16(s.length), ...utf16(s), 0, 0)
  }
  const value = (v: Val) => {
    if ('text' in v) out.push(0x05, 0x01, ...u16(v.text.length), ...utf16(v.text))
    else out.push(v.optional ? 0x0e : 0x0d, ...u16(v.sub), v.type)
  }
  for (const n of nodes) {
    if (!('el' in n)) {
      value(n)
      continue
    }
    const attrs = n.attrs ?? []
    out.push(attrs.length ? 0x41 : 0x01, ...u16(0xffff))
    const sizeAt = out.length
    out.push(0, 0, 0, 0)
    name(n.el)
    let listAt = -1
    if (attrs.length) {
      listAt = out.length
      out.push(0, 0, 0, 0)
    }
    attrs.forEach(([attrName, v], i) => {
      out.push(i < attrs.length - 1 ? 0x46 : 0x06)
      name(attrName)
      value(v)
    })
    if (listAt >= 0) out.splice(listAt, 4, ...u32(out.length - listAt - 4))
    if (n.children?.length) {
      out.push(0x02)
      emit(n.children, out, at)
      out.push(0x04)
    } else out.push(0x03)
    out.splice(sizeAt, 4, ...u32(out.length - sizeAt - 4))
  }
}

/** The template Windows-like System + EventData; substitution indexes 0..9, then one per data item. */
function template(dataNames: string[]): Array<Node | Val> {
  const s = (sub: number, type: number, optional = false): Val => ({ sub, type, optional })
  return [
    {
      el: 'Event',
      attrs: [['xmlns', { text: 'http://schemas.microsoft.com/win/2004/08/events/event' }]],
      children: [
        {
          el: 'System',
          children: [
            {
              el: 'Provider',
              attrs: [
                ['Name', s(0, 0x01)],
                ['Guid', s(1, 0x0f, true)],
              ],
            },
            { el: 'EventID', attrs: [['Qualifiers', s(2, 0x06, true)]], children: [s(3, 0x06)] },
            { el: 'Level', children: [s(4, 0x04)] },
            { el: 'Keywords', children: [s(5, 0x15)] },
            { el: 'TimeCreated', attrs: [['SystemTime', s(6, 0x11)]] },
            { el: 'EventRecordID', children: [s(7, 0x0a)] },
            { el: 'Channel', children: [s(8, 0x01)] },
            { el: 'Computer', children: [s(9, 0x01)] },
            { el: 'Security', attrs: [['UserID', s(10, 0x13, true)]] },
          ],
        },
        { el: 'EventData', children: dataNames.map((d, i): Node => ({ el: 'Data', attrs: [['Name', { text: d }]], children: [s(11 + i, 0x01)] })) },
      ],
    },
  ]
}

function values(e: WrittenEvent): Array<{ type: number; bytes: number[] }> {
  const str = (s: string) => ({ type: 0x01, bytes: utf16(s) })
  return [
    str(e.provider),
    { type: 0x0f, bytes: guidBytes('{70EB4F03-C1DE-4F73-A051-33D13D5413BD}') },
    { type: 0x00, bytes: [] },
    { type: 0x06, bytes: u16(e.eventId) },
    { type: 0x04, bytes: [e.level] },
    { type: 0x15, bytes: u64(0x4000000000000000n) },
    { type: 0x11, bytes: u64(filetime(e.time, e.extraTicks)) },
    { type: 0x0a, bytes: u64(BigInt(e.recordId)) },
    str(e.channel),
    str(e.computer ?? 'DESKTOP-BENCH01'),
    e.userSid ? { type: 0x13, bytes: sidBytes(e.userSid) } : { type: 0x00, bytes: [] },
    ...(e.data ?? []).map(([, v]) => str(v)),
  ]
}

const CHUNK = 0x10000

function chunk(events: WrittenEvent[], chunkNumber: number): Uint8Array {
  const c = new Uint8Array(CHUNK)
  const templates = new Map<string, number>()
  let pos = 512
  let lastRecord = 512
  for (const e of events) {
    const names = (e.data ?? []).map(([n]) => n)
    const key = names.join('\0')
    const body: number[] = [0x0f, 0x01, 0x01, 0x00, 0x0c, 0x01, ...u32(0x1234)]
    const recordStart = pos
    const binxmlAt = recordStart + 24
    const known = templates.get(key)
    if (known !== undefined) body.push(...u32(known))
    else {
      const defAt = binxmlAt + body.length + 4
      templates.set(key, defAt)
      const def: number[] = [0x0f, 0x01, 0x01, 0x00]
      emit(template(names), def, defAt + 24)
      def.push(0x00)
      body.push(...u32(defAt), ...u32(0), ...Array<number>(16).fill(0xab), ...u32(def.length), ...def)
    }
    const vals = values(e)
    body.push(...u32(vals.length), ...vals.flatMap((v) => [...u16(v.bytes.length), v.type, 0]), ...vals.flatMap((v) => v.bytes), 0x00)
    const size = 24 + body.length + 4
    if (pos + size > CHUNK) throw new Error('too many events for one chunk in the test writer')
    const rec = [0x2a, 0x2a, 0, 0, ...u32(size), ...u64(BigInt(e.recordId)), ...u64(filetime(e.time)), ...body, ...u32(size)]
    c.set(rec, pos)
    lastRecord = pos
    pos += size
  }
  const head = [
    ...Array.from('ElfChnk\0', (x) => x.charCodeAt(0)),
    ...u64(BigInt(events[0]?.recordId ?? 1)),
    ...u64(BigInt(events.at(-1)?.recordId ?? 0)),
    ...u64(BigInt(events[0]?.recordId ?? 1)),
    ...u64(BigInt(events.at(-1)?.recordId ?? 0)),
    ...u32(128),
    ...u32(lastRecord),
    ...u32(pos),
  ]
  c.set(head, 0)
  c.set(u32(crc32(c, [[512, pos]])), 52)
  c.set(u32(chunkNumber === -1 ? 0 : 0), 120)
  c.set(
    u32(
      crc32(c, [
        [0, 120],
        [128, 512],
      ]),
    ),
    124,
  )
  return c
}

/** An EVTX file holding `events` in order. */
export function writeEvtx(events: WrittenEvent[], options: WriteOptions = {}): Uint8Array {
  const per = options.eventsPerChunk ?? 100
  const groups: WrittenEvent[][] = []
  for (let i = 0; i < events.length; i += per) groups.push(events.slice(i, i + per))
  if (!groups.length) groups.push([])
  const file = new Uint8Array(0x1000 + groups.length * CHUNK)
  groups.forEach((g, i) => file.set(chunk(g, i), 0x1000 + i * CHUNK))
  const head = [
    ...Array.from('ElfFile\0', (x) => x.charCodeAt(0)),
    ...u64(0n),
    ...u64(BigInt(groups.length - 1)),
    ...u64(BigInt((events.at(-1)?.recordId ?? 0) + 1)),
    ...u32(128),
    ...u16(2),
    ...u16(3),
    ...u16(0x1000),
    ...u16(options.declaredChunks ?? groups.length),
  ]
  file.set(head, 0)
  file.set(u32(options.dirty ? 1 : 0), 120)
  file.set(u32(crc32(file, [[0, 120]])), 124)
  return file
}

/** Re-computes a chunk's checksums after a test changed its bytes on purpose. */
export function resealChunk(file: Uint8Array, index: number) {
  const base = 0x1000 + index * CHUNK
  const view = new DataView(file.buffer, file.byteOffset)
  const free = view.getUint32(base + 48, true)
  view.setUint32(base + 52, crc32(file, [[base + 512, base + free]]), true)
  view.setUint32(
    base + 124,
    crc32(file, [
      [base, base + 120],
      [base + 128, base + 512],
    ]),
    true,
  )
}
