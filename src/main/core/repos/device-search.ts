import { deviceRowidOf } from './device-search-buckets'
import { SEARCH_ANYWHERE_FROM_CHARS } from '@shared/device-schemas'

/**
 * Turns the search box text into SQL over the device cache.
 *
 * Three or more characters use the FTS5 trigram index (substring anywhere in serial number, UPN,
 * group tag, model, manufacturer or device name, case-insensitive). Trigrams need three characters,
 * so one or two characters match the start of the (upper-case) serial number through its B-tree
 * index instead.
 */
export interface SearchFilter {
  where: string
  params: Record<string, unknown>
  /** SQL counting the matches, cheaper than counting joined rows. */
  countSql: string
  /** The FTS5 phrase, for three characters and more (devices-repo lists those matches its own way). */
  phrase?: string
}

export const minTrigramLength = SEARCH_ANYWHERE_FROM_CHARS

/**
 * Matches are counted up to this many: counting every one of 300,000 matches for "LDN" would cost
 * more than the page itself. Beyond it the list says "10,000+" and the technician narrows the search.
 */
export const countCap = 10_000

/** A phrase query: quotes inside are doubled so the text is matched literally, never as FTS syntax. */
export const ftsPhrase = (text: string): string => `"${text.replace(/"/g, '""')}"`

/**
 * The text a search looks for: trimmed, without control characters. Those (a pasted NUL, a barcode's
 * GS separator) are in no serial, UPN or tag, and a NUL ends FTS5's query string early ("unterminated
 * string"), so they are left out rather than turned into an error.
 */
export const searchText = (search: string): string =>
  [...search]
    .filter((char) => {
      const code = char.charCodeAt(0)
      return code >= 0x20 && code !== 0x7f
    })
    .join('')
    .trim()

export function searchFilter(search: string): SearchFilter | null {
  const text = searchText(search)
  if (text === '') return null
  if ([...text].length >= minTrigramLength) {
    return {
      where: `rowid IN (SELECT ${deviceRowidOf('rowid')} FROM devices_fts WHERE devices_fts MATCH @phrase)`,
      params: { phrase: ftsPhrase(text) },
      phrase: ftsPhrase(text),
      countSql: `SELECT count(*) AS n FROM (SELECT 1 FROM devices_fts WHERE devices_fts MATCH @phrase LIMIT ${countCap + 1})`,
    }
  }
  // One range on the serial index, in upper case as OEMs print serials. (Matching both cases with an
  // OR made SQLite collect and sort every match: 60+ ms for "5C" at 1M devices; three characters
  // and more go through the case-insensitive trigram index anyway.)
  const upper = text.toUpperCase()
  const where = '(serial_number >= @lo AND serial_number < @hi)'
  const params = { lo: upper, hi: `${upper}\uffff` }
  return { where, params, countSql: `SELECT count(*) AS n FROM (SELECT 1 FROM devices WHERE ${where} LIMIT ${countCap + 1})` }
}
