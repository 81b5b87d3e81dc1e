import { act, fireEvent, screen } from '@testing-library/react'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { OpenPanel } from '@renderer/components/diagnostics/open-panel'
import { openArchive } from '@core/diagnostics/open-archive'
import { createFakeApi } from '@support/renderer/fake-api'
import { renderWithStores } from '@support/renderer/render-with-stores'

/** A file that cannot be opened says which file, its size and what to do — not the catalogue's "Correct it and try again". */
describe('Review a bundle offline: why a file did not open', () => {
  async function choose(file: File) {
    await act(async () => {
      fireEvent.change(screen.getByTestId('diag-open-input'), { target: { files: [file] } })
    })
  }

  it('a file over 200 MB: its name, its size, and to ask for a bundle of one device or attempt', async () => {
    renderWithStores(<OpenPanel onOpened={() => undefined} />, createFakeApi())
    const big = new File([new Uint8Array(10)], 'day-bundle.zip')
    Object.defineProperty(big, 'size', { value: 210 * 1024 * 1024 })
    await choose(big)
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toMatch(/day-bundle\.zip is 210 MB, larger than the 200 MB this review opens/)
    expect(alert.textContent).toMatch(/a bundle of one device or one attempt instead of a whole day or job/)
    expect(alert.textContent).not.toMatch(/Correct it and try again|Detail:/)
  })

  it('a truncated bundle: its name, its size, cut short, and to copy it again in full or export it again', async () => {
    const bundle = zipSync({ 'manifest.json': strToU8(JSON.stringify({ app: 'autopilot-bench' })), 'app-log.jsonl': strToU8('x'.repeat(50_000)) })
    const cut = bundle.subarray(0, Math.floor(bundle.length / 2))
    let message = ''
    try {
      openArchive(cut, 'bundle.zip')
    } catch (error) {
      message = (error as Error).message
    }
    renderWithStores(
      <OpenPanel onOpened={() => undefined} />,
      createFakeApi({ 'diagnostics:open-archive': () => ({ ok: false as const, error: { code: 'invalid' as const, message } }) }),
    )
    await choose(new File([cut], 'bundle.zip'))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toMatch(/bundle\.zip \(\d+ bytes\) is a damaged or incomplete ZIP: it ends without the end-of-archive record .* cut short/)
    expect(alert.textContent).toMatch(/Copy it again in full .* or export the bundle again/)
    expect(alert.textContent).not.toMatch(/Correct it and try again|Detail:/)
  })
})
