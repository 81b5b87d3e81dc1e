import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { WindowsReview } from '@renderer/components/diagnostics/windows-review'
import { openArchive } from '@core/diagnostics/open-archive'
import type { WindowsReviewModel } from '@shared/diagnostics-schemas'
import { writeCab } from '@support/cab-writer'
import { zipSync } from 'fflate'
import { createFakeApi } from '@support/renderer/fake-api'
import { renderWithStores } from '@support/renderer/render-with-stores'

const render = (ui: React.ReactElement) => renderWithStores(ui, createFakeApi({}))

const fixture = join(__dirname, '../../../main/core/diagnostics/evtx/fixtures/security-short-selected.evtx')

function reviewOf(bytes: Uint8Array, name: string): WindowsReviewModel {
  const review = openArchive(bytes, name)
  if (review.kind !== 'windows') throw new Error('expected a Windows review')
  return review
}

/** An event log from which nothing could be read never reads as "no problems" (docs/diagnostics.md › Event logs). */
describe('Windows review: an event log from which no event could be read', () => {
  const cases: Array<[string, Uint8Array]> = [
    ['a real .evtx cut to a third', new Uint8Array(readFileSync(fixture).subarray(0, Math.floor(readFileSync(fixture).length / 3)))],
    ['ElfFile followed by garbage', new Uint8Array(Buffer.concat([Buffer.from('ElfFile\0'), Buffer.alloc(5000, 0x5a)]))],
  ]

  it.each(cases)('%s: listed as not read with why, the timeline says none could be read, the not-read section counts it', (_, bytes) => {
    render(<WindowsReview review={reviewOf(bytes, 'cut.evtx')} />)
    const events = within(screen.getByTestId('diag-events'))
    const row = events.getByText('cut.evtx').closest('tr')!
    expect(row.querySelector('[data-col="records"]')!.textContent).toMatch(/^not read — no event could be read/)
    expect(row.querySelector('[data-col="damaged"]')!.textContent).toBe('1')
    expect(screen.getByTestId('diag-events').textContent).not.toMatch(/No Autopilot, error or warning events/)
    expect(events.getByText(/None of the event logs could be read/)).toBeTruthy()
    expect(within(screen.getByTestId('diag-warnings')).getByText(/^1 event log could not be read — cut\.evtx/)).toBeTruthy()
    const notRead = within(screen.getByTestId('diag-not-read'))
    expect(notRead.getByRole('heading').textContent).toMatch(/\(1\)/)
    expect(notRead.getByText('cut.evtx')).toBeTruthy()
  })

  it('a model that calls such a log parsed (0 events, every chunk damaged) is still shown as not read', () => {
    const review = reviewOf(new Uint8Array(readFileSync(fixture)), 'good.evtx')
    const log = { ...review.eventLogs[0]!, parsed: true, records: 0, damaged: 1, events: [], problems: ['Chunk 0 is cut short: skipped.'] }
    render(<WindowsReview review={{ ...review, eventLogs: [log] }} />)
    expect(screen.getByTestId('diag-events').textContent).toMatch(/None of the event logs could be read/)
    expect(screen.getByTestId('diag-events').textContent).toMatch(/not read — Chunk 0 is cut short/)
  })
})

describe('Windows review: an archive without known Windows diagnostics', () => {
  const files = [
    { name: 'first.txt', data: new Uint8Array(20_000).fill(97) },
    { name: 'second.txt', data: new TextEncoder().encode(Array.from({ length: 9000 }, (_, i) => `line ${i * 7919}`).join('\n')) },
  ]

  it('a CAB is headed as a CAB, a ZIP as a ZIP', () => {
    const cab = writeCab(files)
    const { unmount } = render(<WindowsReview review={reviewOf(cab, 'real.cab')} />)
    expect(screen.getByText('CAB without known Windows diagnostics').parentElement!.textContent).toBe('CAB without known Windows diagnostics — real.cab')
    unmount()
    render(<WindowsReview review={reviewOf(zipSync(Object.fromEntries(files.map((f) => [f.name, f.data]))), 'real.zip')} />)
    expect(screen.getByText('ZIP without known Windows diagnostics')).toBeTruthy()
  })

  it('a CAB cut to two-thirds says it is damaged at the top and beside the file', () => {
    const cab = writeCab(files)
    render(<WindowsReview review={reviewOf(cab.subarray(0, Math.floor((cab.length * 2) / 3)), 'real.cab')} />)
    expect(within(screen.getByTestId('diag-warnings')).getByText(/^This CAB file is damaged: 1 file could not be read \(second\.txt\)/)).toBeTruthy()
    const row = within(screen.getByTestId('diag-not-read')).getByText('second.txt').closest('tr')!
    expect(row.textContent).toMatch(/Damaged: the CAB is truncated/)
  })

  it('two damaged files: the reason is named as the first one\'s, not "this file\'s"', () => {
    const cab = writeCab([files[0]!, files[1]!, { name: 'third.txt', data: new Uint8Array(30_000).fill(98) }])
    render(<WindowsReview review={reviewOf(cab.subarray(0, Math.floor(cab.length / 3)), 'real.cab')} />)
    const warning = within(screen.getByTestId('diag-warnings')).getByText(/^This CAB file is damaged: \d files could not be read/)
    expect(warning.textContent).toMatch(/ — the first, \S+: the CAB is truncated: .* before the file's data\./)
    expect(warning.textContent).not.toMatch(/this file's/)
  })
})

describe('Windows review: a lone event log', () => {
  it('says an event log names no tenant, not that none was found "in the archive"', () => {
    render(<WindowsReview review={reviewOf(new Uint8Array(readFileSync(fixture)), 'good.evtx')} />)
    expect(screen.getByText('An event log on its own does not name the tenant.')).toBeTruthy()
    expect(screen.queryByText(/in the archive/)).toBeNull()
  })
})
