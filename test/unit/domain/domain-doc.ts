import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The domain reference, read at test time. In CI the repository is cloned with `../shared` beside
 * it, so the path is resolved from the working directory (the repo root), not from this file.
 */
export const DOMAIN_DOC_PATH = path.resolve(process.cwd(), '../shared/reference/autopilot-domain.md')

export function readDomainDoc(): string {
  if (!existsSync(DOMAIN_DOC_PATH)) throw new Error(`autopilot-domain.md not found at ${DOMAIN_DOC_PATH} (expected ../shared beside the repo)`)
  return readFileSync(DOMAIN_DOC_PATH, 'utf8')
}

/** The text of one `### x.y` (or `## x`) section, up to the next heading of the same or higher level. */
export function section(doc: string, number: string): string {
  const level = number.includes('.') ? '###' : '##'
  const lines = doc.split('\n')
  const start = lines.findIndex((line) => line.startsWith(`${level} ${number} `) || line.startsWith(`${level} ${number}.`))
  if (start < 0) throw new Error(`section ${number} not found`)
  const end = lines.findIndex((line, i) => i > start && (line.startsWith('## ') || (level === '###' && line.startsWith('### '))))
  return lines.slice(start, end < 0 ? undefined : end).join('\n')
}

/** Every section number that exists as a heading (`1`, `1.1`, …, `10`). */
export function sectionNumbers(doc: string): Set<string> {
  const numbers = new Set<string>()
  for (const match of doc.matchAll(/^#{2,3} (\d+(?:\.\d+)?)[. ]/gm)) if (match[1]) numbers.add(match[1])
  return numbers
}

/** 0x-codes (8 hex digits) in a text, canonical upper-case. */
export function hexCodes(text: string): string[] {
  return [...new Set([...text.matchAll(/0x([0-9a-fA-F]{8})\b/g)].map((m) => `0x${(m[1] ?? '').toUpperCase()}`))]
}

/** Bare bold 8-hex-digit codes such as `**801c0003**` (the doc prints some codes without 0x). */
export function bareBoldCodes(text: string): string[] {
  return [...new Set([...text.matchAll(/\*\*([0-9a-fA-F]{8})\*\*/g)].map((m) => `0x${(m[1] ?? '').toUpperCase()}`))]
}

/** The seed article codes of the citation key (`CMP`, `UD-PROF`, …) plus the bare seed numbers. */
export function citationKeyCodes(doc: string): Set<string> {
  const key = doc.slice(doc.indexOf('**Citation key.**'), doc.indexOf('Format: `[seed/CODE'))
  const codes = new Set<string>(['000', '001', '002', '003', '004'])
  for (const line of key.split('\n')) {
    const match = /^\s+- ([A-Z0-9/ -]+?) = /.exec(line)
    if (!match?.[1]) continue
    for (const code of match[1].split('/')) codes.add(code.trim())
  }
  return codes
}
