/**
 * Binary XML (BinXml) of one EVTX chunk: the token stream, the chunk's name strings and template
 * definitions, and filling a template in with a record's substitution values
 * (docs/reference/evtx-format.md §binxml). Every offset is relative to the chunk and checked against
 * it; names and templates are cached per chunk; a template that (directly or not) refers to itself,
 * nesting deeper than MAX_DEPTH, or a record that would expand past the node budget is refused with
 * an EvtxFormatError instead of looping or exhausting memory.
 */
import { decodeValue, utf16Text, type SubstitutionValue } from './binxml-values'
import { EvtxFormatError } from './evtx-error'
import { weightOf, type XAttr, type XElement, type XNode } from './xml-tree'

export const CHUNK_SIZE = 0x10000
/** Template instances and BinXml values inside one another. Real logs use two or three levels. */
const MAX_DEPTH = 16
/** Elements within elements. Event XML is a handful of levels deep. */
const MAX_ELEMENT_DEPTH = 128
/** Nodes one record may produce once its templates are filled in (a real event has tens to hundreds). */
export const DEFAULT_NODE_BUDGET = 100_000
/**
 * Work one chunk may take (nodes parsed, visited and placed, over all its records and templates).
 * The busiest chunk of the ~300 real logs tried needed 22,380; a hostile chunk of thousands of tiny
 * records, each just under the node budget, or of thousands of overlapping template definitions,
 * would otherwise take minutes.
 */
export const DEFAULT_CHUNK_WORK_BUDGET = 1_000_000

const hex = (n: number) => `0x${n.toString(16)}`

export class ChunkBinXml {
  private readonly names = new Map<number, string>()
  private readonly templates = new Map<number, XNode[] | EvtxFormatError>()
  private readonly building = new Set<number>()
  private budget = 0
  /** Work done in this chunk so far; see DEFAULT_CHUNK_WORK_BUDGET. */
  work = 0

  /** `bytes` is the whole file; the chunk is `bytes[base, base + CHUNK_SIZE)`. */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly view: DataView,
    private readonly base: number,
    private readonly nodeBudget = DEFAULT_NODE_BUDGET,
    private readonly workBudget = DEFAULT_CHUNK_WORK_BUDGET,
  ) {}

  /** True once the chunk has used up its work budget: its remaining records are not read. */
  get exhausted(): boolean {
    return this.work > this.workBudget
  }

  /** Parses a record's BinXml, `[start, end)` relative to the chunk, into the event's XML nodes. */
  readRecord(start: number, end: number): XNode[] {
    this.budget = this.nodeBudget
    return this.stream(start, end, false, false, 0)
  }

  private u8(off: number): number {
    if (off < 0 || off + 1 > CHUNK_SIZE) throw new EvtxFormatError(`read past the chunk at ${hex(off)}`)
    return this.bytes[this.base + off]!
  }
  private u16(off: number): number {
    if (off < 0 || off + 2 > CHUNK_SIZE) throw new EvtxFormatError(`read past the chunk at ${hex(off)}`)
    return this.view.getUint16(this.base + off, true)
  }
  private u32(off: number): number {
    if (off < 0 || off + 4 > CHUNK_SIZE) throw new EvtxFormatError(`read past the chunk at ${hex(off)}`)
    return this.view.getUint32(this.base + off, true)
  }

  private spend(n = 1) {
    this.work += n
    if (this.work > this.workBudget)
      throw new EvtxFormatError(`the chunk needs more work than ${this.workBudget} XML nodes; its remaining records were not read`)
    this.budget -= n
    if (this.budget < 0) throw new EvtxFormatError(`the record expands to more than ${this.nodeBudget} XML nodes; not read`)
  }

  /** A name string: next-offset u32, hash u16, length u16, UTF-16 characters, NUL. Returns its byte length too. */
  private name(off: number): { name: string; size: number } {
    const count = this.u16(off + 6)
    const size = 10 + count * 2
    if (off + size > CHUNK_SIZE) throw new EvtxFormatError(`a name at ${hex(off)} runs past the chunk`)
    let name = this.names.get(off)
    if (name === undefined) {
      name = utf16Text(this.bytes, this.base + off + 8, this.base + off + 8 + count * 2)
      if (!/^[^\s<>&"'=/]+$/.test(name)) throw new EvtxFormatError(`the element or attribute name at ${hex(off)} is not a valid XML name`)
      this.names.set(off, name)
    }
    return { name, size }
  }

  /** A name reference at `pos`: the name is stored right here when the offset points at the next byte. */
  private nameRef(pos: number): { name: string; next: number } {
    const off = this.u32(pos)
    const { name, size } = this.name(off)
    return { name, next: off === pos + 4 ? pos + 4 + size : pos + 4 }
  }

  private utf16Counted(pos: number): { text: string; next: number } {
    const count = this.u16(pos)
    const end = pos + 2 + count * 2
    if (end > CHUNK_SIZE) throw new EvtxFormatError(`a string at ${hex(pos)} runs past the chunk`)
    return { text: utf16Text(this.bytes, this.base + pos + 2, this.base + end), next: end }
  }

  /**
   * The token loop. `template` allows substitution tokens (template definitions); `depId` says
   * whether element starts carry the 2-byte dependency identifier: template definitions do, elements
   * written directly in a record or a BinXml value do not.
   */
  private stream(start: number, end: number, template: boolean, depId: boolean, depth: number): XNode[] {
    if (depth > MAX_DEPTH) throw new EvtxFormatError(`BinXml nested more than ${MAX_DEPTH} levels deep`)
    if (start < 0 || end > CHUNK_SIZE || start > end) throw new EvtxFormatError(`BinXml at ${hex(start)}..${hex(end)} lies outside its chunk`)
    const top: XNode[] = []
    const stack: XElement[] = []
    let attribute: XAttr | null = null
    const add = (node: XNode, spent = false) => {
      if (!spent) this.spend(weightOf(node))
      if (attribute) {
        if (node.t === 'e') throw new EvtxFormatError('an element inside an attribute value')
        attribute.value.push(node)
      } else if (stack.length) stack[stack.length - 1]!.children.push(node)
      else top.push(node)
    }
    const close = () => {
      const el = stack.pop()
      if (!el) throw new EvtxFormatError('an end-of-element token without an open element')
      el.subs = el.subs || el.attrs.some((a) => a.value.some((v) => v.t === 's')) || el.children.some((c) => c.t === 's' || (c.t === 'e' && c.subs))
      el.w = 1 + el.attrs.reduce((sum, a) => sum + 1 + a.value.length, 0) + el.children.reduce((sum, c) => sum + weightOf(c), 0)
      attribute = null
    }
    let pos = start
    while (pos < end) {
      this.work += 1 // every token, even those that place no node
      const token = this.u8(pos)
      switch (token) {
        case 0x00:
          pos = end
          break
        case 0x01:
        case 0x41: {
          let p = pos + 1 + (depId ? 2 : 0)
          p += 4 // data size: not needed, the tokens end the element
          const { name, next } = this.nameRef(p)
          p = next + (token & 0x40 ? 4 : 0)
          if (stack.length >= MAX_ELEMENT_DEPTH) throw new EvtxFormatError(`elements nested more than ${MAX_ELEMENT_DEPTH} deep`)
          const el: XElement = { t: 'e', name, attrs: [], children: [], subs: false, w: 1 }
          attribute = null
          add(el)
          stack.push(el)
          pos = p
          break
        }
        case 0x02:
          if (!stack.length) throw new EvtxFormatError('a close-start-element token without an open element')
          attribute = null
          pos += 1
          break
        case 0x03:
        case 0x04:
          close()
          pos += 1
          break
        case 0x05:
        case 0x45: {
          const type = this.u8(pos + 1)
          if (type !== 0x01) throw new EvtxFormatError(`a value token of type ${hex(type)} (only text is expected here)`)
          const { text, next } = this.utf16Counted(pos + 2)
          add({ t: 'x', text })
          pos = next
          break
        }
        case 0x06:
        case 0x46: {
          const el = stack[stack.length - 1]
          if (!el) throw new EvtxFormatError('an attribute outside an element')
          const { name, next } = this.nameRef(pos + 1)
          this.spend()
          attribute = { name, value: [] }
          el.attrs.push(attribute)
          pos = next
          break
        }
        case 0x07:
        case 0x47: {
          const { text, next } = this.utf16Counted(pos + 1)
          add({ t: 'c', text })
          pos = next
          break
        }
        case 0x08:
        case 0x48:
          add({ t: 'r', ref: `#${this.u16(pos + 1)}` })
          pos += 3
          break
        case 0x09:
        case 0x49: {
          const { name, next } = this.nameRef(pos + 1)
          add({ t: 'r', ref: name })
          pos = next
          break
        }
        case 0x0a: {
          const { name, next } = this.nameRef(pos + 1)
          const data = this.u8(next) === 0x0b ? this.utf16Counted(next + 1) : { text: '', next }
          add({ t: 'p', target: name, data: data.text })
          pos = data.next
          break
        }
        case 0x0b: {
          const { text, next } = this.utf16Counted(pos + 1)
          add({ t: 'p', target: '', data: text })
          pos = next
          break
        }
        case 0x0c: {
          const { nodes, next } = this.templateInstance(pos, depth)
          for (const n of nodes) add(n, true)
          pos = next
          break
        }
        case 0x0d:
        case 0x0e: {
          if (!template) throw new EvtxFormatError(`a substitution outside a template at ${hex(pos)}`)
          add({ t: 's', index: this.u16(pos + 1), optional: token === 0x0e })
          this.u8(pos + 3) // the value type: the instance's descriptor says it again
          pos += 4
          break
        }
        case 0x0f:
          this.u8(pos + 3)
          pos += 4
          break
        default:
          throw new EvtxFormatError(`unknown BinXml token ${hex(token)} at ${hex(pos)}`)
      }
    }
    if (stack.length) throw new EvtxFormatError(`element <${stack[stack.length - 1]!.name}> is not closed`)
    return top
  }

  /** A template definition, parsed once per chunk. */
  private definition(off: number, depth: number): XNode[] {
    const cached = this.templates.get(off)
    if (cached instanceof EvtxFormatError) throw cached
    if (cached) return cached
    if (this.building.has(off)) throw new EvtxFormatError(`the template at ${hex(off)} refers to itself`)
    const size = this.u32(off + 20)
    if (off + 24 + size > CHUNK_SIZE) throw new EvtxFormatError(`the template at ${hex(off)} runs past the chunk`)
    this.building.add(off)
    const saved = this.budget
    this.budget = this.nodeBudget // a definition is parsed once; its nodes are not the record's expansion
    try {
      const nodes = this.stream(off + 24, off + 24 + size, true, true, depth + 1)
      this.templates.set(off, nodes)
      return nodes
    } catch (error) {
      const failure = error instanceof EvtxFormatError ? error : new EvtxFormatError(String(error))
      this.templates.set(off, failure)
      throw failure
    } finally {
      this.building.delete(off)
      this.budget = saved
    }
  }

  /** Token 0x0c: template id, definition offset (the definition follows inline the first time), then the values. */
  private templateInstance(pos: number, depth: number): { nodes: XNode[]; next: number } {
    let p = pos + 2 // token, one unknown byte
    p += 4 // template id: the definition offset identifies it within the chunk
    const defOffset = this.u32(p)
    p += 4
    if (defOffset === p) p += 24 + this.u32(p + 20)
    const definition = this.definition(defOffset, depth)
    const count = this.u32(p)
    p += 4
    if (count > (CHUNK_SIZE - p) / 4) throw new EvtxFormatError(`a template instance claims ${count} values`)
    const descriptors: Array<{ size: number; type: number }> = []
    for (let i = 0; i < count; i++, p += 4) descriptors.push({ size: this.u16(p), type: this.u8(p + 2) })
    const values: SubstitutionValue[] = []
    for (const { size, type } of descriptors) {
      if (p + size > CHUNK_SIZE) throw new EvtxFormatError(`a substitution value at ${hex(p)} runs past the chunk`)
      const at = p
      values.push(decodeValue(type, this.bytes, this.view, this.base + at, size, () => this.stream(at, at + size, false, false, depth + 1)))
      p += size
    }
    return { nodes: this.fill(definition, values), next: p }
  }

  /**
   * The template's nodes with each substitution replaced by its value; parts without substitutions
   * are shared, not copied. Every node placed spends its weight (its rendered size) from the record's
   * budget, so values and templates repeated inside one another cannot multiply past it.
   */
  private fill(nodes: readonly XNode[], values: readonly SubstitutionValue[]): XNode[] {
    const out: XNode[] = []
    for (const n of nodes) {
      if (n.t === 's') {
        const v = values[n.index]
        if (!v || v.kind === 'null') {
          this.work += 1
          continue
        }
        if (v.kind === 'text') {
          this.spend()
          out.push({ t: 'x', text: v.text })
        } else
          for (const x of v.nodes as XNode[]) {
            this.spend(weightOf(x))
            out.push(x)
          }
      } else if (n.t === 'e' && n.subs) {
        const attrs: XAttr[] = []
        let w = 1
        for (const a of n.attrs) {
          const value = this.fill(a.value, values)
          // An optional substitution with no value removes its attribute, as Windows renders it.
          if (value.length === 0 && a.value.some((v) => v.t === 's' && v.optional)) continue
          attrs.push({ name: a.name, value })
          w += 1 + value.length
        }
        this.spend(1 + attrs.length)
        const children = this.fill(n.children, values)
        for (const c of children) w += weightOf(c)
        out.push({ t: 'e', name: n.name, attrs, children, subs: false, w })
      } else {
        this.spend(weightOf(n))
        out.push(n)
      }
    }
    return out
  }
}
