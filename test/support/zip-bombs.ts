import { deflateSync, strToU8, zipSync } from 'fflate'

/**
 * Hostile ZIPs built in the test (no binary fixtures). Written by hand from the ZIP layout (APPNOTE
 * 4.3.7 local header, 4.3.12 central directory, 4.3.16 end record); CRCs are left 0 (nothing here
 * checks them).
 */

const MiB = 1024 * 1024

function u16(n: number) {
  return [n & 0xff, (n >>> 8) & 0xff]
}
function u32(n: number) {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]
}

interface RawEntry {
  name: string
  /** Offset of the local header this central-directory record points at. */
  localOffset: number
  compressed: number
  declared: number
  method?: number
}

/** Local headers + data as given, then a central directory of `records` (which may point anywhere). */
function assemble(body: Uint8Array, records: readonly RawEntry[]): Uint8Array {
  const cd: number[] = []
  for (const r of records) {
    const name = strToU8(r.name)
    cd.push(...u32(0x02014b50), ...u16(20), ...u16(20), ...u16(0), ...u16(r.method ?? 8), ...u16(0), ...u16(0))
    cd.push(...u32(0), ...u32(r.compressed), ...u32(r.declared), ...u16(name.length), ...u16(0), ...u16(0), ...u16(0), ...u16(0))
    cd.push(...u32(0), ...u32(r.localOffset), ...name)
  }
  const eocd = [...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(records.length), ...u16(records.length), ...u32(cd.length), ...u32(body.length), ...u16(0)]
  const out = new Uint8Array(body.length + cd.length + eocd.length)
  out.set(body, 0)
  out.set(cd, body.length)
  out.set(eocd, body.length + cd.length)
  return out
}

function localHeader(name: string, compressed: number, declared: number, method = 8): Uint8Array {
  const n = strToU8(name)
  return Uint8Array.from([
    ...u32(0x04034b50),
    ...u16(20),
    ...u16(0),
    ...u16(method),
    ...u16(0),
    ...u16(0),
    ...u32(0),
    ...u32(compressed),
    ...u32(declared),
    ...u16(n.length),
    ...u16(0),
    ...n,
  ])
}

/**
 * Mostly zeros with a pseudo-random byte every `gap` bytes: 4 MiB deflates to about 22 KB (188:1), under
 * the 200:1 ratio cap, so only the shared-data rule can stop the bomb below.
 */
function sparse(bytes: number, gap = 700): Uint8Array {
  const out = new Uint8Array(bytes)
  let x = 0x2545f491
  for (let i = 0; i < bytes; i += gap) {
    x = (x * 1103515245 + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

/**
 * The "non-recursive zip bomb" of the benchmark: one deflate stream, one local header, and `entries`
 * central-directory records (each its own name) all pointing at it. About 28 KB; it unpacks to
 * `entries × 4 MiB` (500 MiB with the default 125).
 */
export function sharedStreamBomb(entries = 125, perEntry = 4 * MiB): { zip: Uint8Array; unpacked: number } {
  const data = deflateSync(sparse(perEntry), { level: 9 })
  const body = new Uint8Array([...localHeader('zeros.json', data.length, perEntry), ...data])
  const records = Array.from({ length: entries }, (_, i) => ({ name: `f${i}.json`, localOffset: 0, compressed: data.length, declared: perEntry }))
  return { zip: assemble(body, records), unpacked: entries * perEntry }
}

/**
 * Overlapping ranges without a shared start: the second entry's local header sits inside the first
 * entry's data (a stored entry whose data quotes the next header), as in Fifield's overlapped bomb.
 */
export function overlappingBomb(): Uint8Array {
  const inner = deflateSync(sparse(2 * MiB), { level: 9 })
  const innerHeader = localHeader('b.json', inner.length, 2 * MiB)
  const quoted = new Uint8Array([...innerHeader, ...inner])
  const outerHeader = localHeader('a.json', quoted.length, quoted.length, 0)
  const body = new Uint8Array([...outerHeader, ...quoted])
  return assemble(body, [
    { name: 'a.json', localOffset: 0, compressed: quoted.length, declared: quoted.length, method: 0 },
    { name: 'b.json', localOffset: outerHeader.length, compressed: inner.length, declared: 2 * MiB },
  ])
}

/** A small, honest entry whose headers claim (just under) 4 GiB uncompressed. */
export function claims4GiB(name = 'MdmDiagReport_RegistryDump.reg'): Uint8Array {
  const data = deflateSync(strToU8('Windows Registry Editor Version 5.00\r\n'))
  const claim = 0xfffffffe
  return assemble(new Uint8Array([...localHeader(name, data.length, claim), ...data]), [{ name, localOffset: 0, compressed: data.length, declared: claim }])
}

/** A deflate stream of `bytes` zeros whose headers claim only `claim` bytes: the lie shows only while inflating. */
export function lyingHeader(bytes = 64 * MiB, claim = 1000, name = 'MdmDiagReport_RegistryDump.reg'): Uint8Array {
  const data = deflateSync(new Uint8Array(bytes), { level: 9 })
  return assemble(new Uint8Array([...localHeader(name, data.length, claim), ...data]), [{ name, localOffset: 0, compressed: data.length, declared: claim }])
}

/** An archive of `count` empty files. */
export function manyEntries(count: number): Uint8Array {
  return zipSync(Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i}.txt`, new Uint8Array(0)])))
}
