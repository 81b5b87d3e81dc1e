import { describe, expect, it } from 'vitest'
import { groupTagChange, GROUP_TAG_POLICY_MAX } from '@shared/domain/group-tag-change'

const groups = [
  { groupName: 'Autopilot - BENCH-A', membership: 'member', rule: '(device.devicePhysicalIDs -any (_ -eq "[OrderID]:BENCH-A"))' },
  { groupName: 'All Autopilot', membership: 'member', rule: '(device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]"))' },
  { groupName: 'PO group', membership: 'member', rule: '(device.devicePhysicalIDs -any (_ -eq "[PurchaseOrderId]:PO-1"))' },
  { groupName: 'Other tag', membership: 'not-member', rule: '(device.devicePhysicalIDs -any (_ -eq "[OrderID]:BENCH-B"))' },
]
const base = { currentTag: 'BENCH-A', purchaseOrder: 'PO-1', groups, winner: { profileName: 'UD', groupName: 'Autopilot - BENCH-A' } }

describe('groupTagChange', () => {
  it('names only the [OrderID] groups the device leaves, and the profile that came through one', () => {
    expect(groupTagChange({ ...base, newTag: '' })).toMatchObject({ leaves: ['Autopilot - BENCH-A'], losesProfile: 'UD' })
    expect(groupTagChange({ ...base, newTag: 'BENCH-B' })).toMatchObject({ leaves: ['Autopilot - BENCH-A'], losesProfile: 'UD' })
  })
  it('the same tag, or a profile through another group, loses nothing / no profile', () => {
    expect(groupTagChange({ ...base, newTag: ' BENCH-A ' }).leaves).toEqual([])
    expect(groupTagChange({ ...base, newTag: 'X', winner: { profileName: 'UD', groupName: 'All Autopilot' } }).losesProfile).toBeNull()
  })
  it('with what the new tag brings known: the same profile through the new tag’s group is not lost; another or none is said', () => {
    const sameViaB = groupTagChange({ ...base, newTag: 'BENCH-B', winnerAfter: { profileName: 'UD', groupName: 'Autopilot - BENCH-B' } })
    expect(sameViaB).toMatchObject({ leaves: ['Autopilot - BENCH-A'], losesProfile: null, after: { profileName: 'UD', groupName: 'Autopilot - BENCH-B' } })
    expect(groupTagChange({ ...base, newTag: 'BENCH-C', winnerAfter: { profileName: 'Kiosk', groupName: 'Autopilot - BENCH-C' } })).toMatchObject({
      losesProfile: 'UD',
      after: { profileName: 'Kiosk' },
    })
    expect(groupTagChange({ ...base, newTag: 'NOWHERE', winnerAfter: null })).toMatchObject({ losesProfile: 'UD', after: null })
  })
  it('flags commas and quotes (CSV) and applies our own length policy', () => {
    expect(groupTagChange({ ...base, newTag: 'A,B' }).warnings.join(' ')).toMatch(/comma/)
    expect(groupTagChange({ ...base, newTag: 'A"B' }).warnings.join(' ')).toMatch(/Quotes/)
    expect(groupTagChange({ ...base, newTag: 'x'.repeat(GROUP_TAG_POLICY_MAX) }).errors).toEqual([])
    expect(groupTagChange({ ...base, newTag: 'x'.repeat(300) }).errors.join(' ')).toMatch(/our policy — Microsoft documents no limit/)
  })
})
