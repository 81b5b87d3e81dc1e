import type { ExplainProfileInput } from '@shared/domain/profile-assignment'
import { evaluateReadiness, type OnlineChecking, type ReadinessResult } from '@shared/domain/readiness'
import { readinessBadge } from '@shared/domain/readiness-badge'
import type { Citation } from '@shared/domain/citation'
import { previewDeviceName, validateDeviceNameTemplate } from '@shared/domain/device-name'
import type { ProfileExplanation } from '@shared/domain/profile-assignment'
import type { DeviceCard, DeviceDetails } from '@shared/card-schemas'
import { profileStatusSchema } from '@shared/device-schemas'
import type { CardFacts } from './card-facts'
import { explainFromFacts, explanationInputOf, readinessInputOf } from './readiness-input'

function detailsOf(facts: CardFacts): DeviceDetails {
  const d = facts.device
  const status = profileStatusSchema.safeParse(d.profile_status)
  return {
    id: d.id,
    serialNumber: d.serial_number,
    manufacturer: d.manufacturer,
    model: d.model,
    groupTag: d.group_tag,
    purchaseOrder: d.purchase_order,
    profileStatus: status.success ? status.data : 'unknown',
    profileId: d.profile_id || null,
    profileName: facts.profiles.find((p) => p.id === d.profile_id)?.display_name ?? null,
    profileAssignedAt: d.profile_assigned_at,
    userPrincipalName: d.user_principal_name,
    addressableUserName: d.addressable_user_name,
    displayName: d.display_name,
    enrollmentState: d.enrollment_state,
    userlessEnrollmentStatus: d.userless_enrollment_status,
    remediationState: d.remediation_state,
    managedDeviceId: d.managed_device_id,
    entraDeviceId: d.entra_device_id,
    intuneDevice: facts.linked.intune,
    entraDevice: facts.linked.entra,
    lastContactedAt: d.last_contacted_at,
    syncedAt: d.synced_at,
    pending: facts.pending,
  }
}

/**
 * The job's template, else the assigned profile's; null when neither sets one. The job's template only
 * when the manifest row names no device (device-name-target.ts): its name is the target otherwise, and
 * the card offers it as "Use manifest" rather than a template that does not apply.
 */
function namePreviewOf(facts: CardFacts): DeviceCard['namePreview'] {
  const profile = facts.profiles.find((p) => p.id === facts.device.profile_id)
  const jobTemplate = facts.manifest?.display_name.trim() ? '' : facts.job?.device_name_template.trim()
  const template = jobTemplate || profile?.device_name_template.trim() || ''
  if (!template) return null
  const check = validateDeviceNameTemplate(template)
  const preview = previewDeviceName(template, facts.device.serial_number)
  const problems = [...check.errors, ...preview.errors.filter((e) => !check.errors.some((c) => c.code === e.code))].map((e) => e.message)
  const notes = [
    ...(profile?.join_type === 'hybrid' ? ['Hybrid join ignores it: the domain join profile names the device.'] : []),
    ...(check.usesRandom ? ['# stands for a random digit.'] : []),
  ]
  return {
    template,
    preview: preview.display,
    valid: check.valid && preview.valid,
    message: [...problems, ...notes].join(' ') || `Gives '${preview.display}' for this serial.`,
  }
}

// The domain's citations are readonly; the wire schema's arrays are not.
const citationForWire = (citation: Citation) => ({ section: citation.section, pages: [...citation.pages] })
const readinessForWire = (result: ReadinessResult): DeviceCard['readiness'] => ({
  ...result,
  items: result.items.map((item) => ({ ...item, citation: citationForWire(item.citation) })),
  badge: readinessBadge(result),
})

/** The explanation as the wire carries it: a candidate's three-valued `applies` becomes 'unknown' for null. */
const explanationForWire = (explanation: ProfileExplanation): DeviceCard['explanation'] => ({
  ...explanation,
  citation: citationForWire(explanation.citation),
  candidates: explanation.candidates.map((c) => ({ ...c, applies: c.applies ?? 'unknown' })),
})

/** The explanation's input as the wire carries it (plain arrays; no knownMemberGroupIds, which the card never sets). */
const explanationInputForWire = (input: ExplainProfileInput): NonNullable<DeviceCard['explanationInput']> => ({
  device: { groupTag: input.device.groupTag, purchaseOrderId: input.device.purchaseOrderId ?? null, isAutopilotDevice: input.device.isAutopilotDevice ?? true },
  groups: [...input.groups],
  assignments: [...input.assignments],
  profiles: [...input.profiles],
})

/**
 * The card from the cache's facts: details, readiness, profile explanation and name preview.
 * `checking`: the online lookups under way (their rules say so instead of giving the cached answer).
 */
export function buildCard(facts: CardFacts, checking: OnlineChecking | null = null): DeviceCard {
  const explanation = explainFromFacts(facts)
  return {
    device: detailsOf(facts),
    readiness: readinessForWire(evaluateReadiness({ ...readinessInputOf(facts, explanation), checking })),
    explanation: explanationForWire(explanation),
    jobId: facts.job?.id ?? null,
    manifest: facts.manifest
      ? {
          userPrincipalName: facts.manifest.user_principal_name,
          addressableUserName: facts.manifest.addressable_user_name,
          displayName: facts.manifest.display_name,
        }
      : null,
    namePreview: namePreviewOf(facts),
    explanationInput: explanationInputForWire(explanationInputOf(facts)),
  }
}
