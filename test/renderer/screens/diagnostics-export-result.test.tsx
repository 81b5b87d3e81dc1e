import { describe, expect, it, vi } from 'vitest'
import { act, fireEvent, screen } from '@testing-library/react'
import { DiagnosticsScreen } from '@renderer/screens/diagnostics-screen'
import { createFakeApi, ok, type FakeHandlers } from '@support/renderer/fake-api'
import { renderWithStores } from '@support/renderer/render-with-stores'

const saved = ok({ fileName: 'autopilot-bench-diagnostics-device-PF1-x.zip', bytesBase64: btoa('PK'), bytes: 2048, deviceCount: 1, attemptCount: 1 })

function renderScreen(overrides: FakeHandlers = {}) {
  Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() })
  const api = createFakeApi(overrides)
  renderWithStores(<DiagnosticsScreen />, api)
  return api
}

/**
 * Export bundle pressed from the keyboard. The browser drops the focus of the button it disables to
 * <body>; jsdom keeps it there (and will not blur a disabled button), so the test lets it go first.
 */
async function exportFromKeyboard(finish: () => void) {
  const button = screen.getByRole('button', { name: 'Export bundle' })
  button.focus()
  button.blur()
  fireEvent.click(button)
  expect(button).toHaveProperty('disabled', true)
  expect(document.activeElement).toBe(document.body)
  await act(async () => finish())
}

describe('diagnostics export: the result', () => {
  it('takes the focus when the export ends, saved or not, so a keyboard user is not left on <body>', async () => {
    let finish: (value: typeof saved | { ok: false; error: { code: 'not-found'; message: string } }) => void = () => undefined
    renderScreen({ 'diagnostics:export-bundle': () => new Promise((resolve) => (finish = resolve)) })
    fireEvent.change(screen.getByLabelText('Serial number or device id'), { target: { value: 'PF1' } })
    await exportFromKeyboard(() => finish(saved))
    expect(document.activeElement).not.toBe(document.body)
    expect(document.activeElement?.contains(screen.getByTestId('diag-export-done'))).toBe(true)

    await exportFromKeyboard(() => finish({ ok: false, error: { code: 'not-found', message: 'No device PF1 in the cache.' } }))
    expect(document.activeElement?.contains(screen.getByRole('alert'))).toBe(true)
  })

  it('is cleared when the scope or what to export changes: no "Saved" of another device under the new form', async () => {
    renderScreen({
      'diagnostics:export-bundle': () => saved,
      'devices:find-by-serial': () => ok([]),
    })
    fireEvent.change(screen.getByLabelText('Serial number or device id'), { target: { value: 'PF1' } })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export bundle' })))
    expect(screen.getByTestId('diag-export-done').textContent).toContain('Saved autopilot-bench-diagnostics-device-PF1')
    fireEvent.change(screen.getByLabelText('Serial number or device id'), { target: { value: 'PF2' } })
    expect(screen.queryByTestId('diag-export-done')).toBeNull()

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Export bundle' })))
    expect(screen.getByTestId('diag-export-done')).toBeTruthy()
    fireEvent.click(screen.getByRole('radio', { name: 'One attempt' }))
    expect(screen.queryByTestId('diag-export-done')).toBeNull()
  })
})
