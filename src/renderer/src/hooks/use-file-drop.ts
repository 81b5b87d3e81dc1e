import { useState, type DragEvent } from 'react'

/**
 * A drop zone's drag state and handlers: `dragging` while files hover over it, and the dropped files
 * handed to `onFiles`. FileDropArea (the Register devices and Diagnostics drop zones) uses it.
 */
export function useFileDrop(onFiles: (files: FileList) => void) {
  const [dragging, setDragging] = useState(false)
  const dropProps = {
    onDragOver: (event: DragEvent) => {
      event.preventDefault()
      setDragging(true)
    },
    onDragLeave: () => setDragging(false),
    onDrop: (event: DragEvent) => {
      event.preventDefault()
      setDragging(false)
      onFiles(event.dataTransfer.files)
    },
  }
  return { dragging, dropProps }
}
