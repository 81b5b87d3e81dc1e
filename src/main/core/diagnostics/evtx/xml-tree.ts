/** The XML an event record describes, once its BinXml is read (binxml.ts) and its template filled in. */
export interface XElement {
  t: 'e'
  name: string
  attrs: XAttr[]
  children: XNode[]
  /** True when a substitution sits anywhere below: only such elements are copied when a template is filled in. */
  subs: boolean
  /** Nodes in this subtree, counting shared subtrees each time they appear: what rendering it costs. */
  w: number
}
export interface XAttr {
  name: string
  value: XNode[]
}
export type XNode =
  | XElement
  | { t: 'x'; text: string }
  | { t: 'c'; text: string }
  | { t: 'r'; ref: string }
  | { t: 'p'; target: string; data: string }
  | { t: 's'; index: number; optional: boolean }

/** Text of an attribute value or of an element's direct text children. */
export const weightOf = (n: XNode): number => (n.t === 'e' ? n.w : 1)

export function textOf(nodes: readonly XNode[]): string {
  let out = ''
  for (const n of nodes) {
    if (n.t === 'x' || n.t === 'c') out += n.text
    else if (n.t === 'r') out += decodeRef(n.ref)
  }
  return out
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeRef(ref: string): string {
  if (ref.startsWith('#')) {
    const code = Number(ref.slice(1))
    return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ''
  }
  return NAMED[ref] ?? `&${ref};`
}

export function childElements(el: XElement, name?: string): XElement[] {
  return el.children.filter((c): c is XElement => c.t === 'e' && (name === undefined || c.name === name))
}

export function attr(el: XElement, name: string): string | null {
  const a = el.attrs.find((x) => x.name === name)
  return a ? textOf(a.value) : null
}

// Characters XML 1.0 cannot carry are shown as \uXXXX so the raw view stays one readable document.
const escapeText = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;')

function inline(nodes: readonly XNode[]): string {
  let out = ''
  for (const n of nodes) {
    if (n.t === 'x') out += escapeText(n.text)
    else if (n.t === 'c') out += `<![CDATA[${n.text}]]>`
    else if (n.t === 'r') out += `&${n.ref};`
  }
  return out
}

/**
 * The event as indented XML text (what Event Viewer's XML view shows), cut at `maxChars`. Iterative
 * so a deeply nested hostile record cannot overflow the stack.
 */
export function renderXml(roots: readonly XNode[], maxChars = 256 * 1024): string {
  const out: string[] = []
  let length = 0
  const push = (s: string) => {
    out.push(s)
    length += s.length
  }
  type Frame = { nodes: readonly XNode[]; i: number; depth: number; close: string | null }
  const stack: Frame[] = [{ nodes: roots, i: 0, depth: 0, close: null }]
  while (stack.length && length < maxChars) {
    const f = stack[stack.length - 1]!
    if (f.i >= f.nodes.length) {
      stack.pop()
      if (f.close) push(f.close)
      continue
    }
    const n = f.nodes[f.i++]!
    const pad = '  '.repeat(Math.min(f.depth, 40))
    if (n.t === 'e') {
      const attrs = n.attrs.map((a) => ` ${a.name}="${escapeAttr(textOf(a.value))}"`).join('')
      const elements = n.children.some((c) => c.t === 'e' || c.t === 'p')
      if (n.children.length === 0) push(`${pad}<${n.name}${attrs} />\n`)
      else if (!elements) push(`${pad}<${n.name}${attrs}>${inline(n.children)}</${n.name}>\n`)
      else {
        push(`${pad}<${n.name}${attrs}>\n`)
        stack.push({ nodes: n.children, i: 0, depth: f.depth + 1, close: `${pad}</${n.name}>\n` })
      }
    } else if (n.t === 'p') push(`${pad}<?${n.target} ${n.data}?>\n`)
    else if (n.t === 'x' || n.t === 'c' || n.t === 'r') {
      const text = inline([n])
      if (text.trim()) push(`${pad}${text}\n`)
    }
  }
  const xml = out.join('')
  return xml.length > maxChars ? `${xml.slice(0, maxChars)}\n<!-- cut: the event is longer than ${maxChars} characters -->\n` : xml
}
