import { describe, expect, it } from 'vitest'
import { unblockNeed, type UnblockFacts } from '@shared/domain/unblock-need'

const fujitsu = (facts: Partial<UnblockFacts>): UnblockFacts => ({
  userlessEnrollmentStatus: 'allowed',
  enrollmentState: 'notContacted',
  managedDeviceId: '00000000-0000-0000-0000-000000000000',
  manufacturer: 'FUJITSU CLIENT COMPUTING LIMITED',
  model: 'LIFEBOOK U7413',
  ...facts,
})

describe('Unblock device: is there anything to unblock (what Intune reports)', () => {
  it('Intune reports the next userless enrollment blocked: blocked, whoever made it', () => {
    expect(unblockNeed(fujitsu({ userlessEnrollmentStatus: 'blocked' })).kind).toBe('blocked')
    expect(unblockNeed(fujitsu({ userlessEnrollmentStatus: 'blocked', manufacturer: 'Dell Inc.', model: 'Latitude 5550' })).kind).toBe('blocked')
  })

  it('never enrolled and not blocked: nothing to unblock, in words', () => {
    const need = unblockNeed(fujitsu({ userlessEnrollmentStatus: 'unknown' }))
    expect(need.kind).toBe('nothing-to-unblock')
    expect(need.reason).toBe(
      'Nothing to unblock: Intune does not report this device as blocked (userless enrollment status Unknown), and it never enrolled (enrollment state Not contacted, no Intune device record), so the one-time pre-provisioning limit does not apply.',
    )
  })

  it('re-used (enrolled before, or an Intune record) and not among the OEMs that re-enroll automatically: the one-time limit applies', () => {
    expect(unblockNeed(fujitsu({ enrollmentState: 'enrolled', managedDeviceId: 'md-1' })).kind).toBe('one-time-limit')
    expect(unblockNeed(fujitsu({ enrollmentState: 'notContacted', managedDeviceId: 'md-1' })).kind).toBe('one-time-limit')
    expect(unblockNeed(fujitsu({ enrollmentState: 'pendingReset', manufacturer: '' })).reason).toContain('its manufacturer is unknown')
  })

  it('re-used Surface or Dell not reported blocked: nothing to unblock, they re-enroll automatically', () => {
    const need = unblockNeed(
      fujitsu({ enrollmentState: 'enrolled', managedDeviceId: 'md-1', manufacturer: 'Microsoft Corporation', model: 'Surface Laptop 5' }),
    )
    expect(need.kind).toBe('nothing-to-unblock')
    expect(need.reason).toContain('Microsoft Surface devices re-enroll automatically')
  })
})
