import { jobsStrings } from '../../strings/bench'

/** A manifest CSV's refused lines, "Line 3: why": the same list before an import (the diff) and after it. */
export function ManifestLineErrors({ errors }: { errors: ReadonlyArray<{ line: number; message: string }> }) {
  return (
    <ul>
      {errors.map((error) => (
        <li key={`${error.line}-${error.message}`}>
          <span aria-hidden="true">✕ </span>
          {jobsStrings.manifest.line(error.line)}: {error.message}
        </li>
      ))}
    </ul>
  )
}
