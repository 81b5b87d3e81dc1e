import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
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
