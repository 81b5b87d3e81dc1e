import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { useFileDrop } from '@renderer/hooks/use-file-drop'

function Zone({ onFiles }: { onFiles: (files: FileList) => void }) {
  const { dragging, dropProps } = useFileDrop(onFiles)
  return (
    <div data-testid="zone" data-dragging={dragging} {...dropProps}>
      drop here
    </div>
  )
}

describe('useFileDrop', () => {
  it('marks the zone while files hover, hands the dropped files over and clears the mark', () => {
    const onFiles = vi.fn()
    render(<Zone onFiles={onFiles} />)
    const zone = screen.getByTestId('zone')
    const file = new File(['Device Serial Number'], 'hashes.csv')
    fireEvent.dragOver(zone)
    expect(zone.getAttribute('data-dragging')).toBe('true')
    fireEvent.dragLeave(zone)
    expect(zone.getAttribute('data-dragging')).toBe('false')
    fireEvent.dragOver(zone)
    fireEvent.drop(zone, { dataTransfer: { files: [file] } })
    expect(zone.getAttribute('data-dragging')).toBe('false')
    expect(onFiles).toHaveBeenCalledTimes(1)
    expect(Array.from(onFiles.mock.calls[0]![0] as ArrayLike<File>).map((f) => f.name)).toEqual(['hashes.csv'])
  })
})
