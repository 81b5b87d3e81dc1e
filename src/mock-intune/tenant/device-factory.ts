import type { TenantConfig } from '../config/tenant-config'
import type { DeviceRecord } from '../model/device-record'
import type { DeploymentProfile } from '../model/profile'
import { ZERO_GUID } from './guid'
import { HARDWARE } from './hardware-catalog'
import { FIRST_NAMES, LAST_NAMES, upnPart } from './people'
import { hash32, pick, pickWeighted, randomStream, type Random } from './prng'
import type { BlockSlot } from './serial-layout'
import type { GroupTagRule, TenantCatalog } from './tenant-catalog'
import { ANCHOR_MS, generateStatus } from './device-status'

const SALT_DEVICE = 0xde71ce
const SALT_BATCH = 0xba7c4
/** Devices are bought in batches of consecutive serials that share model, purchase order and site. */
const BATCH_SIZE = 40

export interface DeviceKey {
  index: number
  serialNumber: string
  id: string
  slot: BlockSlot
  /** Entra deviceId (= azureAdDeviceId), Entra object id and the Intune managedDevice id, all index-derived. */
  entraDeviceId: string
  entraObjectId: string
  /** Computed only for enrolled devices. */
  managedDeviceId: () => string
}

export interface FactoryContext {
  seedLo: number
  seedHi: number
  catalog: TenantCatalog
  /** The generated (baseline) targeting configuration, never mutated. */
  baseline: TenantConfig
  profiles: ReadonlyMap<string, DeploymentProfile>
  /** Every profile id except the given one (for a stale, out-of-sync assignment). */
  othersThan: (profileId: string | null) => readonly string[]
}

function batchTraits(ctx: FactoryContext, slot: BlockSlot) {
  const random = randomStream(hash32(ctx.seedLo, ctx.seedHi, slot.blockIndex, Math.floor(slot.local / BATCH_SIZE), SALT_BATCH))
  const rule = pickWeighted(
    random,
    ctx.catalog.groupTags.map((r) => [r, r.weight] as const),
  )
  const roll = random()
  // A few batches share the purchase order a [PurchaseOrderId] dynamic group targets.
  const order = roll < 0.04 ? ctx.catalog.focusPurchaseOrder : roll < 0.85 ? `PO-${100000 + Math.floor(random() * 900000)}` : ''
  return { rule, order, modelRoll: random() }
}

const FIRST_PARTS = new Map(FIRST_NAMES.map((n) => [n, upnPart(n)]))
const LAST_PARTS = new Map(LAST_NAMES.map((n) => [n, upnPart(n)]))

function userFor(random: Random, rule: GroupTagRule, domain: string): { upn: string; name: string } {
  if (!rule.userDriven || random() >= 0.4) return { upn: '', name: '' }
  const first = pick(random, FIRST_NAMES)
  const last = pick(random, LAST_NAMES)
  return { upn: `${FIRST_PARTS.get(first) ?? ''}.${LAST_PARTS.get(last) ?? ''}@${domain}`, name: `${first} ${last}` }
}

/** Device name to apply: ≤15 chars, site + serial tail, e.g. "LDN-PF3ABCDE"; most devices have none. */
function displayNameFor(random: Random, rule: GroupTagRule, serial: string): string {
  if (random() >= 0.3) return ''
  const tail = serial.replace(/-/g, '').slice(-8)
  return rule.tag.startsWith('KIOSK-') ? `KSK-${rule.site}-${tail.slice(-4)}` : `${rule.site}-${tail}`
}

export function buildDevice(key: DeviceKey, ctx: FactoryContext): DeviceRecord {
  const random = randomStream(hash32(ctx.seedLo, ctx.seedHi, key.index, SALT_DEVICE))
  const batch = batchTraits(ctx, key.slot)
  const rule =
    random() < 0.9
      ? batch.rule
      : pickWeighted(
          random,
          ctx.catalog.groupTags.map((r) => [r, r.weight] as const),
        )
  const family = HARDWARE[key.slot.block.family]
  const modelRoll = random() < 0.9 ? batch.modelRoll : random()
  const hardware = family.models[Math.floor(modelRoll * family.models.length)] ?? family.models[0]
  const facts = { ztdId: key.id, groupTag: rule.tag, purchaseOrder: batch.order, entraObjectId: key.entraObjectId }
  const targetId = ctx.baseline.baselineProfileFor(facts)
  const intended = targetId === null ? null : (ctx.profiles.get(targetId) ?? null)
  const staleRoll = random()
  const others = ctx.othersThan(targetId)
  const stale = others[Math.floor(staleRoll * others.length)] ?? null
  const status = generateStatus(random, intended, stale, key.slot.block.family === 'virtualMachine')
  const user = userFor(random, rule, ctx.catalog.defaultDomain)
  const enrolled = status.enrollmentState !== 'notContacted' && status.enrollmentState !== 'unknown'
  const registeredAt = ANCHOR_MS - Math.floor((200 + random() * 900) * 86_400_000)
  return {
    identity: {
      id: key.id,
      deploymentProfileAssignmentStatus: status.deploymentProfileAssignmentStatus,
      deploymentProfileAssignmentDetailedStatus: status.deploymentProfileAssignmentDetailedStatus,
      deploymentProfileAssignedDateTime: status.assignedAt,
      groupTag: rule.tag,
      purchaseOrderIdentifier: batch.order,
      serialNumber: key.serialNumber,
      productKey: '',
      manufacturer: family.manufacturer,
      model: hardware.model,
      enrollmentState: status.enrollmentState,
      lastContactedDateTime: status.lastContactedAt,
      addressableUserName: user.name,
      userPrincipalName: user.upn,
      resourceName: '',
      skuNumber: hardware.skuNumber,
      systemFamily: hardware.systemFamily,
      azureActiveDirectoryDeviceId: key.entraDeviceId,
      azureAdDeviceId: key.entraDeviceId,
      managedDeviceId: enrolled ? key.managedDeviceId() : ZERO_GUID,
      displayName: displayNameFor(random, rule, key.serialNumber),
      deviceAccountUpn: null,
      deviceAccountPassword: null,
      deviceFriendlyName: null,
      remediationState: status.remediationState,
      remediationStateLastModifiedDateTime: status.remediationChangedAt,
      userlessEnrollmentStatus: status.userlessEnrollmentStatus,
    },
    deploymentProfileId: status.deploymentProfileId,
    assignment: { target: targetId, since: null, previous: null },
    index: key.index,
    entraObjectId: key.entraObjectId,
    enrolledVia: status.enrolledVia,
    unblocked: false,
    writtenAt: 0,
    registeredAt,
  }
}
