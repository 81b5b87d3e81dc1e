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
}
