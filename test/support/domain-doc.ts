import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The domain reference, docs/reference/autopilot.md, read at test time from this repository
 * (resolved from this file, so the working directory does not matter).
 */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const REFERENCE_DIR = path.join(REPO_ROOT, 'docs/reference')
export const DOMAIN_DOC_PATH = path.join(REFERENCE_DIR, 'autopilot.md')

export function readReference(file: string): string {
  const full = path.join(REFERENCE_DIR, file)
  if (!existsSync(full)) throw new Error(`${file} not found at ${full}`)
  return readFileSync(full, 'utf8')
}

export function readDomainDoc(): string {
  return readReference('autopilot.md')
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

/** `§6.3` exists as a heading; `§10.N` is item N of the numbered list in §10 (gaps and contradictions). */
export function sectionExists(doc: string, number: string): boolean {
  if (number.startsWith('10.')) return new RegExp(`^${number.slice(3)}\\. `, 'm').test(section(doc, '10'))
  return sectionNumbers(doc).has(number)
}

/** The section numbers of a citation such as `§3.1, §6.3`. */
export const citedSections = (text: string): string[] => [...text.matchAll(/§(\d+(?:\.\d+)?)/g)].map((m) => m[1] ?? '')
