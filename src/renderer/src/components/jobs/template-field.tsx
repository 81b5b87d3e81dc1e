import { previewDeviceName, validateDeviceNameTemplate } from '@shared/domain/device-name'
import { jobsStrings } from '../../strings/bench'

const text = jobsStrings.form
/** A made-up serial for the preview (the real one differs per device). */
const exampleSerial = 'PF3ABCDE'

/** Errors of a template as the technician types it; null when it is empty (a job needs none). */
export function templateErrors(template: string): string[] | null {
  const trimmed = template.trim()
  return trimmed === '' ? null : validateDeviceNameTemplate(trimmed).errors.map((issue) => issue.message)
}

/** The device-name template input, validated as typed (docs/reference/autopilot.md §1.5), with a preview. */
export function TemplateField({ id, value, onChange }: { id: string; value: string; onChange(value: string): void }) {
  const trimmed = value.trim()
  const validation = trimmed === '' ? null : validateDeviceNameTemplate(trimmed)
  return (
    <>
      <label htmlFor={id}>{text.template}</label>
      <input
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={validation ? !validation.valid : false}
        aria-describedby={`${id}-hint ${id}-check`}
        spellCheck={false}
        maxLength={64}
      />
      <p id={`${id}-hint`} className="hint">
        {text.templateHint}
      </p>
      <div id={`${id}-check`} data-testid="template-check">
        {validation?.errors.map((issue) => (
          <p key={issue.message} className="notice--error">
            <span aria-hidden="true">✕ </span>
            {issue.message}
          </p>
        ))}
        {validation?.valid ? <p>{text.preview(previewDeviceName(trimmed, exampleSerial).display)}</p> : null}
        {validation?.warnings.map((issue) => (
          <p key={issue.message} className="hint">
            <span aria-hidden="true">⚠ </span>
            {issue.message}
          </p>
        ))}
      </div>
    </>
  )
}
