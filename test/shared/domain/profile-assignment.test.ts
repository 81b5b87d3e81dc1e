import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { evaluateRule, parseMembershipRule, ruleValues, type KnownPhysicalIds } from '@shared/domain/membership-rule'
import {
  explainProfileAssignment,
  type DeviceGroup,
  type ExplainProfileInput,
  type ProfileAssignment,
  type ProfileSummary,
} from '@shared/domain/profile-assignment'

const ids = (groupTag: string, purchaseOrderId = '', isAutopilotDevice = true): KnownPhysicalIds => ({ groupTag, purchaseOrderId, isAutopilotDevice })
function evaluate(rule: string, device: KnownPhysicalIds): boolean | null {
  const parsed = parseMembershipRule(rule)
  if (!parsed.ok) throw new Error(parsed.error)
  return evaluateRule(parsed.rule, device)
}
const tagRule = (tag: string): string => `(device.devicePhysicalIds -any (_ -eq "[OrderID]:${tag}"))`

describe('membership rules (the reference’s examples)', () => {
  it('group tag: (device.devicePhysicalIDs -any (_ -eq "[OrderID]:179887111881"))', () => {
    const rule = '(device.devicePhysicalIDs -any (_ -eq "[OrderID]:179887111881"))'
    expect(evaluate(rule, ids('179887111881'))).toBe(true)
    expect(evaluate(rule, ids('179887111882'))).toBe(false)
    expect(evaluate(rule, ids(''))).toBe(false)
  })

  it('purchase order: [PurchaseOrderId]', () => {
    const rule = '(device.devicePhysicalIDs -any (_ -eq "[PurchaseOrderId]:76222342342"))'
    expect(evaluate(rule, ids('X', '76222342342'))).toBe(true)
    expect(evaluate(rule, ids('76222342342', ''))).toBe(false)
  })

  it('every Autopilot device: -startsWith "[ZTDid]"', () => {
    const rule = '(device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]"))'
    expect(evaluate(rule, ids(''))).toBe(true)
    expect(evaluate(rule, ids('', '', false))).toBe(false)
    expect(evaluate('(device.devicePhysicalIds -any (_ -startsWith "[ZTDID]"))', ids(''))).toBe(true)
  })

  it('case-insensitive property, operator and prefix (the docs mix spellings)', () => {
    expect(evaluate('(DEVICE.DEVICEPHYSICALIDS -ANY (_ -EQ "[orderid]:bench-ldn"))', ids('BENCH-LDN'))).toBe(true)
    expect(evaluate('(device.devicePhysicalIds -any (_ -startswith "[OrderID]:BENCH"))', ids('BENCH-LDN'))).toBe(true)
  })

  it('-and, -or, -not and parentheses', () => {
    const either = `${tagRule('A')} -or ${tagRule('B')}`
    expect(evaluate(either, ids('B'))).toBe(true)
    expect(evaluate(either, ids('C'))).toBe(false)
    const both = `${tagRule('A')} -and (device.devicePhysicalIds -any (_ -startsWith "[ZTDId]"))`
    expect(evaluate(both, ids('A'))).toBe(true)
    expect(evaluate(both, ids('A', '', false))).toBe(false)
    expect(evaluate(`-not ${tagRule('A')}`, ids('B'))).toBe(true)
    expect(evaluate(`(${tagRule('A')} -or ${tagRule('B')}) -and -not ${tagRule('B')}`, ids('A'))).toBe(true)
  })

  it('anything the Autopilot record cannot tell is unknown, with three-valued logic', () => {
    const other = '(device.deviceModel -eq "21HD")'
    expect(evaluate(other, ids('A'))).toBeNull()
    expect(evaluate(`${tagRule('A')} -and ${other}`, ids('B'))).toBe(false) // certain: the tag fails
    expect(evaluate(`${tagRule('A')} -and ${other}`, ids('A'))).toBeNull()
    expect(evaluate(`${tagRule('A')} -or ${other}`, ids('A'))).toBe(true)
    expect(evaluate(`${tagRule('A')} -or ${other}`, ids('B'))).toBeNull()
    expect(evaluate('(device.devicePhysicalIds -any (_ -eq "[ZTDId]:abc"))', ids('A'))).toBeNull() // value not known
    expect(evaluate('(device.devicePhysicalIds -any (_ -eq "[HWID]:h:1"))', ids('A'))).toBeNull() // not modelled
    expect(evaluate('(device.devicePhysicalIds -any (_ -contains "BENCH"))', ids('BENCH'))).toBeNull()
    expect(evaluate('(device.deviceOSType -in ["Windows","iOS"])', ids('A'))).toBeNull()
    expect(evaluate(`-not ${other}`, ids('A'))).toBeNull()
  })

  it('rejects broken syntax', () => {
    for (const rule of [
      '',
      '(device.devicePhysicalIds -any (_ -eq "[OrderID]:X")',
      'device.devicePhysicalIds -any (_ -eq "[OrderID]:X',
      '-and',
      `${tagRule('A')} -or`,
      '(device.devicePhysicalIds)',
    ]) {
      expect(parseMembershipRule(rule).ok, rule).toBe(false)
    }
  })

  it('lists the values a rule mentions', () => {
    const parsed = parseMembershipRule(`${tagRule('A')} -or ${tagRule('B')}`)
    expect(parsed.ok && ruleValues(parsed.rule)).toEqual(['[OrderID]:A', '[OrderID]:B'])
  })

  it('property: a group-tag rule matches exactly that tag (case-insensitively)', () => {
    const tag = fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/)
    fc.assert(
      fc.property(tag, tag, (ruleTag, deviceTag) => {
        expect(evaluate(tagRule(ruleTag), ids(deviceTag))).toBe(ruleTag.toLowerCase() === deviceTag.toLowerCase())
      }),
    )
  })
})

const group = (id: string, displayName: string, membershipRule: string | null): DeviceGroup => ({ id, displayName, membershipRule })
const profile = (id: string, displayName: string, createdDateTime: string): ProfileSummary => ({ id, displayName, createdDateTime })
const include = (profileId: string, groupId: string): ProfileAssignment => ({ profileId, target: { type: 'group', groupId } })
const exclude = (profileId: string, groupId: string): ProfileAssignment => ({ profileId, target: { type: 'exclusion', groupId } })
const allDevices = (profileId: string): ProfileAssignment => ({ profileId, target: { type: 'allDevices' } })

function tenant(overrides: Partial<ExplainProfileInput> = {}, groupTag = 'BENCH-LDN'): ExplainProfileInput {
  return {
    device: { groupTag },
    groups: [
      group('g-ldn', 'Autopilot BENCH-LDN', tagRule('BENCH-LDN')),
      group('g-man', 'Autopilot BENCH-MAN', tagRule('BENCH-MAN')),
      group('g-all', 'All Autopilot devices', '(device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]"))'),
    ],
    profiles: [
      profile('p-ud', 'UD-AAD-PreProv', '2024-11-02T10:00:00Z'),
      profile('p-man', 'UD-MAN', '2024-06-01T00:00:00Z'),
      profile('p-def', 'Default', '2023-01-01T00:00:00Z'),
    ],
    assignments: [include('p-ud', 'g-ldn'), include('p-man', 'g-man'), allDevices('p-def')],
    ...overrides,
  }
}

describe('explainProfileAssignment', () => {
  it('group tag → dynamic group → profile, as a chain for display', () => {
    const result = explainProfileAssignment(tenant())
    expect(result.chain).toBe("group tag BENCH-LDN → group 'Autopilot BENCH-LDN' → profile 'UD-AAD-PreProv'")
    expect(result.winner).toEqual({ profileId: 'p-ud', profileName: 'UD-AAD-PreProv', via: 'group', groupId: 'g-ldn', groupName: 'Autopilot BENCH-LDN' })
    expect(result.certain).toBe(true)
    expect(result.groups.find((g) => g.groupId === 'g-ldn')?.membership).toBe('member')
    expect(result.groups.find((g) => g.groupId === 'g-man')?.membership).toBe('not-member')
    expect(result.groups.find((g) => g.groupId === 'g-all')?.membership).toBe('member')
    expect(result.steps.map((s) => s.kind)).toEqual(['group-tag', 'group', 'profile'])
    expect(result.citation.section).toContain('§2.2')
  })

  it('no rule matches → the default (All Devices) profile', () => {
    const result = explainProfileAssignment(tenant({}, 'BENCH-XYZ'))
    expect(result.winner).toMatchObject({ profileId: 'p-def', via: 'all-devices' })
    expect(result.chain).toBe("group tag BENCH-XYZ → no group assigned to a profile → All Devices → profile 'Default' (default)")
    expect(result.certain).toBe(true)
  })

  it('no match and no default → no profile (event 815)', () => {
    const result = explainProfileAssignment(tenant({ assignments: [include('p-ud', 'g-ldn')] }, 'OTHER'))
    expect(result.winner).toBeNull()
    expect(result.steps.at(-1)?.kind).toBe('none')
    expect(result.notes.join(' ')).toContain('event 815')
    // Words for the bench: no section of our own reference (§6.1) in what is shown.
    expect(result.notes.join(' ')).not.toMatch(/§/)
    expect(explainProfileAssignment(tenant({}, '')).chain).toMatch(/^no group tag → /)
  })

  it('conflict: the oldest-created profile wins, and the note says how far the docs go', () => {
    const input = tenant({ assignments: [include('p-ud', 'g-ldn'), include('p-man', 'g-all'), allDevices('p-def')] })
    const result = explainProfileAssignment(input)
    expect(result.winner).toMatchObject({ profileId: 'p-man', groupName: 'All Autopilot devices' }) // 2024-06 < 2024-11
    expect(result.notes.join(' ')).toMatch(/oldest created, 'UD-MAN', wins/)
    expect(result.notes.join(' ')).toMatch(/applied here across groups/)
    expect(result.certain).toBe(true)
  })

  it('one group assigned to several profiles: the oldest created wins', () => {
    const result = explainProfileAssignment(tenant({ assignments: [include('p-ud', 'g-ldn'), include('p-def', 'g-ldn')] }))
    expect(result.winner?.profileId).toBe('p-def')
  })

  it('group-assigned profiles beat an older default profile', () => {
    const result = explainProfileAssignment(tenant())
    expect(result.candidates.find((c) => c.profileId === 'p-def')?.applies).toBe(true)
    expect(result.winner?.profileId).toBe('p-ud') // although 'Default' is older
  })

  it('exclusions: an excluded group removes the profile', () => {
    const result = explainProfileAssignment(
      tenant({ assignments: [include('p-ud', 'g-all'), exclude('p-ud', 'g-ldn'), include('p-man', 'g-man'), allDevices('p-def')] }),
    )
    expect(result.candidates.find((c) => c.profileId === 'p-ud')).toMatchObject({ applies: false, excludedBy: [{ groupId: 'g-ldn', membership: 'member' }] })
    expect(result.winner?.profileId).toBe('p-def')
  })

  it('exclusion of a group the device is not in changes nothing', () => {
    const result = explainProfileAssignment(tenant({ assignments: [include('p-ud', 'g-ldn'), exclude('p-ud', 'g-man')] }))
    expect(result.winner?.profileId).toBe('p-ud')
    expect(result.certain).toBe(true)
  })

  it('an exclusion on an All Devices profile is unsupported (§2.1): uncertain', () => {
    const result = explainProfileAssignment(tenant({ assignments: [allDevices('p-def'), exclude('p-def', 'g-ldn')] }))
    expect(result.notes.join(' ')).toMatch(/exclusions aren't supported with All Devices/)
    expect(result.certain).toBe(false)
    expect(result.winner).toBeNull()
  })

  it('static groups and unreadable rules are unknown; known memberships are used', () => {
    const input = tenant({
      groups: [group('g-static', 'Bench static', null), group('g-bad', 'Broken rule', '(device.devicePhysicalIds -any')],
      assignments: [include('p-ud', 'g-static'), include('p-man', 'g-bad'), allDevices('p-def')],
    })
    const unsure = explainProfileAssignment(input)
    expect(unsure.groups.map((g) => g.membership)).toEqual(['unknown', 'unknown'])
    expect(unsure.groups[1]?.reason).toMatch(/could not be read/)
    expect(unsure.certain).toBe(false)
    expect(unsure.winner?.via).toBe('all-devices')
    expect(unsure.notes.join(' ')).toMatch(/another profile may apply/)

    const known = explainProfileAssignment({ ...input, device: { groupTag: 'BENCH-LDN', knownMemberGroupIds: ['g-static'] } })
    expect(known.winner).toMatchObject({ profileId: 'p-ud', groupName: 'Bench static' })
  })

  it('an older profile that may apply makes a younger certain winner uncertain', () => {
    const input = tenant({
      groups: [...tenant().groups, group('g-odd', 'Model rule', '(device.deviceModel -eq "21HD")')],
      assignments: [include('p-ud', 'g-ldn'), include('p-man', 'g-odd')],
    })
    const result = explainProfileAssignment(input)
    expect(result.winner?.profileId).toBe('p-ud')
    expect(result.certain).toBe(false)
  })

  it('a younger profile that may apply does not', () => {
    const input = tenant({
      groups: [...tenant().groups, group('g-odd', 'Model rule', '(device.deviceModel -eq "21HD")')],
      assignments: [include('p-man', 'g-all'), include('p-ud', 'g-odd')],
    })
    const result = explainProfileAssignment(input)
    expect(result.winner?.profileId).toBe('p-man')
    expect(result.certain).toBe(true)
  })

  it('same creation time: no documented tie-break, flagged', () => {
    const input = tenant({
      profiles: [profile('p-a', 'A', '2024-01-01T00:00:00Z'), profile('p-b', 'B', '2024-01-01T00:00:00Z')],
      assignments: [include('p-b', 'g-ldn'), include('p-a', 'g-all')],
    })
    const result = explainProfileAssignment(input)
    expect(result.winner?.profileId).toBe('p-a')
    expect(result.certain).toBe(false)
    expect(result.notes.join(' ')).toMatch(/no tie-break/)
  })

  it('profiles or groups missing from the cache are reported, not invented', () => {
    const result = explainProfileAssignment(tenant({ profiles: [], assignments: [include('p-x', 'g-ldn'), include('p-y', 'g-gone')] }))
    expect(result.winner).toMatchObject({ profileId: 'p-x', profileName: 'p-x' })
    expect(result.notes.join(' ')).toMatch(/not in the cache/)
    expect(result.groups.find((g) => g.groupId === 'g-gone')?.reason).toMatch(/not in the cache/)
  })

  it('mentions that tag case-insensitivity is our assumption', () => {
    expect(explainProfileAssignment(tenant()).notes.join(' ')).toMatch(/letter case/)
  })
})
