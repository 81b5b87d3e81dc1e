import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CHUNK_SIZE } from '@core/diagnostics/evtx/binxml'
import { crc32 } from '@core/diagnostics/evtx/crc32'
import { EvtxFormatError, readEvtx, type EvtxEvent } from '@core/diagnostics/evtx'
import { resealChunk, writeEvtx, type WrittenEvent } from '@support/evtx-writer'

const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, 'fixtures', name)))
const AUTOPILOT = 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot'

function events(n: number): WrittenEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    recordId: i + 1,
    eventId: [153, 171, 172, 807][i % 4]!,
    provider: 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider',
    channel: AUTOPILOT,
    level: i % 4 === 0 ? 4 : 2,
    time: new Date(Date.UTC(2026, 0, 5, 10, 0, i)).toISOString(),
    extraTicks: 1234,
    userSid: 'S-1-5-21-1004336348-1177238915-682003330-512',
    data:
      i % 2
        ? [
            ['HRESULT', '0x81039001'],
            ['Message', `step ${i} <&>`],
          ]
        : [],
  }))
}

function read(bytes: Uint8Array) {
  const seen: Array<{ event: EvtxEvent; xml: string }> = []
  const result = readEvtx(bytes, { onEvent: (event, xml) => seen.push({ event, xml: xml() }) })
  return { result, seen }
}

describe('readEvtx: logs Windows wrote', () => {
  it('reads the Security sample as python-evtx does (ids, times, provider, level, channel, EventData)', () => {
    const { result, seen } = read(fixture('security-short-selected.evtx'))
    expect(result).toMatchObject({ records: 7, damaged: 0, problems: [] })
    expect(seen.map((s) => [s.event.recordId, s.event.eventId])).toEqual([
      [319457771, 5152],
      [319457830, 4611],
      [319457831, 4776],
      [319457832, 4625],
      [319457855, 5152],
      [319457856, 5157],
      [319457858, 4673],
    ])
    const first = seen[0]!
    expect(first.event).toMatchObject({
      time: '2016-06-29T15:24:34.3460000Z',
      provider: 'Microsoft-Windows-Security-Auditing',
      level: 0,
      channel: 'Security',
      computer: 'temporal',
    })
    expect(first.event.data).toContainEqual({ name: 'SourceAddress', value: '23.94.153.202' })
    expect(first.xml).toContain('<Keywords>0x8010000000000000</Keywords>')
    expect(first.xml).toContain('<Execution ProcessID="4" ThreadID="80" />')
  })

  it('reads a forwarded event: qualifiers stripped from EventID, its string time in the common shape', () => {
    const { result, seen } = read(fixture('msexchange-management-wec.evtx'))
    expect(result.records).toBe(1)
    expect(seen[0]!.event).toMatchObject({ recordId: 3229, eventId: 1, time: '2021-11-19T16:52:33.8337335Z', provider: 'MSExchange CmdletLogs', level: 4 })
    expect(seen[0]!.xml).toContain('<EventID Qualifiers="16384">1</EventID>')
    expect(seen[0]!.event.data[0]).toEqual({ name: '#1', value: 'Set-Mailbox' })
  })
})

describe('readEvtx: generated logs', () => {
  it('reads every chunk of a dirty file whose header declares fewer, with FILETIME to 100 ns, SIDs and escaped text', () => {
    const { result, seen } = read(writeEvtx(events(250), { eventsPerChunk: 100, dirty: true, declaredChunks: 1 }))
    expect(result).toMatchObject({ records: 250, damaged: 0, dirty: true, chunks: { total: 3, declared: 1 } })
    expect(seen[1]!.event).toEqual({
      recordId: 2,
      eventId: 171,
      time: '2026-01-05T10:00:01.0001234Z',
      provider: 'Microsoft-Windows-ModernDeployment-Diagnostics-Provider',
      level: 2,
      channel: AUTOPILOT,
      computer: 'DESKTOP-BENCH01',
      data: [
        { name: 'HRESULT', value: '0x81039001' },
        { name: 'Message', value: 'step 1 <&>' },
      ],
    })
    expect(seen[1]!.xml).toContain('<Data Name="Message">step 1 &lt;&amp;&gt;</Data>')
    expect(seen[1]!.xml).toContain('UserID="S-1-5-21-1004336348-1177238915-682003330-512"')
    expect(seen[0]!.xml).not.toContain('Qualifiers') // optional substitution without a value: attribute left out
  })

  it('skips and counts a chunk whose records were changed after the checksum, and one whose header was', () => {
    const file = writeEvtx(events(300), { eventsPerChunk: 100 })
    file[0x1000 + CHUNK_SIZE + 700] = file[0x1000 + CHUNK_SIZE + 700]! ^ 0x40 // chunk 1 records
    file[0x1000 + 2 * CHUNK_SIZE + 10] = file[0x1000 + 2 * CHUNK_SIZE + 10]! ^ 0x01 // chunk 2 header
    const { result } = read(file)
    expect(result.records).toBe(100)
    expect(result.damaged).toBe(2)
    expect(result.problems).toEqual([expect.stringMatching(/Chunk 1: its event records checksum/), expect.stringMatching(/Chunk 2: its header checksum/)])
  })

  it('reads a file cut inside a chunk as far as whole chunks go; refuses one cut inside its header', () => {
    const file = writeEvtx(events(200), { eventsPerChunk: 100 })
    const cut = read(file.subarray(0, 0x1000 + CHUNK_SIZE + 5000))
    expect(cut.result).toMatchObject({ records: 100, damaged: 1 })
    expect(cut.result.problems[0]).toMatch(/Chunk 1 is cut short/)
    expect(() => readEvtx(file.subarray(0, 2000))).toThrow(/shorter than the 4,096-byte EVTX header/)
    expect(() => readEvtx(new Uint8Array(5000))).toThrow(EvtxFormatError)
  })

  it('reports a wrong file header checksum but still reads the chunks by their own', () => {
    const file = writeEvtx(events(10))
    file[50] = file[50]! ^ 0xff
    const { result } = read(file)
    expect(result.records).toBe(10)
    expect(result.problems[0]).toMatch(/file header checksum/)
  })
})

/** A one-chunk file whose single record is `binxml`, with the template definitions placed at `defs` (chunk offset → bytes). */
function handmade(binxml: number[], defs: Array<[offset: number, bytes: number[]]> = []): Uint8Array {
  const file = writeEvtx([])
  const base = 0x1000
  const view = new DataView(file.buffer)
  const size = 24 + binxml.length + 4
  const rec = 512
  file.set([0x2a, 0x2a, 0, 0], base + rec)
  view.setUint32(base + rec + 4, size, true)
  view.setBigUint64(base + rec + 8, 1n, true)
  file.set(binxml, base + rec + 24)
  view.setUint32(base + rec + size - 4, size, true)
  let free = rec + size
  for (const [offset, bytes] of defs) {
    file.set(bytes, base + offset)
    free = Math.max(free, offset + bytes.length)
  }
  view.setUint32(base + 48, free, true)
  resealChunk(file, 0)
  view.setUint32(124, crc32(file, [[0, 120]]), true)
  return file
}
const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]
const instance = (def: number, values: number[] = [], descriptors: number[] = []) => [
  0x0c,
  0x01,
  ...u32(1),
  ...u32(def),
  ...u32(descriptors.length / 4),
  ...descriptors,
  ...values,
]
const definition = (body: number[]) => [...u32(0), ...Array<number>(16).fill(0), ...u32(body.length), ...body]

describe('readEvtx: hostile BinXml', () => {
  it('refuses a template that refers to itself, without a hang or a crash', () => {
    const def = 4096
    const file = handmade([0x0f, 1, 1, 0, ...instance(def), 0x00], [[def, definition([0x0f, 1, 1, 0, ...instance(def), 0x00])]])
    const { result } = read(file)
    expect(result.records).toBe(0)
    expect(result.damaged).toBe(1)
    expect(result.problems[0]).toMatch(/refers to itself/)
  })

  it('refuses a record whose substitutions would expand past the node budget', () => {
    const def = 4096
    // <E> with 12,000 references to substitution 0 </E>; value 0 is a BinXml fragment of 20 text nodes.
    const name = [...u32(def + 24 + 4 + 3 + 4 + 4), ...u32(0), 0, 0, 1, 0, 0x45, 0, 0, 0] // inline name "E"
    const refs = Array.from({ length: 12_000 }, () => [0x0d, 0, 0, 0x21]).flat()
    const body = [0x0f, 1, 1, 0, 0x01, 0xff, 0xff, ...u32(0), ...name, 0x02, ...refs, 0x04, 0x00]
    const fragment = Array.from({ length: 20 }, () => [0x05, 0x01, 1, 0, 0x41, 0]).flat()
    const file = handmade([0x0f, 1, 1, 0, ...instance(def, fragment, [fragment.length & 0xff, fragment.length >> 8, 0x21, 0]), 0x00], [[def, definition(body)]])
    const { result } = read(file)
    expect(result.records).toBe(0)
    expect(result.problems[0]).toMatch(/expands to more than 100000 XML nodes/)
  })

  it('refuses a name longer than its chunk (a string table entry claiming 65,535 characters)', () => {
    const name = [...u32(0), 0, 0, 0xff, 0xff]
    const { result } = read(handmade([0x0f, 1, 1, 0, 0x01, ...u32(0), ...u32(4096), 0x03, 0x00], [[4096, name]]))
    expect(result.records).toBe(0)
    expect(result.problems[0]).toMatch(/a name at 0x1000 runs past the chunk/)
  })

  it('stops a chunk, and then the file, that needs more work than any real log', () => {
    const file = writeEvtx(events(300), { eventsPerChunk: 100 })
    const chunk = readEvtx(file, { chunkWorkBudget: 2_000 })
    expect(chunk.records).toBeGreaterThan(0)
    expect(chunk.records).toBeLessThan(300)
    expect(chunk.damaged).toBe(3)
    expect(chunk.problems[0]).toMatch(/the chunk needs more work than 2000 XML nodes; its remaining records were not read/)
    const whole = readEvtx(file, { fileWorkBudget: 1 })
    expect(whole).toMatchObject({ records: 100, damaged: 2 })
    expect(whole.problems.at(-1)).toMatch(/Reading stopped at chunk 1: the file needs more work than 1 XML nodes/)
  })

  it('refuses offsets outside the chunk and unknown tokens, naming them', () => {
    const outside = read(handmade([0x0f, 1, 1, 0, ...instance(0xfff0), 0x00]))
    expect(outside.result.problems[0]).toMatch(/past the chunk/)
    const token = read(handmade([0x0f, 1, 1, 0, 0x3f, 0x00]))
    expect(token.result.problems[0]).toMatch(/unknown BinXml token 0x3f/)
  })
})
