import { matchesDeviceNameTemplate, previewDeviceName, validateDeviceNameTemplate } from './device-name'

/**
 * The device name a job wants on one device. The manifest row's device name is the target when it has
 * one; the job's device-name template applies only when the manifest gives none. One function, so the
 * readiness check, the card's name shortcuts and Pre-stage never disagree (a walk found the readiness
 * check asking for 'FAB-<serial>' on a device already named as its manifest row says).
 */
export type DeviceNameTarget =
  | { source: 'manifest'; name: string }
  /** `name` is the template's preview: `#` for each random digit (`random`), drawn only when it is set. */
  | { source: 'template'; template: string; name: string; random: boolean }

export function targetDeviceName(input: { manifestName?: string | null; jobTemplate?: string | null; serial: string }): DeviceNameTarget | null {
  const manifestName = input.manifestName?.trim() ?? ''
  if (manifestName !== '') return { source: 'manifest', name: manifestName }
  const template = input.jobTemplate?.trim() ?? ''
  if (template === '') return null
  const check = validateDeviceNameTemplate(template)
  const preview = previewDeviceName(template, input.serial)
  if (!check.valid || !preview.valid) return null
  return { source: 'template', template, name: preview.display, random: check.usesRandom }
}

/** Whether a device name is the target (Windows computer names ignore letter case; a random digit matches any digit). */
export function isTargetName(name: string, target: DeviceNameTarget, serial: string): boolean {
  const trimmed = name.trim()
  if (trimmed === '') return false
  return target.source === 'manifest'
    ? trimmed.toLowerCase() === target.name.toLowerCase()
    : matchesDeviceNameTemplate(trimmed, target.template, serial) === true
}
