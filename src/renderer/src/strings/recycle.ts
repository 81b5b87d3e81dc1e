/** Recycle panel of the Register devices screen: every user-visible string (the flows' own words are in src/shared/domain/recycle-flows.ts). */
export const recycleStrings = {
  heading: 'Recycle a device',
  intro: 'Repairs, board swaps, reuse for another user or customer: find the device, pick what happens to it, and follow the steps in order.',
  serial: 'Serial number',
  find: 'Find',
  notFound: 'No device with this serial number in the cache. Sync, or check the serial.',
  device: (serial: string, model: string, user: string) => `${serial}${model ? ` — ${model}` : ''}${user ? `, assigned to ${user}` : ', no user assigned'}.`,
  flow: 'What happens to it',
  pickFlow: 'Pick what happens to this device; its steps follow, in the order Microsoft documents.',
  optional: '(optional since 2307)',
  typeSerial: (serial: string) => `Type or scan ${serial} to confirm:`,
  run: 'Run this step',
  running: 'Running…',
  elsewhere: 'Done on the device or elsewhere; the app cannot do this step for you.',
  failed: 'The step did not run.',
  /** While the app knows Intune cannot be reached (the status bar says Offline). */
  offline: 'Offline: Intune cannot be reached. These steps change or read the device in Intune, so they are off until the app is online again.',
  /** What the device has, read from Intune (or the cache when offline). */
  records: (plan: { autopilot: boolean; intune: boolean | null; entra: boolean | null; fromCache: boolean }) =>
    [
      plan.autopilot ? 'Autopilot registration: yes' : 'Autopilot registration: none (already deleted)',
      `Intune device record: ${plan.intune === null ? 'not known' : plan.intune ? 'yes' : 'none'}`,
      `Microsoft Entra device: ${plan.entra === null ? 'not known' : plan.entra ? 'yes' : 'none'}`,
    ].join(' · ') + (plan.fromCache ? ' (from the cache: Intune could not be asked)' : '.'),
  checking: 'Checking what this device has in Intune…',
  /** A step that does not apply to this device: said instead of offering it. */
  noIntuneRecord: 'No Intune device record (managed device) for this device: nothing to delete. Go on with the next step.',
  noUser: 'No user is assigned to this device: nothing to unassign. Go on with the next step.',
  noRegistration: 'The Autopilot registration is already gone: nothing to do here.',
}
