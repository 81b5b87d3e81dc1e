import { describe, expect, it } from 'vitest'
import { render } from '@testing-library/react'
import { PendingMarker } from '@renderer/components/pending-value'

describe('PendingMarker', () => {
  it('says why the last try failed in the sentence the Changes screen uses, not Intune’s raw text', () => {
    const raw =
      'Intune answered 500 InternalServerError: {"_version":3,"Message":"An error has occurred - Operation ID (for customer support): 0 - Activity ID: 7c9e6679 - Url: https://fef.example/x"}'
    const { container } = render(<PendingMarker state="pending" tooltip="Intune shows: (none)." reason={raw} />)
    const marker = container.querySelector<HTMLElement>('.pending-marker')!
    expect(marker.querySelector('.pending-marker__reason')!.textContent).toContain('Intune had an internal error (HTTP 500).')
    expect(marker.textContent).not.toMatch(/Activity ID|fef\.example|_version/)
    expect(marker.title).not.toMatch(/Activity ID|fef\.example/)
  })
})
