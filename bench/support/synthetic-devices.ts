import type { DeviceRow } from '@core/repos/devices-repo'

/**
 * Deterministic, realistic-looking device rows for the SQL benchmarks (serial formats per OEM,
 * group tags, some assigned users and device names), without going through HTTP.
 */
const oems = [
  { manufacturer: 'Dell Inc.', model: 'Latitude 7440', serial: (n: number) => n.toString(36).toUpperCase().padStart(7, '0').slice(-7) },
  { manufacturer: 'HP', model: 'EliteBook 840 G10', serial: (n: number) => `5CG${n.toString(36).toUpperCase().padStart(7, '0').slice(-7)}` },
  { manufacturer: 'LENOVO', model: '21HD', serial: (n: number) => `PF${n.toString(36).toUpperCase().padStart(6, '0').slice(-6)}` },
  { manufacturer: 'Microsoft Corporation', model: 'Surface Laptop 6', serial: (n: number) => String(100_000_000_000 + n * 7).slice(-12) },
]
const tags = ['BENCH-LDN', 'BENCH-PAR', 'KIOSK-LDN', 'HYBRID-NYC', 'SALES-BER', '']
const first = ['anna', 'ben', 'carmen', 'david', 'elena', 'farid', 'grace', 'hannah', 'ivan', 'julia']
const last = ['anderson', 'brown', 'chen', 'dubois', 'evans', 'fischer', 'garcia', 'hughes']

/** A 32-bit mix so neighbouring indexes look unrelated. */
const mix = (i: number) => {
  let x = (i + 0x9e3779b9) | 0
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b)
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35)
  return (x ^ (x >>> 16)) >>> 0
}

export function syntheticDevice(i: number): DeviceRow {
  const h = mix(i)
  const oem = oems[h % oems.length]!
  const tag = tags[(h >>> 4) % tags.length]!
  const hasUser = (h >>> 8) % 3 === 0
  const user = `${first[(h >>> 10) % first.length]}.${last[(h >>> 14) % last.length]}${i % 997}@contoso.com`
  const serial = oem.serial(i * 2_654_435 + (h % 1000))
  return {
    id: `${h.toString(16).padStart(8, '0')}-${(i >>> 16).toString(16).padStart(4, '0')}-4${(i & 0xfff).toString(16).padStart(3, '0')}-8000-${i.toString(16).padStart(12, '0')}`,
    serialNumber: serial,
    manufacturer: oem.manufacturer,
    model: oem.model,
    groupTag: tag,
    purchaseOrder: `PO-${(h >>> 3) % 5000}`,
    userPrincipalName: hasUser ? user : '',
    addressableUserName: '',
    displayName: (h >>> 12) % 4 === 0 ? `${tag.slice(-3) || 'PC'}-${serial}`.slice(0, 15) : '',
    profileStatus: 'assigned',
    profileAssignmentStatus: 'assignedInSync',
    profileAssignedAt: '2026-01-01T00:00:00Z',
    enrollmentState: 'notContacted',
    remediationState: 'noRemediationRequired',
    profileId: '',
    userlessEnrollmentStatus: 'allowed',
    managedDeviceId: '',
    entraDeviceId: '',
    lastContactedAt: null,
  }
}
