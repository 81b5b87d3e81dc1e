import type { DeviceCard } from '@shared/card-schemas'
import { previewDeviceName, validateDeviceName } from '@shared/domain'
import type { AppError } from '@shared/result'
import { deviceCardStrings as s } from '../../strings/device-card'
import { FieldEditor, type Shortcut } from './field-editor'
import { cardFieldIds } from './card-jumps'

const isTemplate = (value: string) => value.includes('%')

/**
 * The concrete name a typed value gives: itself, or — when the technician types a template
 * (%SERIAL%, %RAND:x%) — the template applied to this serial, with random digits drawn now.
 */
export function resolveDeviceName(value: string, serial: string): { name: string | null; errors: string[]; display: string } {
  if (!isTemplate(value)) {
    const check = validateDeviceName(value)
    return { name: check.valid ? value : null, errors: check.errors.map((e) => e.message), display: value }
  }
  const preview = previewDeviceName(value, serial, Math.random)
  return { name: preview.name, errors: preview.errors.map((e) => e.message), display: preview.display }
}

/** Device name: validated as Windows will (≤ 15 characters, letters/digits/hyphen, not all digits), with a preview. */
export function DeviceNameEditor({
  current,
  serial,
  card,
  waiting,
  onSave,
}: {
  current: string
  serial: string
  card: DeviceCard
  waiting?: boolean
  onSave(value: string): Promise<AppError | null>
}) {
  const shortcuts: Shortcut[] = []
  if (card.namePreview?.valid && card.namePreview.preview !== current) {
    shortcuts.push({ label: s.editors.useTemplate(card.namePreview.preview), value: card.namePreview.preview })
  }
  if (card.manifest?.displayName && card.manifest.displayName !== current) {
    shortcuts.push({ label: s.editors.useManifest(card.manifest.displayName), value: card.manifest.displayName })
  }
  // Validation without random digits drawn: a template's %RAND:x% shows as # until it is saved.
  const validate = (value: string) =>
    isTemplate(value) ? previewDeviceName(value, serial).errors.map((e) => e.message) : validateDeviceName(value).errors.map((e) => e.message)
  return (
    <div>
      <FieldEditor
        idPrefix={cardFieldIds.deviceName}
        draftKey={`${card.device.id}:device-name`}
        label={s.editors.deviceNameLabel}
        hint={s.editors.deviceNameHint}
        what={s.editors.deviceNameLabel}
        current={current}
        shortcuts={shortcuts}
        validate={validate}
        waiting={waiting}
        preview={(value) => (isTemplate(value) ? <p className="field-editor__preview">{s.editors.preview(previewDeviceName(value, serial).display)}</p> : null)}
        onSave={async (value) => {
          const resolved = resolveDeviceName(value, serial)
          return resolved.name ? onSave(resolved.name) : { code: 'invalid' as const, message: resolved.errors.join(' ') }
        }}
      />
      {card.namePreview ? (
        <p className="muted" data-testid="card-name-template">
          {s.editors.templatePreview(card.namePreview.template, card.namePreview.preview)}
          {card.namePreview.valid ? null : ` — ${card.namePreview.message}`}
          {/* The record's own valid name is the per-device fix for a template that doesn't fit this serial. */}
          {!card.namePreview.valid && current !== '' && validateDeviceName(current).valid ? ` ${s.editors.recordNameUsed(current)}` : null}
        </p>
      ) : null}
    </div>
  )
}
