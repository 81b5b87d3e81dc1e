import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { FailureCodeField } from '@renderer/components/bench/failure-code-field'
import { FailureExplanation } from '@renderer/components/bench/failure-explanation'
import { createAttempt, failureNote, replayAttempt } from '@shared/domain/attempt'

/** A 0x800705B4 failure on `model`, as the recorder holds it. */
function timeoutOn(model: string) {
  const initial = createAttempt({ id: 'a1', serialNumber: 'PF3ABC', manufacturer: 'Dell Inc.', model, createdAt: '2026-12-07T09:00:00.000Z' })
  const result = replayAttempt(initial, [
    { type: 'provision-pressed', at: '2026-12-07T09:00:00.000Z' },
    { type: 'failed', at: '2026-12-07T09:20:00.000Z', code: '0x800705B4' },
  ])
  if (!result.ok) throw new Error(result.error.message)
  return result.state
}

describe('failure explanation', () => {
  it("says this device's own case first: a timeout on a model that is not a virtual machine, beside the Retry it recommends", () => {
    const state = timeoutOn('Latitude 5440')
    render(<FailureExplanation input={state.outcome?.kind === 'failure' ? state.outcome.input : null} note={failureNote(state)} />)
    const note = screen.getByTestId('failure-note')
    expect(note.textContent).toMatch(/^Latitude 5440 is not a Hyper-V virtual machine/)
    // Before the code's own explanation (its first step says not to pre-provision the device).
    expect(note.compareDocumentPosition(screen.getByText(/Don't pre-provision this device/)) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
  })

  it('adds nothing on a virtual machine', () => {
    const state = timeoutOn('Virtual Machine')
    render(<FailureExplanation input="0x800705B4" note={failureNote(state)} />)
    expect(screen.queryByTestId('failure-note')).toBeNull()
  })
})

describe('the phase the screen showed the failure in', () => {
  it('0x800705B4 during Device setup (Apps) is explained as the ESP time limit, not as a virtual machine', () => {
    render(<FailureExplanation input="0x800705B4" during="device-setup" />)
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe(
      "0x800705B4 — Timeout: installation took longer than the Enrollment Status Page's time limit",
    )
    expect(screen.getByText(/screen showed it during Device setup \(Apps\)/)).toBeTruthy()
    expect(screen.queryByText(/Don't pre-provision this device/)).toBeNull()
    expect(screen.getByText(/raise "Show an error when installation takes longer than specified number of minutes"/)).toBeTruthy()
  })

  it('the code field takes the phase (picked, then Enter saves) and shows a pre-filled one', () => {
    const onSave = vi.fn()
    const { unmount } = render(<FailureCodeField serial="PF4SER1X" initial="0x800705B4" onSave={onSave} onCancel={() => {}} />)
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Not known' }).checked).toBe(true)
    const apps = screen.getByRole('radio', { name: 'Device setup (Apps)' })
    fireEvent.click(apps)
    fireEvent.keyDown(apps, { key: 'Enter' })
    expect(onSave).toHaveBeenLastCalledWith('0x800705B4', 'device-setup')
    unmount()
    render(<FailureCodeField serial="PF4SER1X" initial="0x800705B4" initialDuring="device-setup" onSave={onSave} onCancel={() => {}} />)
    // The suggestion reads the code in the phase picked, not as the virtual machine beside it.
    expect(screen.getByRole('option').textContent).toBe("0x800705B4 — Timeout: installation took longer than the Enrollment Status Page's time limit")
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Device setup (Apps)' }).checked).toBe(true)
    fireEvent.keyDown(screen.getByRole('combobox'), { key: 'Enter' })
    expect(onSave).toHaveBeenLastCalledWith('0x800705B4', 'device-setup')
  })
})
