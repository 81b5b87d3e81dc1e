import { describe, expect, it, vi } from 'vitest'
import { fireEvent, render, screen } from '@testing-library/react'
import { NextActions } from '@renderer/components/bench/next-actions'
import { provisionPress } from '@renderer/components/bench/use-sim-drive'
import { createAttempt, replayAttempt, type AttemptState } from '@shared/domain/attempt'

function failedWith(code: string): AttemptState {
  const start = createAttempt({ id: 'a1', serialNumber: 'DSCB1', manufacturer: 'Acer', model: 'TravelMate', createdAt: '2026-01-01T10:00:00Z' })
  const result = replayAttempt(start, [
    { type: 'provision-pressed', at: '2026-01-01T10:01:00Z' },
    { type: 'failed', at: '2026-01-01T10:05:00Z', code },
  ])
  if (!result.ok) throw new Error(result.error.message)
  return result.state
}

describe('next steps after a failure', () => {
  it('asks before deleting the Intune device record, and only then chooses it', () => {
    const onChoose = vi.fn()
    render(<NextActions state={failedWith('0x80180014')} busy={false} onChoose={onChoose} />)
    fireEvent.click(screen.getByRole('button', { name: /^Delete the Intune device record/ }))
    expect(onChoose).not.toHaveBeenCalled()
    expect(screen.getByText(/This cannot be undone/)).toBeTruthy()
    const confirm = screen.getByRole('button', { name: 'Delete record' })
    expect(document.activeElement).toBe(confirm)
    fireEvent.click(confirm)
    expect(onChoose).toHaveBeenCalledWith('delete-record')
    expect(screen.queryByRole('button', { name: 'Delete record' })).toBeNull()
  })

  it('Esc or Cancel drops the question without choosing anything', () => {
    const onChoose = vi.fn()
    render(<NextActions state={failedWith('0x80180014')} busy={false} onChoose={onChoose} />)
    fireEvent.click(screen.getByRole('button', { name: /^Delete the Intune device record/ }))
    fireEvent.keyDown(screen.getByRole('button', { name: 'Delete record' }), { key: 'Escape' })
    expect(screen.queryByRole('button', { name: 'Delete record' })).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: /^Delete the Intune device record/ }))
    fireEvent.click(screen.getByRole('button', { name: 'Cancel (Esc)' }))
    expect(onChoose).not.toHaveBeenCalled()
  })

  it('chooses Retry at once (nothing to undo)', () => {
    const onChoose = vi.fn()
    render(<NextActions state={failedWith('0x81039001')} busy={false} onChoose={onChoose} />)
    fireEvent.click(screen.getByRole('button', { name: 'Retry (on the device) (recommended)' }))
    expect(onChoose).toHaveBeenCalledWith('retry')
  })
})

describe('the simulated button P presses', () => {
  it('is Provision on Windows 10, Next on Windows 11, Retry on the failure screen', () => {
    expect(provisionPress({ screen: 'preprovision', actions: ['refresh', 'provision'] })).toBe('provision')
    expect(provisionPress({ screen: 'preprovision', actions: ['refresh', 'next'] })).toBe('next')
    expect(provisionPress({ screen: 'failed', actions: ['retry', 'reset'] })).toBe('retry')
    // Any other screen: nothing (the caller says why).
    expect(provisionPress({ screen: 'off', actions: ['power-on'] })).toBeNull()
    // The red "no profile" pre-provisioning screen has no way on.
    expect(provisionPress({ screen: 'preprovision', actions: ['refresh'] })).toBeNull()
  })

  it('is nothing on "What would you like to do?", whose Next only leads to the pre-provisioning screen', () => {
    expect(provisionPress({ screen: 'whatToDo', actions: ['next', 'back'] })).toBeNull()
  })
})
