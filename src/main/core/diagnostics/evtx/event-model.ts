/** One event record, read: the System fields everyone asks for, the event's own data, and its XML on demand. */
import { attr, childElements, renderXml, textOf, type XElement, type XNode } from './xml-tree'

export interface EvtxEvent {
  /** System/EventRecordID, else the record header's id. */
  recordId: number
  /** System/EventID without its Qualifiers. */
  eventId: number | null
  /** TimeCreated@SystemTime (else the record's written time) as ISO 8601 UTC with 100 ns digits. */
  time: string | null
  provider: string | null
  /** System/Level: 0 LogAlways, 1 Critical, 2 Error, 3 Warning, 4 Information, 5 Verbose. */
  level: number | null
  channel: string | null
  computer: string | null
  /** EventData/Data (by Name, else numbered) or the UserData element's children; values cut at 4,000 characters. */
  data: Array<{ name: string; value: string }>
}

const MAX_DATA_ITEMS = 64
const MAX_DATA_CHARS = 4000

const toNumber = (text: string | null): number | null => {
  if (text === null) return null
  const t = text.trim()
  if (/^\d+$/.test(t)) return Number(t)
  if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t, 16)
  return null
}

/** Any ISO-looking time as ISO 8601 UTC; our own FILETIME rendering is kept as it is (100 ns). */
function isoTime(text: string | null): string | null {
  if (!text) return null
  const t = text.trim()
  const iso = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(t)
  // One shape for every log: seconds and 7 fraction digits (FILETIME's 100 ns), whatever the writer used.
  if (iso) return `${iso[1]}.${(iso[2] ?? '').padEnd(7, '0').slice(0, 7)}Z`
  const parsed = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t.replace(' ', 'T')}Z`)
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString()
}

function deepText(el: XElement): string {
  let out = ''
  const walk = (nodes: readonly XNode[]) => {
    for (const n of nodes) {
      if (out.length > MAX_DATA_CHARS) return
      if (n.t === 'e') walk(n.children)
      else out += textOf([n])
    }
  }
  walk(el.children)
  return out.length > MAX_DATA_CHARS ? `${out.slice(0, MAX_DATA_CHARS)}…` : out
}

/** Text content, else (UserData elements often carry only attributes) the attributes as `name=value`. */
function valueOf(el: XElement): string {
  const text = deepText(el)
  return text || el.attrs.map((a) => `${a.name}=${textOf(a.value)}`).join('; ')
}

function eventData(event: XElement): EvtxEvent['data'] {
  const data: EvtxEvent['data'] = []
  for (const section of childElements(event)) {
    if (section.name === 'EventData') {
      let i = 0
      for (const d of childElements(section)) {
        if (data.length >= MAX_DATA_ITEMS) break
        i += 1
        data.push({ name: attr(d, 'Name') ?? (d.name === 'Data' ? `#${i}` : d.name), value: valueOf(d) })
      }
    } else if (section.name === 'UserData') {
      for (const wrapper of childElements(section))
        for (const d of childElements(wrapper)) if (data.length < MAX_DATA_ITEMS) data.push({ name: d.name, value: valueOf(d) })
    }
  }
  return data
}

/** The Event element of a record's nodes (the first element), or null. */
export function eventElement(nodes: readonly XNode[]): XElement | null {
  return nodes.find((n): n is XElement => n.t === 'e') ?? null
}

/** Reads the System fields and data of an event; `fallback` fills what the XML lacks (record header id and time). */
export function toEvtxEvent(nodes: readonly XNode[], fallback: { recordId: number; writtenAt: string | null }): EvtxEvent {
  const event = eventElement(nodes)
  const system = event ? childElements(event, 'System')[0] : undefined
  const one = (name: string) => (system ? childElements(system, name)[0] : undefined)
  const text = (name: string) => {
    const el = one(name)
    return el ? textOf(el.children) : null
  }
  const provider = one('Provider')
  const timeCreated = one('TimeCreated')
  const channel = text('Channel')
  return {
    recordId: toNumber(text('EventRecordID')) ?? fallback.recordId,
    eventId: toNumber(text('EventID')),
    time: isoTime(timeCreated ? attr(timeCreated, 'SystemTime') : null) ?? fallback.writtenAt,
    provider: (provider && (attr(provider, 'Name') || attr(provider, 'EventSourceName'))) || null,
    level: toNumber(text('Level')),
    channel: channel?.trim() || null,
    computer: text('Computer')?.trim() || null,
    data: event ? eventData(event) : [],
  }
}

export { renderXml }
