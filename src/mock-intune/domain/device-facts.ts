import { physicalIdsFor } from '../config/membership-rule'
import type { DeviceRecord } from '../model/device-record'
import { isHybrid } from '../model/profile'
import type { MockState } from '../mock-state'
import { ZERO_GUID } from '../tenant/guid'
import { hash32 } from '../tenant/prng'

/**
 * Facts about a device that several resources share: its Windows version, its computer name once
 * enrolled, its Entra physical ids and join type. Derived from the seed and the record, so lazily
 * generated devices need nothing stored.
 */
export interface WindowsVersion {
  /** 'Windows 11' or 'Windows 10' — decides the pre-provisioning screens' wording (§3.2). */
  name: 'Windows 11' | 'Windows 10'
  version: string
}

const idHash = (id: string): number =>
  hash32(
    ...id
      .replace(/-/g, '')
      .match(/.{8}/g)!
      .map((part) => Number.parseInt(part, 16)),
  )

/** About 30% of the bench still runs Windows 10 22H2 (mock choice); virtual machines run Windows 11. */
export function windowsOf(state: MockState, record: DeviceRecord): WindowsVersion {
  const roll = state.roll(0x05, idHash(record.identity.id)) * 100
  const build = 1000 + Math.floor(state.roll(0x06, idHash(record.identity.id)) * 4000)
  if (roll < 30 && record.identity.model !== 'Virtual Machine') return { name: 'Windows 10', version: `10.0.19045.${build}` }
  return { name: 'Windows 11', version: `10.0.26100.${build}` }
}

/** The computer name an enrolled device has (what managedDevices.deviceName and Entra's displayName show). */
export function deviceNameOf(state: MockState, record: DeviceRecord): string {
  const extra = state.managedExtras.get(record.identity.managedDeviceId)
  if (extra) return extra.deviceName
  if (record.identity.displayName !== '') return record.identity.displayName
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'
  let h = idHash(record.identity.id)
  let name = 'DESKTOP-'
  for (let i = 0; i < 7; i++) {
    name += alphabet.charAt(h % alphabet.length)
    h = hash32(h, i)
  }
  return name
}

export const isEnrolled = (record: DeviceRecord): boolean => record.identity.managedDeviceId !== ZERO_GUID

export function physicalIdsOf(record: DeviceRecord): string[] {
  const ids = physicalIdsFor({ ztdId: record.identity.id, groupTag: record.identity.groupTag, purchaseOrder: record.identity.purchaseOrderIdentifier })
  ids.push(`[HWID]:h:${(idHash(record.identity.id) >>> 0).toString(16).padStart(8, '0')}${record.identity.id.replace(/-/g, '').slice(0, 24)}`)
  return ids
}

/** Whether the device's assigned profile joins it to on-premises AD (hybrid). */
export function joinsHybrid(state: MockState, record: DeviceRecord): boolean {
  const profileId = state.present(record).deploymentProfile?.id
  const profile = profileId === undefined ? undefined : state.config.profiles.get(profileId)
  return profile !== undefined && isHybrid(profile)
}
