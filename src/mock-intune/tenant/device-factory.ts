import { ZERO_GUID, randomGuid } from './guid'
import { HARDWARE } from './hardware-catalog'
import type { DeviceRecord } from '../model/device-record'
import { FIRST_NAMES, LAST_NAMES, upnPart } from './people'
import { hash32, pick, pickWeighted, randomInt, randomStream, type Random } from './prng'
import type { BlockSlot } from './serial-layout'
import type { GroupTagRule, TenantCatalog } from './tenant-catalog'
import { generateStatus } from './device-status'

const SALT_DEVICE = 0xde71ce
const SALT_BATCH = 0xba7c4
/** Devices are bought in batches of consecutive serials that share model, purchase order and site. */
const BATCH_SIZE = 40

export interface DeviceKey {
  index: number
  serialNumber: string
  id: string
  slot: BlockSlot
}

function batchTraits(seedLo: number, seedHi: number, slot: BlockSlot, catalog: TenantCatalog) {
  const random = randomStream(hash32(seedLo, seedHi, slot.blockIndex, Math.floor(slot.local / BATCH_SIZE), SALT_BATCH))
  const rule = pickWeighted(random, catalog.groupTags.map((r) => [r, r.weight] as const))
  const order = random() < 0.85 ? `PO-${100000 + randomInt(random, 900000)}` : ''
  return { rule, order, modelRoll: random() }
}

function userFor(random: Random, rule: GroupTagRule, domain: string): { upn: string; name: string } {
  if (!rule.userDriven || random() >= 0.4) return { upn: '', name: '' }
  const first = pick(random, FIRST_NAMES)
  const last = pick(random, LAST_NAMES)
  return { upn: `${upnPart(first)}.${upnPart(last)}@${domain}`, name: `${first} ${last}` }
}

/** Device name to apply: ≤15 chars, site + serial tail, e.g. "LDN-PF3ABCDE"; most devices have none. */
function displayNameFor(random: Random, rule: GroupTagRule, serial: string): string {
  if (random() >= 0.3) return ''
  const tail = serial.replace(/-/g, '').slice(-8)
  return rule.tag.startsWith('KIOSK-') ? `KSK-${rule.site}-${tail.slice(-4)}` : `${rule.site}-${tail}`
}

export function buildDevice(key: DeviceKey, seedLo: number, seedHi: number, catalog: TenantCatalog): DeviceRecord {
  const random = randomStream(hash32(seedLo, seedHi, key.index, SALT_DEVICE))
  const batch = batchTraits(seedLo, seedHi, key.slot, catalog)
  const rule = random() < 0.9 ? batch.rule : pickWeighted(random, catalog.groupTags.map((r) => [r, r.weight] as const))
  const family = HARDWARE[key.slot.block.family]
  const modelRoll = random() < 0.9 ? batch.modelRoll : random()
  const hardware = family.models[Math.floor(modelRoll * family.models.length)] ?? family.models[0]
  const status = generateStatus(random, rule.profile, catalog.profiles)
  const user = userFor(random, rule, catalog.defaultDomain)
  const entraId = randomGuid(random)
  const enrolled = status.enrollmentState !== 'notContacted'
  const managedDeviceId = enrolled ? randomGuid(random) : ZERO_GUID
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
      azureActiveDirectoryDeviceId: entraId,
      azureAdDeviceId: entraId,
      managedDeviceId,
      displayName: displayNameFor(random, rule, key.serialNumber),
      deviceAccountUpn: null,
      deviceAccountPassword: null,
      deviceFriendlyName: null,
      remediationState: status.remediationState,
      remediationStateLastModifiedDateTime: status.remediationChangedAt,
      userlessEnrollmentStatus: status.userlessEnrollmentStatus,
    },
    deploymentProfile: status.deploymentProfile,
    intendedDeploymentProfile: rule.profile,
  }
}
