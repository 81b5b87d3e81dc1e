import { count } from '@shared/domain/words'

/** Words for orders: the manifest (rows, re-import diff), the hand-over status and box labels, and attempt corrections. */
export const ordersStrings = {
  manifestRows: {
    heading: (n: number) => `Manifest (${count(n, 'device')})`,
    empty: 'No manifest rows yet. Import a CSV above or add a row.',
    columns: { serial: 'Serial number', user: 'User (UPN)', friendly: 'User friendly name', name: 'Device name', actions: 'Actions' },
    edit: 'Edit',
    remove: 'Remove',
    add: 'Add row',
    save: 'Save row (Enter)',
    cancel: 'Cancel (Esc)',
    confirmRemove: (serial: string) => `Remove ${serial} from the manifest?`,
    removeMeaning:
      'The order no longer lists it: its user and device name are no longer pre-staged, and the hand-over report counts it only if it was scanned for the job. Add row puts it back.',
    confirmRemoveYes: 'Remove row',
    cancelRemove: 'Cancel (Esc)',
  },
  diff: {
    heading: 'Check the changes before importing',
    summary: (added: number, changed: number, removed: number, unchanged: number) =>
      `${added} added · ${changed} changed · ${removed} removed · ${unchanged} unchanged`,
    removedWarning: (n: number) =>
      `${n} ${n === 1 ? 'device is' : 'devices are'} on the manifest now but not in this file: importing removes ${n === 1 ? 'it' : 'them'}.`,
    added: 'Added',
    changed: 'Changed',
    removed: 'Removed',
    confirm: 'Import and replace the manifest',
    merge: 'Import, keep the removed rows',
    cancel: 'Cancel',
    nothing: 'This file changes nothing on the manifest.',
    skipped: (n: number) => `${n} ${n === 1 ? 'line is' : 'lines are'} skipped (fix ${n === 1 ? 'it' : 'them'} in the file and import again):`,
    /** One changed field of a changed row: "Device name: PC-OLD → PC-NEW" (an empty field reads "—"). */
    field: (label: string, before: string, after: string) => `${label}: ${before || '—'} → ${after || '—'}`,
    unusedColumns: (names: readonly string[]) =>
      `${names.length === 1 ? 'Column' : 'Columns'} ${names.map((name) => `“${name}”`).join(', ')} ${names.length === 1 ? 'is' : 'are'} not used: ` +
      'the manifest reads serial number, user (UPN), user friendly name and device name. ' +
      'Understood headers include Serial, SN, UPN, User, Email, Friendly name, Device name, Device, Computer name and Host name: ' +
      'rename the column and import again if it holds one of these.',
    leadingZerosLost: (n: number) =>
      `${n === 1 ? 'This serial looks' : `${n} serials look`} shortened by Excel: Intune has ${n === 1 ? 'it' : 'them'} with zeros in front, ` +
      'and Excel drops leading zeros from a column of numbers when it opens and saves a CSV. ' +
      `As imported, ${n === 1 ? 'the row' : 'these rows'} would never match ${n === 1 ? 'its device' : 'their devices'} at the bench. ` +
      'Fix the serials in the file (in Excel, import the column as Text; or edit the CSV in a text editor) and import again, or correct the rows after importing.',
    leadingZerosRow: (inFile: string, inIntune: string) => `${inFile} in the file, ${inIntune} in Intune`,
    restoreZeros: 'Use Intune’s serials (add the zeros back)',
    /** Users of the rows to import that Intune does not have (the hash-CSV check's rule): the assignment would be refused at delivery. */
    usersNotFound: (n: number) =>
      `${n === 1 ? 'This user does' : `These ${n} users do`} not exist in the tenant (Intune answered “no such user”). ` +
      'Pre-stage would queue the assignment and Intune would refuse it. Fix the UPN in the file and import again, or correct the rows after importing.',
    usersNotChecked: (n: number) =>
      `${n === 1 ? 'This user is' : `These ${n} users are`} not in this app’s users cache and Intune could not be asked (offline or not signed in): ` +
      'whether they exist could not be checked.',
    userRow: (upn: string, serials: readonly string[]) =>
      `${upn} — ${serials.slice(0, 5).join(', ')}${serials.length > 5 ? ` and ${serials.length - 5} more` : ''}`,
    zerosRestored: (n: number) =>
      `${n === 1 ? 'One serial is' : `${n} serials are`} imported as Intune has ${n === 1 ? 'it' : 'them'}, with the zeros Excel dropped added back. The file itself is unchanged.`,
  },
  notOnManifest: (job: string) => `Not on the manifest of ${job}: check the serial against the order before provisioning.`,
  notOnManifestShort: 'Not on manifest',
  status: { resealed: 'Resealed', failed: 'Failed', pending: 'Pending', 'not-seen': 'Not seen' },
  reportTotals: (t: { resealed: number; failed: number; pending: number; notSeen: number; notOnManifest: number }) =>
    `Resealed ${t.resealed} · Failed ${t.failed} · Pending ${t.pending} · Not seen ${t.notSeen}${t.notOnManifest > 0 ? ` · Not on manifest ${t.notOnManifest}` : ''}`,
  reportColumns: {
    serial: 'Serial number',
    status: 'Status',
    user: 'User',
    name: 'Device name',
    tag: 'Group tag',
    profile: 'Deployment profile',
    attempts: 'Attempts',
    code: 'Last error code',
    resealed: 'Resealed',
    window: 'User flow window',
    elapsed: 'Elapsed',
  },
  window: (from: string, to: string) => `${from} – ${to}`,
  /** A window too narrow for every column of the hand-over report: which are left out, and where they are. */
  narrowReport: 'Group tag and Deployment profile are left out in a window this narrow; Print and Download CSV have every column.',
  /** Under the manifest's user or device name when Intune has another (a failed or waiting change). */
  inIntune: (value: string) => `Intune has ${value}`,
  /** Under the manifest's user when the technician flow ran with another one (the assignment had not reached Intune). */
  provisionedWith: (value: string) => `provisioned while Intune had ${value}`,
  /** Under the device's group tag in the hand-over report, when the job asks for another. */
  notJobTag: (jobTag: string) => `Not the job's tag (${jobTag})`,
  noUserInIntune: 'no user',
  /** A device scanned for this job that is now at the bench under another one. */
  movedTo: (job: string) => `moved to ${job}`,
  /** A manifest device never scanned for this job, at the bench under another one. */
  atBenchFor: (job: string) => `at the bench for ${job}`,
  /** At the bench for this job after being resealed for another one: not provisioned here. */
  resealedFor: (job: string) => `already resealed for ${job || 'another job'}: not provisioned for this one`,
  noNameInIntune: 'no device name',
  labels: {
    open: 'Box labels',
    heading: (job: string) => `Box labels — ${job}`,
    none: 'No resealed device yet: labels are printed for resealed devices only.',
    print: 'Print labels',
    back: 'Back to the report',
    serial: 'Serial number',
    user: 'User',
    name: 'Device name',
    qr: (serial: string) => `QR code of serial number ${serial}`,
  },
  guard: {
    heading: 'This device is not ready',
    intro: 'Provisioning now will probably fail or give the wrong result:',
    /** Readiness is Ready, yet something asks first (the simulated PC is off, the device was resealed). */
    readyHeading: 'Check before provisioning',
    readyIntro: 'Readiness is ✓ Ready, but:',
    unknown: 'Its readiness could not be checked (offline or not in the cache).',
    /** Every other check passed; online checks still had no answer after P waited for them. */
    checkingHeading: 'Readiness is still being checked',
    checking: (names: string[]) => `Still checking: ${names.join(', ')}.`,
    checkingChoice: 'Provision now, or cancel (Esc) and press P again once the answer is in.',
    checkNames: { licence: 'licence', entra: 'Microsoft Entra device' },
    poweredOff: 'The simulated PC is switched off',
    poweredOffFix: 'switch it on in the Simulator and press Provision (or Next) on its screen first.',
    /** P on a device whose last attempt was resealed: a new attempt, asked first (docs/reference/autopilot.md §4, §5). */
    resealed: (attempt: number) => `Already resealed (attempt ${attempt})`,
    resealedFor: (job: string | null, attempt: number) => `Already resealed for ${job ?? 'another job'} (attempt ${attempt})`,
    resealedFix:
      'a resealed device is shipped, not provisioned again. Only if it was reset and shows the Win×5 screen again, provision anyway to start a new attempt: a second pre-provisioning can meet the one-time limit (0x80180014), which deleting the Intune device record lifts.',
    confirm: 'Provision anyway (Enter)',
    cancel: 'Cancel (Esc)',
  },
  undo: {
    offer: (what: string) => `Recorded: ${what}.`,
    button: 'Undo (Esc or Ctrl+Z)',
    /** On the device card, where the recorder's keys are off. */
    buttonNoKeys: 'Undo',
    done: (what: string) => `Undone: ${what}.`,
    event: {
      'provision-pressed': 'Provision pressed',
      succeeded: 'Success',
      failed: 'Failure',
      'code-entered': 'Error code',
      resealed: 'Resealed',
      'enrollment-confirmed': 'Enrollment confirmed',
      'next-action': 'Next action',
      cancelled: 'Cancelled',
    } as Record<string, string>,
  },
  voiding: {
    button: 'Void this attempt…',
    reason: 'Why is this attempt void?',
    confirm: 'Void attempt',
    cancel: 'Cancel',
    voided: (reason: string) => `Void: ${reason}`,
  },
} as const
