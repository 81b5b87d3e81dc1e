import type { ProfileListItem } from '@shared/card-schemas'
import type { ResponseOf } from '@shared/channels'
import { previewDeviceName, validateDeviceNameTemplate } from '@shared/domain/device-name'
import { groupTagChange } from '@shared/domain/group-tag-change'
import { jobChecksStrings as text } from '../../strings/job-checks'

/**
 * Warnings the job form shows beside its fields (they never block saving): a profile that can't
 * pre-provision (self-deploying, or "Allow pre-provisioned deployment" = No → 0x80180005), a group tag
 * with a comma or quote (CSV), and a name template checked against real serial numbers at the bench
 * (docs/reference/autopilot.md §1.5, §2.1, §5.2, §6.3).
 */
export function ProfileCheck({ profile }: { profile: ProfileListItem | null }) {
  if (!profile) return null
  const problems: string[] = []
  if (profile.deploymentMode === 'selfDeploying') problems.push(text.selfDeploying(profile.displayName))
  else if (profile.preprovisioningAllowed === false) problems.push(text.noPreprovisioning(profile.displayName))
  if (profile.deploymentMode === 'unknown' || profile.preprovisioningAllowed === null) problems.push(text.profileUnknown(profile.displayName))
  if (problems.length === 0) return null
  return (
    <div data-testid="job-profile-check">
      {problems.map((problem) => (
        <p key={problem} className="notice--error">
          <span aria-hidden="true">⚠ </span>
          {problem}
        </p>
      ))}
    </div>
  )
}

export function GroupTagCheck({ tag }: { tag: string }) {
  const change = groupTagChange({ currentTag: '', newTag: tag, purchaseOrder: '', groups: [], winner: null })
  const notes = [...change.errors, ...change.warnings]
  if (notes.length === 0) return null
  return (
    <div data-testid="job-tag-check">
      {notes.map((note) => (
        <p key={note} className="hint">
          <span aria-hidden="true">⚠ </span>
          {note}
        </p>
      ))}
    </div>
  )
}

/**
 * Where the group tag leads, from the same explanation as the device card's "Why this profile"
 * (jobs:check-group-tag): no profile, or not the job's expected one. A warning, not a refusal: a tenant may
 * get its group later.
 */
export function TagProfileCheck({ outcome, id }: { outcome: ResponseOf<'jobs:check-group-tag'>['outcome']; id: string }) {
  if (!outcome?.warning) return null
  return (
    <p className="notice--error" id={id} data-testid="job-tag-profile-check">
      <span aria-hidden="true">⚠ </span>
      {outcome.warning}
    </p>
  )
}

/** The template against the serial numbers really at the bench: one line per serial length that doesn't fit. */
export function TemplateSerialCheck({ template, serials }: { template: string; serials: readonly string[] }) {
  const trimmed = template.trim()
  if (trimmed === '' || !validateDeviceNameTemplate(trimmed).valid || serials.length === 0) return null
  const byLength = new Map<number, string>()
  for (const serial of serials) if (!byLength.has(serial.trim().length)) byLength.set(serial.trim().length, serial.trim())
  const misfits = [...byLength.values()].map((serial) => ({ serial, preview: previewDeviceName(trimmed, serial) })).filter((entry) => !entry.preview.valid)
  if (misfits.length === 0) return <p className="hint">{text.serialsFit(byLength.size, serials.length)}</p>
  return (
    <div data-testid="job-template-serials">
      {misfits.map(({ serial, preview }) => (
        <p key={serial} className="notice--error">
          <span aria-hidden="true">⚠ </span>
          {text.serialMisfit(serial, preview.display, preview.errors.map((e) => e.message).join(' '))}
        </p>
      ))}
    </div>
  )
}
