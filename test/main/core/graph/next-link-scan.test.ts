import { describe, expect, it } from 'vitest'
import { nextLinkInHead, nextLinkInTail, watchNextLink } from '@core/graph/next-link-scan'

const link = 'https://graph.microsoft.com/beta/deviceManagement/windowsAutopilotDeviceIdentities?$top=1000&$skiptoken=LastSerialNumber%3d%27A1%27'
const context = '"@odata.context":"https://graph.microsoft.com/beta/$metadata#deviceManagement/windowsAutopilotDeviceIdentities"'
/** A device whose name is made to look like a page's link: it must never be taken for one. */
const hostile = { id: 'x', displayName: `","@odata.nextLink":"https://graph.microsoft.com/beta/evil"}`, note: '\\"}' }

describe('the next link, found before the page is parsed', () => {
  it('in the head (after @odata.context, as Microsoft documents it) and in the tail (after value, as the mock sends it)', () => {
    const head = `{${context},"@odata.count":2,"@odata.nextLink":${JSON.stringify(link)},"value":[${JSON.stringify(hostile)}]}`
    const tail = `{${context},"value":[${JSON.stringify(hostile)}],"@odata.nextLink":${JSON.stringify(link)}}`
    expect(nextLinkInHead(head)).toBe(link)
    expect(nextLinkInHead(tail)).toBeNull() // value comes first: look in the tail
    expect(nextLinkInTail(tail)).toBe(link)
    expect(nextLinkInTail(head)).toBeNull()
    // With white space as a pretty-printing server sends it.
    const pretty = JSON.stringify(JSON.parse(tail), null, 2)
    expect(nextLinkInTail(pretty)).toBe(link)
    expect(nextLinkInHead(JSON.stringify(JSON.parse(head), null, 2))).toBe(link)
  })

  it('a last page, and data that only looks like a link, give none', () => {
    expect(nextLinkInTail(`{${context},"value":[${JSON.stringify(hostile)}]}`)).toBeNull()
    expect(nextLinkInHead(`{${context},"value":[${JSON.stringify(hostile)}]}`)).toBeNull()
    // A link inside a nested object is not the page's.
    expect(nextLinkInTail(`{"value":[],"x":{"@odata.nextLink":"https://graph.microsoft.com/beta/evil"}}`)).toBeNull()
    // A body cut inside a device's name that ends like a page (quotes escaped): not a link.
    const whole = `{"value":[${JSON.stringify(hostile)}`
    const cut = whole.slice(0, whole.indexOf('evil') + 'evil\\"}'.length)
    expect(cut.endsWith('evil\\"}')).toBe(true)
    expect(nextLinkInTail(cut)).toBeNull()
  })

  it('a head cut short is undecided until more arrives', () => {
    const head = `{${context},"@odata.nextLink":${JSON.stringify(link)},"value":[]}`
    for (let n = 0; n < head.indexOf(',"value"'); n++) {
      const verdict = nextLinkInHead(head.slice(0, n))
      expect(verdict === undefined || verdict === link).toBe(true)
    }
  })

  it('a random page: what the scan reports is always the parsed link (fuzz, both places, any chunking)', () => {
    let state = 7
    const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const pieces = ['"', '\\', '}', ']', '{', '[', ',', ':', '@odata.nextLink', 'é', '😀', ' ', 'https://graph.microsoft.com/beta/x']
    const text = () => Array.from({ length: Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]).join('')
    const encoder = new TextEncoder()
    for (let round = 0; round < 400; round++) {
      const value = Array.from({ length: Math.floor(random() * 4) }, () => ({
        id: text(),
        displayName: text(),
        n: Math.floor(random() * 100),
        ok: random() < 0.5,
      }))
      const next = random() < 0.8 ? `https://graph.microsoft.com/beta/items?$skiptoken=${encodeURIComponent(text())}${text()}` : null
      const members: Array<[string, unknown]> = [
        ['@odata.context', text()],
        ['value', value],
      ]
      if (random() < 0.5) members.push(['@odata.count', value.length])
      if (next !== null) members.splice(random() < 0.5 ? 1 : members.length, 0, ['@odata.nextLink', next])
      const body = JSON.stringify(Object.fromEntries(members), null, random() < 0.3 ? 1 : undefined)
      const parsed = (JSON.parse(body) as Record<string, unknown>)['@odata.nextLink'] ?? null
      const reported: string[] = []
      const watch = watchNextLink((found) => reported.push(found))
      const bytes = encoder.encode(body)
      for (let at = 0; at < bytes.length;) {
        const size = 1 + Math.floor(random() * 40)
        watch.chunk(bytes.subarray(at, at + size))
        at += size
      }
      watch.complete(body)
      expect(reported.length).toBeLessThanOrEqual(1)
      if (reported.length === 1) expect(reported[0]).toBe(parsed)
      // Next to `value` and the other annotations it is always found.
      expect(reported[0] ?? null).toBe(parsed)
      // A cut body never reports a link that is not the page's.
      const cutAt = Math.floor(random() * body.length)
      const cutLink = nextLinkInTail(body.slice(0, cutAt))
      if (cutLink !== null) expect(cutLink).toBe(parsed)
    }
  })
})
