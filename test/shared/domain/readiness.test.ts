import { describe, expect, it } from 'vitest'
import {
  domainProfileStatuses,
  evaluateReadiness,
  isDateSet,
  readinessRuleIds,
  REFRESH_REMINDER,
  type ReadinessInput,
  type ReadinessItem,
  type ReadinessRuleId,
  type ReadinessStatus,
} from '@shared/domain/readiness'
import { readinessBadge } from '@shared/domain/readiness-badge'
import { profileStatusSchema } from '@shared/device-schemas'
import { readDomainDoc, sectionNumbers } from '@support/domain-doc'

/** A device that passes every rule: Lenovo, assigned the job's profile, ESP right, licensed user. */
function ready(): ReadinessInput {
  return {
    device: {
      serialNumber: 'PF3ABCDE',
      manufacturer: 'LENOVO',
      model: '21HD',
      profileStatus: 'assigned',
      dateAssigned: '2025-03-04T09:12:44Z',
      assignedProfileId: 'p-ud',
      assignedProfileName: 'UD-AAD-PreProv',
      groupTag: 'BENCH-LDN',
      userPrincipalName: 'anna@contoso.com',
      userFriendlyName: 'Anna Anderson',
      deviceName: 'LDN-PF3ABCDE',
      remediationState: 'noRemediationRequired',
      entraDeviceObjectExists: true,
      pendingChanges: [],
      enrollmentState: 'notContacted',
      managedDeviceId: null,
      userlessEnrollmentStatus: 'allowed',
      unblockedAt: null,
    },
    profile: {
      id: 'p-ud',
      displayName: 'UD-AAD-PreProv',
      joinType: 'entra',
      deploymentMode: 'userDriven',
      preprovisioningAllowed: true,
      deviceNameTemplate: null,
    },
    esp: { targetsDevice: true, showsProgress: true, logCollection: true, isDefault: false, name: 'Bench ESP' },
    job: {
      expectedProfileId: 'p-ud',
      expectedProfileName: 'UD-AAD-PreProv',
      groupTag: 'BENCH-LDN',
      deviceNameTemplate: 'LDN-%SERIAL%',
      expectedUserPrincipalName: 'anna@contoso.com',
    },
    user: { licensedForIntune: true, federated: false },
    bench: { network: 'wired' },
  }
}

type Patch = (input: ReadinessInput) => void
function evaluate(patch?: Patch) {
  const input = ready()
  patch?.(input)
  return evaluateReadiness(input)
}
function item(id: ReadinessRuleId, patch?: Patch): ReadinessItem {
  const found = evaluate(patch).items.find((i) => i.id === id)
  if (!found) throw new Error(`no item ${id}`)
  return found
}

describe('the ready device', () => {
  it('passes every rule and is ready', () => {
    const result = evaluate()
    expect(result.items.map((i) => [i.id, i.status])).toEqual(readinessRuleIds.map((id) => [id, 'ok']))
    expect(result.verdict).toBe('ready')
    expect(result.summary).toBe('Ready.')
    expect(result.counts).toEqual({ ok: readinessRuleIds.length, warn: 0, fail: 0, unknown: 0 })
  })

  it('every item has a title, a reason, a fix when not ok, and a citation of an existing section', () => {
    const sections = sectionNumbers(readDomainDoc())
    const inputs: Patch[] = [
      () => undefined,
      (i) => {
        i.device.profileStatus = 'unknown'
        i.profile = null
        i.esp = null
        i.user = null
        i.device.model = null
        i.device.entraDeviceObjectExists = null
        i.device.pendingChanges = [{ field: 'groupTag', value: 'X' }]
      },
    ]
    for (const patch of inputs) {
      for (const it of evaluate(patch).items) {
        expect(it.title.length).toBeGreaterThan(5)
        expect(it.reason.length).toBeGreaterThan(5)
        if (it.status === 'ok') expect(it.fix).toBeNull()
        else expect(it.fix?.length ?? 0, it.id).toBeGreaterThan(5)
        const cited = [...it.citation.section.matchAll(/§(\d+(?:\.\d+)?)/g)].map((m) => m[1] ?? '')
        expect(cited.length).toBeGreaterThan(0)
        for (const number of cited) if (!number.startsWith('10.')) expect(sections.has(number), `${it.id} §${number}`).toBe(true)
        expect(it.citation.pages.length).toBeGreaterThan(0)
      }
    }
  })

  it('profile statuses are the same words as the shared device schema', () => {
    expect([...domainProfileStatuses].sort()).toEqual([...profileStatusSchema.options].sort())
  })
})

describe('verdict', () => {
  it('a pending change alone makes the device not ready', () => {
    const result = evaluate((i) => {
      i.device.pendingChanges = [{ field: 'userPrincipalName', value: 'anna@contoso.com' }]
    })
    expect(result.verdict).toBe('not-ready')
    expect(result.items.filter((i) => i.status === 'fail').map((i) => i.id)).toEqual(['pending-changes'])
  })

  it('unknowns without failures → unconfirmed; warnings alone → still ready', () => {
    expect(evaluate((i) => (i.device.entraDeviceObjectExists = null)).verdict).toBe('unconfirmed')
    const warned = evaluate((i) => (i.user = { licensedForIntune: true, federated: true }))
    expect(warned.verdict).toBe('ready')
    expect(warned.summary).toBe('Ready (1 note).')
  })

  it('dates in reasons read as UTC minutes, not raw ISO timestamps', () => {
    const item = evaluate(() => undefined).items.find((i) => i.id === 'profile-assigned')!
    expect(item.reason).toContain('2025-03-04 09:12 UTC')
    expect(item.reason).not.toContain('T09:12:44Z')
  })

  it('the summary names what fails', () => {
    const result = evaluate((i) => {
      i.device.groupTag = 'OTHER'
      i.device.model = 'Virtual Machine'
    })
    expect(result.verdict).toBe('not-ready')
    expect(result.summary).toMatch(/^2 checks failed: /)
    expect(result.summary).toContain("Group tag is the job's")
    expect(result.summary).toContain('Not a virtual machine')
  })

  it('the refresh reminder cites the technician flow', () => {
    expect(REFRESH_REMINDER.text).toMatch(/Refresh/)
    expect(REFRESH_REMINDER.citation.section).toBe('§3.2')
  })
})

/** [rule, description, patch, expected status, reason must match] */
const cases: [ReadinessRuleId, string, Patch, ReadinessStatus, RegExp][] = [
  // profile-assigned (§1.3: Assigned AND date assigned AND expected profile)
  ['profile-assigned', 'assigned, dated, the job’s', () => undefined, 'ok', /as the job expects/],
  ['profile-assigned', 'not assigned', (i) => (i.device.profileStatus = 'notAssigned'), 'fail', /Not assigned/],
  ['profile-assigned', 'assigning', (i) => (i.device.profileStatus = 'assigning'), 'fail', /Assigning/],
  ['profile-assigned', 'fix pending', (i) => (i.device.profileStatus = 'fixPending'), 'fail', /Fix pending/],
  ['profile-assigned', 'attention required', (i) => (i.device.profileStatus = 'attentionRequired'), 'fail', /Attention required/],
  ['profile-assigned', 'status unknown', (i) => (i.device.profileStatus = 'unknown'), 'unknown', /no profile status/],
  ['profile-assigned', 'no date assigned', (i) => (i.device.dateAssigned = null), 'fail', /Date assigned/],
  ['profile-assigned', 'Graph "never" date', (i) => (i.device.dateAssigned = '0001-01-01T00:00:00Z'), 'fail', /Date assigned/],
  [
    'profile-assigned',
    'another profile',
    (i) => ((i.device.assignedProfileId = 'p-other'), (i.device.assignedProfileName = 'SD-Kiosk')),
    'fail',
    /'SD-Kiosk' is not the job's 'UD-AAD-PreProv'/,
  ],
  [
    'profile-assigned',
    'name match without ids',
    (i) => ((i.device.assignedProfileId = null), i.job && (i.job.expectedProfileId = null)),
    'ok',
    /as the job expects/,
  ],
  [
    'profile-assigned',
    'expected but unknown assigned profile',
    (i) => ((i.device.assignedProfileId = null), (i.device.assignedProfileName = null)),
    'unknown',
    /not known/,
  ],
  [
    'profile-assigned',
    'job without expected profile',
    (i) => i.job && ((i.job.expectedProfileId = null), (i.job.expectedProfileName = null)),
    'warn',
    /profile 'UD-[^']*'; the job names no expected profile/,
  ],
  ['profile-assigned', 'no job', (i) => (i.job = null), 'warn', /profile 'UD-[^']*'; the device is in no bench job, so no profile is expected/],
  [
    'profile-assigned',
    'no job, device not refreshed yet',
    (i) => ((i.job = null), (i.device.assignedProfileId = null), (i.device.assignedProfileName = null)),
    'warn',
    /which profile is not read yet/,
  ],
  // profile-mode
  ['profile-mode', 'user-driven, pre-provisioning allowed', () => undefined, 'ok', /user-driven and allows pre-provisioning/],
  ['profile-mode', 'pre-provisioning not allowed', (i) => i.profile && (i.profile.preprovisioningAllowed = false), 'fail', /0x80180005/],
  ['profile-mode', 'self-deploying', (i) => i.profile && (i.profile.deploymentMode = 'selfDeploying'), 'fail', /self-deploying/],
  ['profile-mode', 'settings not cached', (i) => (i.profile = null), 'unknown', /settings are not in the cache/],
  [
    'profile-mode',
    'assigned profile not read yet',
    (i) => ((i.profile = null), (i.device.assignedProfileId = null), (i.device.assignedProfileName = null)),
    'unknown',
    /not read yet/,
  ],
  [
    'profile-mode',
    'no profile at all',
    (i) => ((i.profile = null), (i.device.profileStatus = 'notAssigned'), (i.device.assignedProfileId = null)),
    'fail',
    /No deployment profile is assigned/,
  ],
  ['profile-mode', 'settings of another profile', (i) => i.profile && (i.profile.id = 'p-x'), 'unknown', /not the device's assigned profile/],
  // esp
  ['esp', 'targets, progress, logs', () => undefined, 'ok', /targets the device, shows progress and collects logs/],
  ['esp', 'no ESP targets the device', (i) => i.esp && (i.esp.targetsDevice = false), 'fail', /requires one/],
  [
    'esp',
    'progress hidden (default ESP)',
    (i) => i.esp && ((i.esp.showsProgress = false), (i.esp.isDefault = true)),
    'fail',
    /default ESP has it off.*Reseal can then appear before apps/,
  ],
  ['esp', 'log collection off', (i) => i.esp && (i.esp.logCollection = false), 'warn', /Log collection is off/],
  ['esp', 'ESP not known', (i) => (i.esp = null), 'unknown', /not known/],
  ['esp', 'progress unknown', (i) => i.esp && (i.esp.showsProgress = null), 'unknown', /shows progress is not known/],
  ['esp', 'targeting unknown', (i) => i.esp && (i.esp.targetsDevice = null), 'unknown', /targets the device is not known/],
  ['esp', 'fail beats unknown', (i) => i.esp && ((i.esp.targetsDevice = null), (i.esp.showsProgress = false)), 'fail', /not known.*Reseal/],
  // group-tag
  ['group-tag', 'the job’s tag', () => undefined, 'ok', /as the job expects/],
  ['group-tag', 'wrong tag', (i) => (i.device.groupTag = 'BENCH-MAN'), 'fail', /'BENCH-MAN' differs from the job's 'BENCH-LDN'/],
  ['group-tag', 'no tag', (i) => (i.device.groupTag = ''), 'fail', /No group tag/],
  ['group-tag', 'case only', (i) => (i.device.groupTag = 'bench-ldn'), 'warn', /letter case/],
  [
    'group-tag',
    'pending fix',
    (i) => ((i.device.groupTag = 'OLD'), (i.device.pendingChanges = [{ field: 'groupTag', value: 'BENCH-LDN' }])),
    'warn',
    /pending change/,
  ],
  ['group-tag', 'job sets none', (i) => i.job && (i.job.groupTag = null), 'ok', /sets none/],
  // device-name
  ['device-name', 'name follows the job template', () => undefined, 'ok', /gives 'LDN-PF3ABCDE'/],
  ['device-name', 'invalid device name', (i) => (i.device.deviceName = 'LDN_PF3ABCDE'), 'fail', /letters, numbers and hyphens/],
  ['device-name', 'all-digit name', (i) => ((i.device.deviceName = '12345'), i.job && (i.job.deviceNameTemplate = null)), 'fail', /all numbers/],
  ['device-name', 'invalid job template', (i) => i.job && (i.job.deviceNameTemplate = 'LDN_%SERIAL%'), 'fail', /job template/],
  [
    'device-name',
    'job template too long for this serial',
    (i) => ((i.device.serialNumber = 'ABCDEFGHIJKLMN'), (i.device.deviceName = '')),
    'fail',
    /no rule for shortening/,
  ],
  // Issue #15 item 4: a valid 15-character name on the record is the fix for a job template too long for this serial.
  [
    'device-name',
    'job template too long, valid record name delivered',
    (i) => ((i.device.serialNumber = '5CG2345ABCDE'), i.job && (i.job.deviceNameTemplate = 'CTS-%SERIAL%'), (i.device.deviceName = 'CTS-2345ABCDE12')),
    'ok',
    /'CTS-2345ABCDE12' set on the record is valid and is used instead/,
  ],
  [
    'device-name',
    'profile template too long, valid record name',
    (i) => (
      (i.device.serialNumber = '5CG2345ABCDE'),
      i.profile && (i.profile.deviceNameTemplate = 'CTS-%SERIAL%'),
      (i.job = null),
      (i.device.deviceName = 'CTS-2345ABCDE')
    ),
    'warn',
    /don't say which of the two Windows applies/,
  ],
  ['device-name', 'invalid profile template', (i) => i.profile && (i.profile.deviceNameTemplate = '%RAND:4%'), 'fail', /profile template/],
  ['device-name', 'name does not follow job template', (i) => (i.device.deviceName = 'PC-0001'), 'warn', /doesn't follow the job's template/],
  ['device-name', 'no name, job template', (i) => (i.device.deviceName = ''), 'warn', /job expects 'LDN-PF3ABCDE'/],
  [
    'device-name',
    'no name, profile has the job template',
    (i) => ((i.device.deviceName = ''), i.profile && (i.profile.deviceNameTemplate = 'LDN-%SERIAL%')),
    'ok',
    /profile template/,
  ],
  [
    'device-name',
    'pending name',
    (i) => ((i.device.deviceName = ''), (i.device.pendingChanges = [{ field: 'displayName', value: 'LDN-PF3ABCDE' }])),
    'warn',
    /pending change/,
  ],
  ['device-name', 'random digits previewed', (i) => ((i.device.deviceName = ''), i.job && (i.job.deviceNameTemplate = 'LDN-%RAND:4%')), 'warn', /'LDN-####'/],
  ['device-name', 'nothing set', (i) => ((i.device.deviceName = ''), (i.job = null)), 'ok', /No device name or name template/],
  [
    'device-name',
    'name and profile template: precedence undocumented',
    (i) => i.profile && (i.profile.deviceNameTemplate = 'LDN-%SERIAL%'),
    'ok',
    /docs don't say which one/,
  ],
  ['device-name', 'hybrid ignores names', (i) => i.profile && (i.profile.joinType = 'hybrid'), 'warn', /Hybrid join ignores/],
  [
    'device-name',
    'hybrid without names',
    (i) => ((i.device.deviceName = ''), (i.job = null), i.profile && (i.profile.joinType = 'hybrid')),
    'ok',
    /computer name prefix/,
  ],
  [
    'device-name',
    'hybrid ignores an invalid name too',
    (i) => ((i.device.deviceName = 'BAD NAME'), i.profile && (i.profile.joinType = 'hybrid')),
    'warn',
    /ignores/,
  ],
  // manifest-user: a check of its own, so its title says what its text does
  ['manifest-user', 'the manifest user', () => undefined, 'ok', /as the manifest names/],
  ['manifest-user', 'other user than the manifest', (i) => (i.device.userPrincipalName = 'bob@contoso.com'), 'fail', /not the manifest's/],
  ['manifest-user', 'no user, manifest names one', (i) => (i.device.userPrincipalName = ''), 'fail', /No user assigned; the job manifest names/],
  ['manifest-user', 'UPN case differs only', (i) => (i.device.userPrincipalName = 'Anna@Contoso.com'), 'ok', /as the manifest names/],
  ['manifest-user', 'manifest names no user', (i) => i.job && (i.job.expectedUserPrincipalName = null), 'ok', /names no user/],
  // user
  ['user', 'licensed manifest user', () => undefined, 'ok', /licensed for Intune/],
  ['user', 'not licensed', (i) => (i.user = { licensedForIntune: false, federated: false }), 'fail', /not licensed/],
  ['user', 'licence unknown', (i) => (i.user = null), 'unknown', /not known/],
  ['user', 'federated (ADFS)', (i) => (i.user = { licensedForIntune: true, federated: true }), 'warn', /ADFS.*doesn't work/],
  ['user', 'no user (the manifest check says whether one is expected)', (i) => (i.device.userPrincipalName = ''), 'ok', /No user assigned/],
  ['user', 'UPN case differs only', (i) => (i.device.userPrincipalName = 'Anna@Contoso.com'), 'ok', /licensed/],
  [
    'user',
    'no user, none expected',
    (i) => ((i.device.userPrincipalName = ''), i.job && (i.job.expectedUserPrincipalName = null)),
    'ok',
    /device-targeted apps only/,
  ],
  // user-prefill (§1.4: Dell, Dynabook, HP, Lenovo, Surface)
  ['user-prefill', 'Lenovo', () => undefined, 'ok', /Lenovo: the assignment pre-fills the UPN/],
  ['user-prefill', 'Dell Inc.', (i) => (i.device.manufacturer = 'Dell Inc.'), 'ok', /Dell/],
  ['user-prefill', 'HP', (i) => (i.device.manufacturer = 'HP'), 'ok', /HP/],
  ['user-prefill', 'Hewlett-Packard', (i) => (i.device.manufacturer = 'Hewlett-Packard'), 'ok', /HP/],
  ['user-prefill', 'Dynabook Inc.', (i) => (i.device.manufacturer = 'Dynabook Inc.'), 'ok', /Dynabook/],
  ['user-prefill', 'Surface', (i) => ((i.device.manufacturer = 'Microsoft Corporation'), (i.device.model = 'Surface Laptop 5')), 'ok', /Surface/],
  ['user-prefill', 'Acer', (i) => (i.device.manufacturer = 'Acer'), 'warn', /Acer is not Dell, Dynabook, HP, Lenovo or Microsoft Surface/],
  [
    'user-prefill',
    'Microsoft, not Surface',
    (i) => ((i.device.manufacturer = 'Microsoft Corporation'), (i.device.model = 'Virtual Machine')),
    'warn',
    /not Dell/,
  ],
  ['user-prefill', 'manufacturer unknown', (i) => (i.device.manufacturer = null), 'warn', /manufacturer is unknown/],
  ['user-prefill', 'no user', (i) => ((i.device.userPrincipalName = ''), (i.device.manufacturer = 'Acer')), 'ok', /nothing to pre-fill/],
  // virtual-machine
  ['virtual-machine', 'physical', () => undefined, 'ok', /not a virtual machine/],
  ['virtual-machine', 'Hyper-V VM', (i) => ((i.device.manufacturer = 'Microsoft Corporation'), (i.device.model = 'Virtual Machine')), 'fail', /0x800705B4/],
  ['virtual-machine', 'model unknown', (i) => (i.device.model = null), 'unknown', /not known/],
  ['virtual-machine', 'model blank', (i) => (i.device.model = '  '), 'unknown', /not known/],
  // remediation
  ['remediation', 'none', () => undefined, 'ok', /No hardware-change/],
  ['remediation', 'Fix pending', (i) => (i.device.profileStatus = 'fixPending'), 'fail', /Unblock device doesn't work/],
  ['remediation', 'Attention required', (i) => (i.device.profileStatus = 'attentionRequired'), 'fail', /reset and re-registers/],
  ['remediation', 'automaticRemediationRequired', (i) => (i.device.remediationState = 'automaticRemediationRequired'), 'fail', /Fix pending/],
  ['remediation', 'manualRemediationRequired', (i) => (i.device.remediationState = 'manualRemediationRequired'), 'fail', /Attention required/],
  ['remediation', 'unknown', (i) => ((i.device.profileStatus = 'unknown'), (i.device.remediationState = null)), 'unknown', /not known/],
  // entra-object
  ['entra-object', 'exists', () => undefined, 'ok', /exists/],
  ['entra-object', 'deleted', (i) => (i.device.entraDeviceObjectExists = false), 'fail', /0x801C03F3/],
  ['entra-object', 'not checked', (i) => (i.device.entraDeviceObjectExists = null), 'unknown', /not checked/],
  // re-enrollment (§3.1, §6.3: the one-time pre-provisioning limit, 0x80180014)
  ['re-enrollment', 'never enrolled', () => undefined, 'ok', /first enrollment/],
  [
    're-enrollment',
    'Fujitsu enrolled with an Intune record',
    (i) => (
      (i.device.manufacturer = 'FUJITSU CLIENT COMPUTING LIMITED'),
      (i.device.model = 'LIFEBOOK U7413'),
      (i.device.enrollmentState = 'enrolled'),
      (i.device.managedDeviceId = 'md-1')
    ),
    'fail',
    /FUJITSU.*not among the OEMs.*0x80180014/,
  ],
  [
    're-enrollment',
    'Lenovo enrolled: re-enrolls automatically',
    (i) => ((i.device.enrollmentState = 'enrolled'), (i.device.managedDeviceId = 'md-1')),
    'warn',
    /Lenovo is among the OEMs.*Windows \(MDM\) platform/,
  ],
  [
    're-enrollment',
    'Fujitsu unblocked from this app',
    (i) => ((i.device.manufacturer = 'FUJITSU'), (i.device.enrollmentState = 'enrolled'), (i.device.unblockedAt = '2026-12-04T10:00:00Z')),
    'warn',
    /Unblock device was done/,
  ],
  [
    're-enrollment',
    'pending reset, in words',
    (i) => ((i.device.enrollmentState = 'pendingReset'), (i.device.managedDeviceId = 'md-1')),
    'warn',
    /enrollment state Pending reset, an Intune device record exists/,
  ],
  ['re-enrollment', 'enrollment state not known', (i) => (i.device.enrollmentState = null), 'unknown', /not known/],
  ['re-enrollment', 'zero GUID is no record', (i) => (i.device.managedDeviceId = '00000000-0000-0000-0000-000000000000'), 'ok', /first enrollment/],
  // network (§2.1, §3.1: language and keyboard need Ethernet)
  ['network', 'wired bench', () => undefined, 'ok', /Wired bench/],
  ['network', 'Wi-Fi bench', (i) => (i.bench = { network: 'wifi' }), 'warn', /pages appear before the network/],
  [
    'network',
    'Wi-Fi bench, profile presets the language',
    (i) => ((i.bench = { network: 'wifi' }), i.profile && ((i.profile.language = 'en-GB'), (i.profile.keyboardSkipped = true))),
    'warn',
    /presets language en-GB, keyboard configured automatically, which is unsupported on Wi-Fi/,
  ],
  [
    'network',
    'bench network not set, profile presets the language',
    (i) => ((i.bench = null), i.profile && (i.profile.language = 'en-US')),
    'unknown',
    /whether this bench is wired or Wi-Fi is not set/,
  ],
  // pending-changes
  ['pending-changes', 'none', () => undefined, 'ok', /every change/],
  [
    'pending-changes',
    'two pending',
    (i) =>
      (i.device.pendingChanges = [
        { field: 'groupTag', value: 'BENCH-LDN' },
        { field: 'userPrincipalName', value: null },
      ]),
    'fail',
    /2 changes not yet confirmed.*Group tag → 'BENCH-LDN', User → \(cleared\)/,
  ],
]

describe('the badge: one word and one next action (issue #15 items 2 and 8)', () => {
  const badgeOf = (patch?: Patch) => readinessBadge(evaluate(patch))
  it('ready: press Provision', () => {
    expect(badgeOf()).toMatchObject({ level: 'ready', ruleId: null })
    expect(badgeOf().next).toMatch(/Press Provision/)
  })
  it('a re-used Fujitsu is Blocked, offering Unblock before Provision', () => {
    const badge = badgeOf((i) => ((i.device.manufacturer = 'FUJITSU'), (i.device.enrollmentState = 'enrolled'), (i.device.managedDeviceId = 'md-1')))
    expect(badge.level).toBe('blocked')
    expect(badge.ruleId).toBe('re-enrollment')
    expect(badge.next).toMatch(/^Before pressing Provision: Unblock device/)
  })
  it('a virtual machine is Blocked before anything else', () => {
    const badge = badgeOf((i) => ((i.device.model = 'Virtual Machine'), (i.device.groupTag = 'X')))
    expect(badge).toMatchObject({ level: 'blocked', ruleId: 'virtual-machine' })
  })
  it('a self-deploying profile and no profile are Blocked', () => {
    expect(badgeOf((i) => i.profile && (i.profile.deploymentMode = 'selfDeploying'))).toMatchObject({ level: 'blocked', ruleId: 'profile-mode' })
    expect(badgeOf((i) => ((i.profile = null), (i.device.profileStatus = 'notAssigned')))).toMatchObject({ level: 'blocked', ruleId: 'profile-mode' })
  })
  it('a wrong group tag is Not ready with its fix', () => {
    expect(badgeOf((i) => (i.device.groupTag = 'X'))).toMatchObject({ level: 'not-ready', ruleId: 'group-tag' })
  })
  it('unknown is never ready: it names what would resolve it', () => {
    const badge = badgeOf((i) => (i.device.entraDeviceObjectExists = null))
    expect(badge).toMatchObject({ level: 'unknown', ruleId: 'entra-object' })
    expect(badge.next).toMatch(/Look the device up/)
  })
})

describe('every rule: pass / fail / unknown', () => {
  it.each(cases)('%s: %s → %s', (id, _description, patch, status, reason) => {
    const result = item(id, patch)
    expect(result.status).toBe(status)
    expect(result.reason).toMatch(reason)
  })

  it('a hybrid device whose name is ignored says what to do, never "nothing to fix" under "not ready"', () => {
    const result = item('device-name', (i) => i.profile && (i.profile.joinType = 'hybrid'))
    expect(result.fix).toMatch(/^Expect the name from the domain join profile's computer name prefix/)
    expect(result.fix).not.toMatch(/nothing to fix/i)
  })

  it('every rule has at least a passing and a non-passing case above', () => {
    for (const id of readinessRuleIds) {
      const statuses = new Set(cases.filter((c) => c[0] === id).map((c) => c[3]))
      expect(statuses.has('ok'), id).toBe(true)
      expect(
        [...statuses].some((s) => s !== 'ok'),
        id,
      ).toBe(true)
    }
  })

  it("a user who is not the manifest's is said under a title about the manifest, not the licence check's", () => {
    const result = evaluate((i) => (i.device.userPrincipalName = 'dmitri@contoso.com'))
    const mismatch = result.items.find((entry) => /not the manifest's/.test(entry.reason))
    expect(mismatch?.title).toBe("Assigned user is the manifest's")
    expect(result.items.find((entry) => entry.title === 'Assigned user licensed for Intune')?.reason).not.toMatch(/manifest/)
    expect(readinessBadge(result).title).toBe("Assigned user is the manifest's")
  })

  it('fixes point at the right action', () => {
    // A device whose profile is not read yet needs its own record from Intune; syncing profiles would loop.
    const notRead = (i: Parameters<Patch>[0]) => ((i.profile = null), (i.device.assignedProfileId = null), (i.device.assignedProfileName = null))
    expect(item('profile-mode', notRead).fix).toBe('Refresh the device from Intune, then check again.')
    expect(item('profile-mode', (i) => (i.profile = null)).fix).toBe('Sync profiles, then check again.')
    expect(item('profile-assigned', (i) => (notRead(i), (i.job = null))).fix).toMatch(/^Refresh the device from Intune/)
    expect(item('group-tag', (i) => (i.device.groupTag = 'X')).fix).toMatch(/Set the group tag to 'BENCH-LDN'/)
    // The Bench's Next column shows the badge's fix alone, without the reason before it: it must say which profile.
    const noProfile = readinessBadge(evaluate((i) => ((i.profile = null), (i.device.profileStatus = 'notAssigned'))))
    expect(noProfile.next).toMatch(/^Give the device a user-driven profile that allows pre-provisioning/)
    expect(noProfile.next).not.toMatch(/such a/)
    expect(item('profile-mode', (i) => i.profile && (i.profile.preprovisioningAllowed = false)).fix).toMatch(
      /Set "Allow pre-provisioned deployment" to Yes in 'UD-AAD-PreProv'.*wait for Profile status Assigned with that profile/,
    )
    expect(item('esp', (i) => i.esp && (i.esp.showsProgress = false)).fix).toMatch(/custom ESP/)
    expect(item('pending-changes', (i) => (i.device.pendingChanges = [{ field: 'groupTag', value: 'X' }])).fix).toMatch(/Press Refresh on the device/)
    expect(item('manifest-user', (i) => (i.device.userPrincipalName = '')).fix).toMatch(/Assign 'anna@contoso.com'/)
  })

  it('the manifest user assigned here but not in Intune yet: the row says it waits (and that Intune did not answer it), never "Assign …" again', () => {
    // A walk with Intune hanging on the assignment: the row and P's question said "Assign 'ben.brown@…'" while the card showed it Pending.
    const waiting = (error?: string) => (i: Parameters<Patch>[0]) => {
      i.device.userPrincipalName = 'felix.tanaka@contoso.com'
      i.device.pendingChanges = [
        { field: 'userPrincipalName', value: 'anna@contoso.com', ...(error ? { error, nextAttemptAt: '2026-11-23T10:05:00.000Z' } : {}) },
      ]
    }
    const onItsWay = item('manifest-user', waiting())
    expect(onItsWay.status).toBe('fail')
    expect(onItsWay.reason).toBe("Intune has 'felix.tanaka@contoso.com'; the assignment of the manifest's 'anna@contoso.com' waits to reach Intune.")
    expect(onItsWay.fix).toBe("Wait until the assignment of 'anna@contoso.com' reaches Intune (Changes), then provision.")
    const unanswered = item('manifest-user', waiting('Intune did not answer this change in time.'))
    expect(unanswered.reason).toMatch(/Its last try did not get through: Intune did not answer this change in time; trying again at 2026-11-23 10:05 UTC\.$/)
    expect(unanswered.fix).toBe(
      "Wait until the assignment of 'anna@contoso.com' reaches Intune (Changes: Intune has not taken it yet, next try at 2026-11-23 10:05 UTC), then provision.",
    )
    expect(readinessBadge(evaluate(waiting('Intune did not answer this change in time.'))).next).not.toMatch(/^Assign/)
    // P's list: the pending change says that Intune did not answer it, and when it is tried again.
    expect(item('pending-changes', waiting('Intune did not answer this change in time.')).reason).toMatch(
      /User: its last try did not get through: Intune did not answer this change in time; trying again at 2026-11-23 10:05 UTC\./,
    )
    // Another user pending than the manifest's: still "Assign" the manifest's.
    expect(
      item('manifest-user', (i) => ((i.device.pendingChanges = [{ field: 'userPrincipalName', value: 'bob@contoso.com' }]), (i.device.userPrincipalName = '')))
        .fix,
    ).toMatch(/^Assign 'anna@contoso.com'/)
  })
})

describe('isDateSet', () => {
  it.each([
    ['2025-03-04T09:12:44Z', true],
    ['0001-01-01T00:00:00Z', false],
    ['', false],
    ['not a date', false],
    [null, false],
  ] as const)('%j → %s', (value, expected) => {
    expect(isDateSet(value)).toBe(expected)
  })
})

describe('online checks under way (the card opens from the cache, then asks Microsoft Entra)', () => {
  it('the Entra object and licence rules say they are being checked: unknown meanwhile, never fail and never a silent pass', () => {
    // Cached answers that would pass (and one that would fail) are not shown while the check is under way.
    const result = evaluate((i) => ((i.checking = { entraObject: true, userLicence: true }), i.user && (i.user.licensedForIntune = false)))
    const entra = result.items.find((i) => i.id === 'entra-object')
    const user = result.items.find((i) => i.id === 'user')
    expect(entra).toMatchObject({ status: 'unknown', checking: true, reason: expect.stringMatching(/^Checking now whether the Microsoft Entra device object/) })
    expect(user).toMatchObject({ status: 'unknown', checking: true, reason: expect.stringMatching(/^Checking now whether 'anna@contoso.com' is licensed/) })
    expect(result.verdict).toBe('unconfirmed')
    expect(result.summary).toBe('Nothing fails, but 2 checks are being made online now.')
    expect(result.items.filter((i) => i.checking).map((i) => i.id)).toEqual(['user', 'entra-object'])
    expect(readinessBadge(result)).toMatchObject({ level: 'unknown', next: expect.stringMatching(/^Checking now/) })
  })

  it('only the parts being asked: the other rule keeps its cached answer', () => {
    const result = evaluate((i) => (i.checking = { entraObject: true, userLicence: false }))
    expect(result.items.find((i) => i.id === 'user')).toMatchObject({ status: 'ok' })
    expect(result.items.find((i) => i.id === 'user')?.checking).toBeUndefined()
    expect(result.summary).toBe('Nothing fails, but 1 check is being made online now.')
  })
})

describe("device name: the manifest row's name is the target, the job's template only when it gives none", () => {
  const withManifestName = (name: string) => (i: ReadinessInput) => {
    i.device.serialNumber = '18TRNGX'
    i.job!.deviceNameTemplate = 'FAB-%SERIAL%'
    i.job!.manifestDeviceName = name
  }

  it("a device named as its manifest row passes, though the job's template would give another name (walk: FAB-LAP-004 told to become FAB-<serial>)", () => {
    const found = item('device-name', (i) => (withManifestName('FAB-LAP-004')(i), (i.device.deviceName = 'fab-lap-004')))
    expect(found.status).toBe('ok')
    expect(found.reason).toMatch(/is the job manifest's/)
    expect(found.reason).not.toMatch(/template/)
    expect(evaluate((i) => (withManifestName('FAB-LAP-004')(i), (i.device.deviceName = 'FAB-LAP-004'))).verdict).toBe('ready')
  })

  it("another name is told to become the manifest's, not the template's", () => {
    const found = item('device-name', (i) => (withManifestName('FAB-LAP-004')(i), (i.device.deviceName = 'FAB-18TRNGX')))
    expect(found.status).toBe('warn')
    expect(found.fix).toBe("Set the device name to 'FAB-LAP-004' (the job manifest's).")
    const unnamed = item('device-name', (i) => (withManifestName('FAB-LAP-004')(i), (i.device.deviceName = '')))
    expect(unnamed).toMatchObject({ status: 'warn', fix: "Set the device name to 'FAB-LAP-004' (the job manifest's)." })
  })

  it('a pending change to the manifest name says so', () => {
    const found = item(
      'device-name',
      (i) => (withManifestName('FAB-LAP-004')(i), (i.device.deviceName = ''), (i.device.pendingChanges = [{ field: 'displayName', value: 'FAB-LAP-004' }])),
    )
    expect(found.status).toBe('warn')
    expect(found.reason).toMatch(/A pending change sets the device name 'FAB-LAP-004'/)
    expect(found.fix).toBeNull()
  })

  it("without a manifest name the job's template still applies", () => {
    const found = item('device-name', (i) => (withManifestName('')(i), (i.device.deviceName = 'FAB-LAP-004')))
    expect(found.status).toBe('warn')
    expect(found.fix).toBe("Set the device name to 'FAB-18TRNGX'.")
  })
})

describe("the manifest user's fix", () => {
  it('names the friendly name only when the manifest gives one (walk: a manifest without one was told "with the user friendly name from the manifest")', () => {
    const without = item('manifest-user', (i) => ((i.device.userPrincipalName = 'bob@contoso.com'), (i.job!.expectedAddressableUserName = null)))
    expect(without.fix).toBe("Assign 'anna@contoso.com' (Use manifest user on the device card).")
    const given = item('manifest-user', (i) => ((i.device.userPrincipalName = 'bob@contoso.com'), (i.job!.expectedAddressableUserName = 'Anna')))
    expect(given.fix).toBe("Assign 'anna@contoso.com' (with the user friendly name from the manifest).")
  })
})

describe("Intune shows another profile than the tag's (assignedOutOfSync, kept as Assigned)", () => {
  const outOfSync: Patch = (input) => {
    input.device.groupTag = 'BENCH-NYC'
    input.job!.groupTag = 'BENCH-NYC'
    input.device.assignedProfileId = 'p-hybrid'
    input.device.assignedProfileName = 'UD-Hybrid-Standard'
    input.profile = {
      id: 'p-hybrid',
      displayName: 'UD-Hybrid-Standard',
      joinType: 'hybrid',
      deploymentMode: 'userDriven',
      preprovisioningAllowed: false,
      deviceNameTemplate: null,
    }
    input.awaitedProfile = { tag: 'BENCH-NYC', pending: false, profileName: 'UD-AAD-PreProv', certain: true }
  }

  it("says the tag's profile is not applied yet and to wait, never to change the stale profile or set the tag it has", () => {
    const assigned = item('profile-assigned', outOfSync)
    expect(assigned.status).toBe('fail')
    expect(assigned.reason).toContain("Intune has not applied 'UD-AAD-PreProv' yet")
    expect(assigned.fix).toContain("Wait for Profile status Assigned with 'UD-AAD-PreProv'")
    expect(assigned.fix).not.toMatch(/set the job's group tag/i)
    const mode = item('profile-mode', outOfSync)
    expect(mode.status).toBe('unknown')
    expect(mode.fix).not.toContain('Allow pre-provisioned deployment')
    expect(mode.reason).toContain('out of sync')
    expect(item('group-tag', outOfSync).status).toBe('ok')
  })

  it("is left alone when the tag's profile is the one shown, or the cache can't tell", () => {
    expect(item('profile-mode', (i) => (i.awaitedProfile = { tag: 'BENCH-LDN', pending: false, profileName: 'UD-AAD-PreProv', certain: true })).status).toBe(
      'ok',
    )
    const uncertain = item('profile-mode', (i) => {
      outOfSync(i)
      i.awaitedProfile!.certain = false
    })
    expect(uncertain.fix).toContain('Allow pre-provisioned deployment')
  })
})

/**
 * A device in no bench job (its card opened from Devices, a scan with no active job): no title or reason speaks of a
 * job that is not there. A walk found "Profile assigned, with its date, and the one the job expects" on such a device.
 */
describe('a device in no bench job', () => {
  const noJob: Patch = (i) => (i.job = null)
  const everyState: Patch[] = [
    noJob,
    (i) => (noJob(i), (i.device.profileStatus = 'notAssigned'), (i.profile = null), (i.device.assignedProfileId = null)),
    (i) => (noJob(i), (i.device.profileStatus = 'assigning')),
    (i) => (noJob(i), (i.device.groupTag = ''), (i.device.userPrincipalName = '')),
    (i) => (noJob(i), (i.device.profileStatus = 'assigning'), (i.awaitedProfile = { tag: 'NOWHERE', pending: true, profileName: null, certain: true })),
  ]

  it('says what each item checks without a job: titles, reasons and fixes never name a job or its manifest', () => {
    for (const patch of everyState) {
      for (const it of evaluate(patch).items) {
        expect(it.title, it.id).not.toMatch(/\bjob\b|manifest's/)
        // "in no bench job" says why nothing is compared; anything else about "the job" is about a job there is not.
        expect(it.reason.replace(/in no bench job/g, ''), it.id).not.toMatch(/\bjob\b|manifest's/)
        expect(it.fix ?? '', it.id).not.toMatch(/\bjob\b|manifest's/)
      }
    }
  })

  it('the profile, group tag and manifest user items say there is nothing to compare with', () => {
    expect(item('profile-assigned', noJob).title).toBe('Profile assigned, with its date')
    expect(item('group-tag', noJob)).toMatchObject({
      status: 'ok',
      title: 'Group tag (no expected tag to compare with)',
      reason: "Group tag 'BENCH-LDN'; the device is in no bench job, so no group tag is expected.",
    })
    expect(item('manifest-user', noJob)).toMatchObject({
      status: 'ok',
      title: 'Assigned user (no manifest to compare with)',
      reason: 'The device is in no bench job, so no manifest names a user for it.',
    })
    const notAssigned = item('profile-assigned', (i) => (noJob(i), (i.device.profileStatus = 'notAssigned')))
    expect(notAssigned.fix).toMatch(/^Set a group tag so the device falls into the profile's group/)
    // Failing, the summary names the check by its title.
    expect(evaluate((i) => (noJob(i), (i.device.profileStatus = 'notAssigned'))).summary).toBe('1 check failed: Profile assigned, with its date.')
  })

  it("a job keeps its words: the job's profile, tag and manifest user", () => {
    expect(item('profile-assigned').title).toBe('Profile assigned, with its date, and the one the job expects')
    expect(item('group-tag').title).toBe("Group tag is the job's")
    expect(item('manifest-user').title).toBe("Assigned user is the manifest's")
    expect(item('profile-assigned', (i) => (i.device.profileStatus = 'notAssigned')).fix).toMatch(/^Set the job's group tag/)
    // A job that names no profile: the title does not promise a comparison either.
    expect(item('profile-assigned', (i) => i.job && ((i.job.expectedProfileId = null), (i.job.expectedProfileName = null))).title).toBe(
      'Profile assigned, with its date',
    )
  })
})

/**
 * Intune's own "out of sync" (deploymentProfileAssignmentStatus assignedOutOfSync, kept since schema v16): said as
 * Intune reports it, beside what the rules see. The reference says nothing more about it, so it never fails a check
 * by itself: a passing item becomes a note, a failing one keeps its status and fix.
 */
describe('Intune reports the profile assignment is out of sync', () => {
  const outOfSync: Patch = (i) => (i.device.profileAssignmentStatus = 'assignedOutOfSync')

  it('a passing profile item becomes a note saying so, with a look again later; the device stays ready', () => {
    const result = evaluate(outOfSync)
    const assigned = result.items.find((i) => i.id === 'profile-assigned')!
    expect(assigned.status).toBe('warn')
    expect(assigned.reason).toMatch(/as the job expects\. Intune reports the profile assignment is out of sync\.$/)
    expect(assigned.fix).toMatch(/^Press Refresh from Intune later/)
    expect(result.verdict).toBe('ready')
  })

  it("a failing item keeps its status and fix and adds Intune's word (the tag's profile not applied)", () => {
    const assigned = item('profile-assigned', (i) => {
      outOfSync(i)
      i.device.assignedProfileName = 'UD-Hybrid-Standard'
      i.device.assignedProfileId = 'p-hybrid'
      i.awaitedProfile = { tag: 'BENCH-LDN', pending: false, profileName: 'UD-AAD-PreProv', certain: true }
    })
    expect(assigned.status).toBe('fail')
    expect(assigned.reason).toContain("Intune has not applied 'UD-AAD-PreProv' yet")
    expect(assigned.reason).toMatch(/\(the assignment is out of sync with the tag\)\. Intune itself reports the profile assignment is out of sync\.$/)
    expect(assigned.fix).toContain("Wait for Profile status Assigned with 'UD-AAD-PreProv'")
  })

  it('in sync, unknown sync state or not read: nothing said; Fix pending wins over the assignment', () => {
    for (const value of ['assignedInSync', 'assignedUnkownSyncState', '', null, undefined]) {
      const assigned = item('profile-assigned', (i) => (i.device.profileAssignmentStatus = value))
      expect(assigned.status).toBe('ok')
      expect(assigned.reason).not.toContain('out of sync')
    }
    expect(item('profile-assigned', (i) => (outOfSync(i), (i.device.profileStatus = 'fixPending'))).reason).not.toContain('out of sync')
  })
})
