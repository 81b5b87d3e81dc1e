import { describe, expect, it } from 'vitest'
import { explainFromFacts, readinessInputOf } from '@core/card/readiness-input'
import { buildCard } from '@core/card/build-card'
import type { CardFacts } from '@core/card/card-facts'
import { deviceCardSchema } from '@shared/card-schemas'
import { GROUPS, device, facts, profile } from '@support/card-fixture'

const inputOf = (f: CardFacts) => readinessInputOf(f, explainFromFacts(f))
const item = (f: CardFacts, id: string) => buildCard(f).readiness.items.find((i) => i.id === id)!

describe('device card: the readiness input comes from what the cache knows', () => {
  describe('profile', () => {
    it('uses the assigned profile (devices.profile_id) with join type, mode, pre-provisioning and template', () => {
      const f = facts({ profiles: [profile('p-ud', 'UD-Entra-PreProv', { device_name_template: 'LDN-%SERIAL%' })] })
      expect(inputOf(f).profile).toEqual({
        id: 'p-ud',
        displayName: 'UD-Entra-PreProv',
        joinType: 'entra',
        deploymentMode: 'userDriven',
        preprovisioningAllowed: true,
        deviceNameTemplate: 'LDN-%SERIAL%',
        language: null,
        keyboardSkipped: null,
      })
      expect(inputOf(f).device).toMatchObject({ assignedProfileId: 'p-ud', assignedProfileName: 'UD-Entra-PreProv', dateAssigned: '2026-11-20T10:00:00Z' })
    })

    it('reads Language (Region) and "Automatically configure keyboard" from the cached profile, and the bench network and Unblock from the facts', () => {
      const details = JSON.stringify({ locale: 'en-GB', outOfBoxExperienceSetting: { deviceUsageType: 'singleUser', keyboardSelectionPageSkipped: true } })
      const f = facts({ profiles: [profile('p-ud', 'UD', { details })], benchNetwork: 'wifi', unblockedAt: '2026-12-04T10:00:00Z' })
      expect(inputOf(f).profile).toMatchObject({ language: 'en-GB', keyboardSkipped: true })
      expect(inputOf(f).bench).toEqual({ network: 'wifi' })
      expect(inputOf(f).device.unblockedAt).toBe('2026-12-04T10:00:00Z')
      expect(item(f, 'network').status).toBe('warn')
    })

    it('reads self-deploying from deviceUsageType and hybrid from the profile type, and fails profile-mode', () => {
      const f = facts({ device: device({ profile_id: 'p-kiosk', group_tag: 'KIOSK-LDN' }) })
      expect(inputOf(f).profile).toMatchObject({ deploymentMode: 'selfDeploying', preprovisioningAllowed: false })
      expect(item(f, 'profile-mode').status).toBe('fail')
      const hybrid = facts({ profiles: [profile('p-ud', 'Hybrid', { join_type: 'hybrid' })] })
      expect(inputOf(hybrid).profile?.joinType).toBe('hybrid')
    })

    it('stays unknown when the mode is not in the cache, or Intune has not said which profile is assigned', () => {
      const noMode = facts({ profiles: [profile('p-ud', 'UD', {}, null)] })
      expect(inputOf(noMode).profile).toBeNull()
      expect(item(noMode, 'profile-mode').status).toBe('unknown')
      // The group chain predicts p-ud, but after a tag change it may not be assigned yet: no guess.
      const notRefreshed = facts({ device: device({ profile_id: '' }) })
      expect(explainFromFacts(notRefreshed).winner?.profileId).toBe('p-ud')
      expect(inputOf(notRefreshed).profile).toBeNull()
      expect(inputOf(notRefreshed).device.assignedProfileId).toBeNull()
      // What to do differs: the profile's mode needs a profile sync, the device's profile a refresh of the device.
      expect(item(noMode, 'profile-mode').fix).toBe('Sync profiles, then check again.')
      expect(item(notRefreshed, 'profile-mode').fix).toBe('Refresh the device from Intune, then check again.')
    })
  })

  describe('ESP targeting', () => {
    it('picks the custom ESP reaching the device through its dynamic group', () => {
      expect(inputOf(facts()).esp).toEqual({ targetsDevice: true, showsProgress: true, logCollection: true, isDefault: false, name: 'ESP - Autopilot devices' })
      expect(item(facts(), 'esp').status).toBe('ok')
    })

    it('prefers the lower priority number when several ESPs reach the device', () => {
      const f = facts({ device: device({ group_tag: 'KIOSK-LDN', profile_id: 'p-kiosk' }) })
      expect(inputOf(f).esp).toMatchObject({ name: 'ESP - Kiosk', logCollection: false })
    })

    it('falls back to the default ESP, which hides progress: the esp item fails', () => {
      const f = facts({ espAssignments: facts().espAssignments.filter((a) => a.configuration_id !== 'esp-ap') })
      expect(inputOf(f).esp).toEqual({ targetsDevice: true, showsProgress: false, logCollection: false, isDefault: true, name: 'All users and all devices' })
      expect(item(f, 'esp')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/default ESP/) })
    })

    it('honours exclusions', () => {
      const f = facts({ espAssignments: [...facts().espAssignments, { configuration_id: 'esp-ap', group_id: GROUPS.ldn.id, kind: 'exclude' }] })
      expect(inputOf(f).esp?.isDefault).toBe(true)
    })

    it('reports a setting as unknown when an outranking ESP targets a group whose membership is unknown', () => {
      const f = facts({
        espConfigurations: [
          ...facts().espConfigurations,
          { id: 'esp-pilot', display_name: 'ESP - Pilot', priority: 1, is_default: 0, show_progress: 0, log_collection: 1 },
        ],
        espAssignments: [...facts().espAssignments, { configuration_id: 'esp-pilot', group_id: GROUPS.pilot.id, kind: 'include' }],
      })
      const esp = inputOf(f).esp!
      expect(esp).toMatchObject({ targetsDevice: true, showsProgress: null, logCollection: true })
      expect(esp.name).toBeUndefined()
      expect(item(f, 'esp').status).toBe('unknown')
    })

    it('is unknown when the ESPs were never read, and "none targets" only when they were', () => {
      expect(inputOf(facts({ espSynced: false })).esp).toBeNull()
      expect(inputOf(facts({ espConfigurations: [], espAssignments: [] })).esp).toMatchObject({ targetsDevice: false })
    })
  })

  describe('job and manifest', () => {
    const job = { id: 'j1', name: 'Order 42', expected_profile_id: 'p-ud', group_tag: 'BENCH-MAN', device_name_template: 'MAN-%RAND:4%' }

    it('checks the group tag and profile against the job (a mismatch fails)', () => {
      const f = facts({ job })
      expect(inputOf(f).job).toMatchObject({
        expectedProfileId: 'p-ud',
        expectedProfileName: 'UD-Entra-PreProv',
        groupTag: 'BENCH-MAN',
        deviceNameTemplate: 'MAN-%RAND:4%',
      })
      expect(item(f, 'group-tag')).toMatchObject({ status: 'fail', reason: expect.stringContaining("'BENCH-MAN'") })
      expect(item(facts({ job: { ...job, group_tag: 'BENCH-LDN' } }), 'group-tag').status).toBe('ok')
      expect(buildCard(f).jobId).toBe('j1')
    })

    it('takes the expected user from the manifest row, and previews the job template when the row names no device', () => {
      const manifest = { user_principal_name: 'ada@contoso.com', addressable_user_name: 'Ada', display_name: '' }
      const f = facts({ job, manifest })
      expect(inputOf(f).job?.expectedUserPrincipalName).toBe('ada@contoso.com')
      expect(item(f, 'manifest-user')).toMatchObject({ status: 'fail', reason: expect.stringContaining('ada@contoso.com') })
      const card = buildCard(f)
      expect(card.manifest).toEqual({ userPrincipalName: 'ada@contoso.com', addressableUserName: 'Ada', displayName: '' })
      expect(card.namePreview).toMatchObject({ template: 'MAN-%RAND:4%', preview: 'MAN-####', valid: true })
    })

    it("the manifest row's device name is the target: passed to the readiness check, and the job's template is not offered", () => {
      const manifest = { user_principal_name: 'ada@contoso.com', addressable_user_name: 'Ada', display_name: 'MAN-0001' }
      const f = facts({ job, manifest, device: device({ display_name: 'MAN-0001' }) })
      expect(inputOf(f).job?.manifestDeviceName).toBe('MAN-0001')
      expect(item(f, 'device-name')).toMatchObject({ status: 'ok', reason: expect.stringContaining("is the job manifest's") })
      expect(buildCard(f).namePreview).toBeNull()
    })

    it('without a job, checks nothing job-specific and previews the profile template', () => {
      const f = facts({ profiles: [profile('p-ud', 'UD', { device_name_template: 'TOOLONGPREFIX-%SERIAL%' })] })
      expect(inputOf(f).job).toBeNull()
      expect(buildCard(f).namePreview).toMatchObject({ template: 'TOOLONGPREFIX-%SERIAL%', valid: false })
    })
  })

  describe('user, pending changes and what stays unknown', () => {
    it('licence from the users cache, federation from the verified domains', () => {
      const federated = facts({ device: device({ user_principal_name: 'bo@corp.contoso.com' }), user: { licensed: true } })
      expect(inputOf(federated).user).toEqual({ licensedForIntune: true, federated: true })
      expect(item(federated, 'user').status).toBe('warn')
      const unlicensed = facts({ device: device({ user_principal_name: 'cy@contoso.com' }), user: { licensed: false } })
      expect(inputOf(unlicensed).user).toEqual({ licensedForIntune: false, federated: false })
      expect(item(unlicensed, 'user').status).toBe('fail')
    })

    it('a user the cache has not met, unknown domains and the Entra object stay unknown', () => {
      const f = facts({ device: device({ user_principal_name: 'dee@elsewhere.org' }), domains: null })
      expect(inputOf(f).user).toEqual({ licensedForIntune: null, federated: null })
      expect(inputOf(facts({ device: device({ user_principal_name: 'dee@elsewhere.org' }) })).user?.federated).toBeNull()
      expect(inputOf(f).device.entraDeviceObjectExists).toBeNull()
      expect(item(f, 'entra-object').status).toBe('unknown')
      expect(buildCard(f).readiness.verdict).not.toBe('ready')
    })

    it('outbox values become pending changes, which block', () => {
      const f = facts({ pending: [{ field: 'groupTag', value: 'BENCH-MAN', state: 'pending' }] })
      expect(inputOf(f).device.pendingChanges).toEqual([{ field: 'groupTag', value: 'BENCH-MAN' }])
      expect(item(f, 'pending-changes').status).toBe('fail')
      expect(buildCard(f).device.pending).toHaveLength(1)
      // A change whose last try failed brings its reason and next try along (the readiness words name them).
      const stuck = facts({
        pending: [{ field: 'userPrincipalName', value: 'ben@contoso.com', state: 'sending', error: 'No answer.', nextAttemptAt: '2026-11-23T10:05:00.000Z' }],
      })
      expect(inputOf(stuck).device.pendingChanges).toEqual([
        { field: 'userPrincipalName', value: 'ben@contoso.com', error: 'No answer.', nextAttemptAt: '2026-11-23T10:05:00.000Z' },
      ])
    })
  })

  it('the card passes its wire schema (unknown three-valued answers included)', () => {
    const f = facts({
      device: device({ group_tag: '' }),
      groups: [GROUPS.pilot],
      profileAssignments: [{ profile_id: 'p-ud', group_id: GROUPS.pilot.id, kind: 'include' }],
    })
    const card = buildCard(f)
    expect(card.explanation.candidates[0]?.applies).toBe('unknown')
    expect(deviceCardSchema.safeParse(card).success).toBe(true)
  })

  describe("a group tag change that brings no deployment profile: nothing to wait for, as the card's reminder says", () => {
    // 'NOPROFILE' matches no group with a profile, and no profile is assigned to All Devices (card-fixture).
    const queued = (state: 'pending' | 'failed' = 'pending') => [{ field: 'groupTag' as const, value: 'NOPROFILE', state }]
    const waitWords = /^Wait for profile assignment/

    it('Intune shows Assigning after the change: the readiness list and the bench badge say no profile is coming', () => {
      const f = facts({ device: device({ group_tag: 'NOPROFILE', profile_status: 'assigning', profile_assigned_at: null }) })
      expect(inputOf(f).awaitedProfile).toEqual({ tag: 'NOPROFILE', pending: false, profileName: null, certain: true })
      const card = buildCard(f)
      const assigned = card.readiness.items.find((i) => i.id === 'profile-assigned')!
      expect(assigned).toMatchObject({
        status: 'fail',
        reason: expect.stringMatching(/Assigning, but with group tag 'NOPROFILE'.*no profile assignment to wait for/),
      })
      expect(assigned.fix).not.toMatch(waitWords)
      expect(card.readiness.items.find((i) => i.id === 'profile-mode')).toMatchObject({
        status: 'fail',
        reason: expect.stringMatching(/With group tag 'NOPROFILE' no deployment profile/),
      })
      // The bench row shows this badge (bench-readiness.worker.ts, the same readCardFacts → evaluateReadiness).
      expect(card.readiness.badge.next).not.toMatch(waitWords)
      expect(card.readiness.badge.next).toMatch(/^Give the device a user-driven profile that allows pre-provisioning/)
    })

    it('the change still queued: the old assignment is not passed as the one to keep', () => {
      const f = facts({ pending: queued() })
      expect(inputOf(f).awaitedProfile).toMatchObject({ tag: 'NOPROFILE', pending: true, profileName: null })
      const card = buildCard(f)
      expect(card.readiness.items.find((i) => i.id === 'profile-assigned')).toMatchObject({
        status: 'fail',
        reason: expect.stringMatching(/group tag 'NOPROFILE' \(a change not in Intune yet\)/),
      })
      expect(card.readiness.badge.next).not.toMatch(waitWords)
    })

    it('a failed change is not coming, and a tag that brings a profile still waits for it', () => {
      expect(inputOf(facts({ pending: queued('failed') })).awaitedProfile).toMatchObject({ tag: 'BENCH-LDN', pending: false, profileName: 'UD-Entra-PreProv' })
      const toKiosk = facts({ device: device({ group_tag: 'KIOSK-LDN', profile_status: 'assigning', profile_assigned_at: null }) })
      expect(item(toKiosk, 'profile-assigned')).toMatchObject({ status: 'fail', fix: expect.stringMatching(waitWords) })
    })
  })
})
