/**
 * Splits one physical line into cells. Hash CSVs have one device per line and Intune's format has no
 * quotes at all, so quoting is honoured only within a line: an unclosed quote is that line's error
 * instead of swallowing the rest of the file (a general CSV parser would read on to the next quote).
 */
export interface SplitLine {
  cells: string[]
  /** Which cells were quoted. */
  quoted: boolean[]
  unclosedQuote: boolean
}

export function splitCells(line: string, delimiter: string): SplitLine {
  const cells: string[] = []
  const quoted: boolean[] = []
  let i = 0
  for (;;) {
    // Spaces before an opening quote are allowed (`a, "b"`), as Excel and PowerShell read them.
    let j = i
    while (line[j] === ' ') j++
    if (line[j] === '"') {
      let value = ''
      let k = j + 1
      for (;;) {
        const close = line.indexOf('"', k)
        if (close < 0) return { cells: [...cells, value + line.slice(k)], quoted: [...quoted, true], unclosedQuote: true }
        value += line.slice(k, close)
        if (line[close + 1] === '"') {
          value += '"'
          k = close + 2
          continue
        }
        k = close + 1
        break
      }
      // Text after the closing quote, up to the delimiter, stays part of the value (as Excel reads it).
      const end = line.indexOf(delimiter, k)
      cells.push(value + (end < 0 ? line.slice(k) : line.slice(k, end)))
      quoted.push(true)
      if (end < 0) break
      i = end + 1
    } else {
      const end = line.indexOf(delimiter, i)
      cells.push(end < 0 ? line.slice(i) : line.slice(i, end))
      quoted.push(false)
      if (end < 0) break
      i = end + 1
    }
  }
  return { cells, quoted, unclosedQuote: false }
}

/** The delimiter of the header line: "," (Intune), ";" (Excel where the decimal mark is a comma) or tab; counted outside quotes. */
export function detectDelimiter(headerLine: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 }
  let inQuotes = false
  for (const char of headerLine) {
    if (char === '"') inQuotes = !inQuotes
    else if (!inQuotes && char in counts) counts[char as keyof typeof counts]++
  }
  if (counts[','] >= counts[';'] && counts[','] >= counts['\t'] && counts[','] > 0) return ','
  if (counts[';'] >= counts['\t'] && counts[';'] > 0) return ';'
  return counts['\t'] > 0 ? '\t' : ','
}
