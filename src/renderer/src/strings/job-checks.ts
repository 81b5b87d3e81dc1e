/** The job form's Autopilot warnings (profile, group tag, template against real serials). */
import { count } from '@shared/domain/words'
export const jobChecksStrings = {
  selfDeploying: (name: string) =>
    `'${name}' is self-deploying: it can't pre-provision (Windows×5 → 0x80180005). Bench jobs need a user-driven profile with "Allow pre-provisioned deployment" = Yes.`,
  noPreprovisioning: (name: string) => `'${name}' has "Allow pre-provisioned deployment" = No: pre-provisioning fails with 0x80180005 until it is set to Yes.`,
  profileUnknown: (name: string) => `Whether '${name}' allows pre-provisioning is not known: sync the profiles to check.`,
  serialMisfit: (serial: string, name: string, problem: string) => `Serial ${serial} (at the bench) gives '${name}': ${problem}`,
  serialsFit: (lengths: number, devices: number) =>
    `Checked against the ${count(devices, 'serial number')} at the bench (${count(lengths, 'length')}): every name fits.`,
  tagSaveAgain:
    'Press Save (Enter) again to keep this group tag anyway (e.g. the tenant gets its Autopilot group later); Pre-stage will say the same before it applies it.',
  tagNotCertain: 'Not certain: some group memberships could not be told from the cached groups.',
}
