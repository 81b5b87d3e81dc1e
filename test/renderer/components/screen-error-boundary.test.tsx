import { describe, expect, it, vi } from 'vitest'
import { fireEvent, render, screen } from '@testing-library/react'
import { ScreenErrorBoundary } from '@renderer/components/screen-error-boundary'

describe('ScreenErrorBoundary', () => {
  it('shows a friendly message and Reload remounts the screen', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    let broken = true
    function Flaky() {
      if (broken) throw new Error('kaboom')
      return <p>Screen content</p>
    }
    render(
      <ScreenErrorBoundary>
        <Flaky />
      </ScreenErrorBoundary>,
    )
    expect(screen.getByRole('heading', { name: 'This screen ran into a problem' })).toBeTruthy()
    expect(screen.getByText('kaboom')).toBeTruthy()
    broken = false
    fireEvent.click(screen.getByRole('button', { name: 'Reload' }))
    expect(screen.getByText('Screen content')).toBeTruthy()
    vi.restoreAllMocks()
  })
})
