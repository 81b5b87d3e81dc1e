import { useRef } from 'react'
import { useFileDrop } from '../hooks/use-file-drop'
import './file-drop-area.css'

/**
 * A dashed drop area with a "choose file" button over a hidden file input: the Register devices and
 * Diagnostics screens' way in for files. Picked or dropped files go to `onFiles`; the input is
 * cleared afterwards so the same file can be picked again.
 */
export function FileDropArea({
  help,
  choose,
  dropHere,
  accept,
  multiple = false,
  disabled = false,
  testId,
  inputTestId,
  autoFocus = false,
  onFiles,
}: {
  help: string
  choose: string
  /** Shown while files hover over the area. */
  dropHere: string
  accept: string
  multiple?: boolean
  disabled?: boolean
  testId: string
  inputTestId: string
  /** Focus the chooser when it appears (coming back from what it opened). */
  autoFocus?: boolean
  onFiles: (files: File[]) => void
}) {
  const input = useRef<HTMLInputElement>(null)
  const take = (list: FileList | null | undefined) => {
    const files = list ? Array.from(list) : []
    if (files.length > 0) onFiles(files)
    if (input.current) input.current.value = ''
  }
  const { dragging, dropProps } = useFileDrop(take)
  return (
    <div className={`file-drop${dragging ? ' file-drop--active' : ''}`} {...dropProps} data-testid={testId}>
      <p className="muted">{help}</p>
      <label className="button">
        {choose}
        <input
          ref={input}
          type="file"
          multiple={multiple}
          accept={accept}
          className="visually-hidden"
          disabled={disabled}
          autoFocus={autoFocus}
          onChange={(event) => take(event.target.files)}
          data-testid={inputTestId}
        />
      </label>
      <span aria-hidden="true">{dragging ? ` ${dropHere}` : ''}</span>
    </div>
  )
}
