import type { DeviceRecord } from '../model/device-record'
import { isSelfDeploying } from '../model/profile'
import type { MockState } from '../mock-state'
import { reenrollsAutomatically } from '../domain/device-actions'
import { isEnrolled, windowsOf } from '../domain/device-facts'
import { isVirtualMachine, type PresentedDevice } from '../store/device-view'

/**
 * Ready-made bench devices, one per documented situation, found in the generated tenant (the first
 * match in each manufacturer block). They make demos and e2e tests start from a known device:
 * `GET /_sim/scenarios`, or `/_sim/devices/<scenario name>`.
 */
export interface Scenario {
  name: string
  description: string
  matches: (facts: ScenarioFacts) => boolean
}

interface ScenarioFacts {
  state: MockState
  record: DeviceRecord
  presented: PresentedDevice
}

const assigned = (f: ScenarioFacts) =>
  f.presented.identity.deploymentProfileAssignmentStatus === 'assignedInSync' && f.presented.identity.remediationState === 'noRemediationRequired'
const profileOf = (f: ScenarioFacts) => (f.presented.deploymentProfile ? f.state.config.profiles.get(f.presented.deploymentProfile.id) : undefined)
const fresh = (f: ScenarioFacts) => !isEnrolled(f.record) && !isVirtualMachine(f.record.identity)
const preprov = (f: ScenarioFacts) => {
  const profile = profileOf(f)
  return profile !== undefined && profile.preprovisioningAllowed && !isSelfDeploying(profile) && !profile.displayName.includes('Hybrid')
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'ready-win11',
    description: 'Windows 11, Entra join profile with pre-provisioning, assigned user: the happy path (Next).',
    matches: (f) => assigned(f) && fresh(f) && preprov(f) && f.record.identity.userPrincipalName !== '' && windowsOf(f.state, f.record).name === 'Windows 11',
  },
  {
    name: 'ready-win10',
    description: 'Windows 10, Entra join profile with pre-provisioning: the happy path (Provision); QR code on the result screens too.',
    matches: (f) => assigned(f) && fresh(f) && preprov(f) && windowsOf(f.state, f.record).name === 'Windows 10',
  },
  {
    name: 'hybrid',
    description: 'Hybrid join profile with pre-provisioning.',
    matches: (f) => assigned(f) && fresh(f) && (profileOf(f)?.displayName ?? '').includes('Hybrid-PreProv'),
  },
  {
    name: 'no-preprovisioning',
    description: 'Profile without "Allow pre-provisioned deployment": 0x80180005 at device registration.',
    matches: (f) => assigned(f) && fresh(f) && profileOf(f)?.preprovisioningAllowed === false && !isSelfDeploying(profileOf(f)!),
  },
  {
    name: 'self-deploying',
    description: 'Self-deploying profile: pre-provisioning is not allowed (0x80180005).',
    matches: (f) => assigned(f) && fresh(f) && profileOf(f) !== undefined && isSelfDeploying(profileOf(f)!),
  },
  {
    name: 'no-profile',
    description: 'No group targets it (notAssigned): the red screen, no QR code.',
    matches: (f) => f.presented.identity.deploymentProfileAssignmentStatus === 'notAssigned' && !isVirtualMachine(f.record.identity),
  },
  {
    name: 'assigning',
    description: 'Profile assignment pending (Assigning): no profile yet, no QR code.',
    matches: (f) => f.presented.identity.deploymentProfileAssignmentStatus === 'pending' && f.presented.deploymentProfile === null,
  },
  {
    name: 'virtual-machine',
    description: 'A virtual machine with a pre-provisioning profile: 0x800705B4 at "Securing your hardware".',
    matches: (f) => assigned(f) && isVirtualMachine(f.record.identity) && preprov(f),
  },
  {
    name: 'reenroll-blocked',
    description:
      'Already enrolled through pre-provisioning, OEM without automatic re-enrollment: 0x80180014 until Unblock (allowNextEnrollment) or the Intune record is deleted.',
    matches: (f) =>
      assigned(f) &&
      preprov(f) &&
      f.record.enrolledVia === 'preProvisioning' &&
      isEnrolled(f.record) &&
      !reenrollsAutomatically(f.record) &&
      !isVirtualMachine(f.record.identity) &&
      f.presented.identity.enrollmentState === 'enrolled',
  },
  {
    name: 'reenroll-automatic',
    description: 'Already enrolled through pre-provisioning on a Dell/HP/Lenovo/Dynabook/Surface: re-enrolls automatically.',
    matches: (f) =>
      assigned(f) &&
      preprov(f) &&
      f.record.enrolledVia === 'preProvisioning' &&
      isEnrolled(f.record) &&
      reenrollsAutomatically(f.record) &&
      f.presented.identity.enrollmentState === 'enrolled',
  },
  {
    name: 'fix-pending',
    description: 'Hardware change detected (Fix pending): no profile delivered; Unblock refused.',
    matches: (f) => f.presented.identity.remediationState === 'automaticRemediationRequired' && f.presented.deploymentProfile !== null,
  },
  {
    name: 'attention-required',
    description: 'Re-registration failed (Attention required): no profile until deregistered and registered again.',
    matches: (f) => f.presented.identity.remediationState === 'manualRemediationRequired',
  },
]

const cache = new WeakMap<MockState, Map<string, string>>()
const PER_BLOCK = 3000

/**
 * Scenario name → device id (computed once per mock, on first use; bounded work even for 1M devices).
 * The names follow the PC they were first given to: a restart with a state file takes them from the
 * file (restoreScenarioDevices), as its PC may have changed since (provisioned, user unassigned) and the
 * first match now be another PC, while the app's cache and bench still know the old one by that name.
 */
export function scenarioDevices(state: MockState): ReadonlyMap<string, string> {
  const known = cache.get(state)
  if (known) return known
  const found = new Map<string, string>()
  const starts = state.tenant.blockStarts()
  for (const scenario of SCENARIOS) {
    search: for (const start of starts) {
      for (let i = start; i < Math.min(state.tenant.count, start + PER_BLOCK); i++) {
        const record = state.devices.get(state.tenant.idAt(i))
        if (!record) continue
        if (scenario.matches({ state, record, presented: state.present(record) })) {
          found.set(scenario.name, record.identity.id)
          break search
        }
      }
    }
  }
  cache.set(state, found)
  return found
}

/**
 * Puts back the names a state file kept, each on its PC even if that PC's record has since been deleted
 * (the simulator shows it unregistered, as it did before the restart). Names the file does not hold (a
 * scenario added since, or one no PC matched) are looked for again.
 */
export function restoreScenarioDevices(state: MockState, saved: ReadonlyArray<readonly [string, string]>): void {
  const known = new Set(SCENARIOS.map((scenario) => scenario.name))
  const kept = new Map(saved.filter(([name]) => known.has(name)))
  if (kept.size < known.size) {
    cache.delete(state)
    for (const [name, id] of scenarioDevices(state)) if (!kept.has(name)) kept.set(name, id)
  }
  cache.set(state, kept)
}
