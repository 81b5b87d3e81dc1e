import type { BenchStage } from '@shared/bench-schemas'
import { benchStageWords } from '@shared/domain/bench-stage-words'
import { count } from '@shared/domain/words'

/** Bench, attempt recorder and Jobs screens: every user-visible string, Intune admin-center words. */
export const benchStrings = {
  title: 'Bench',
  intro: 'Every device at the bench now. Select one with ↑/↓, then record what its screen shows: P Provision pressed, S success, F failure, R resealed.',
  /** Ctrl+E downloads the active job's hand-over CSV; with no active job it opens Diagnostics (use-export-key.ts): the legend says which. */
  keysHint: (activeJob: boolean) =>
    `Keys: ↑/↓ select · Enter open device card · F2 scan · P Provision pressed · S success · F failure · R resealed · Esc cancel / undo · Ctrl+Z undo · Ctrl+E ${activeJob ? 'hand-over CSV of the active job' : 'Diagnostics (no active job)'}`,
  empty: 'No device at the bench yet. Press F2 and scan a device’s QR code (Win×5 on the OOBE screen): it joins the bench with the active job.',
  scan: 'Scan (F2)',
  loadFailed: 'The bench could not be loaded.',
  columns: { serial: 'Serial number', model: 'Model', job: 'Job', stage: 'Stage', elapsed: 'Elapsed', attempts: 'Attempts', next: 'Next' },
  /** What narrow windows (laptops at 1366 px) show for the columns whose full header would clip to "Ela…"; the full one stays their name. */
  columnsShort: { elapsed: 'Time', attempts: 'Tries' },
  /** The next step per attempt phase, for the bench list (the recorder says it in full). */
  next: {
    none: 'Check readiness, press Provision / Next, then P',
    idle: 'Press Provision / Next, then P',
    provisioning: 'Watch the device: S or F',
    succeeded: 'Reseal, then R',
    failed: 'Choose the next step',
    resealed: 'Box it and ship it',
    closed: 'Press Provision / Next again, then P',
  },
  removeFailed: 'The device could not be removed from the bench.',
  /** A row waiting on Intune, re-read in the background: when Intune was last asked about it, or that it is being asked now. */
  checkedAt: (time: string) => `checked ${time}`,
  checkingNow: 'checking Intune…',
  /** Said after "Remove from bench", with Undo: the button and the notice are where the focus goes, so a second Enter never removes another device. */
  removed: (serial: string) => `Removed ${serial} from the bench.`,
  undoRemove: 'Undo',
  undoRemoveName: (serial: string) => `Undo: put ${serial} back on the bench`,
  dismissRemoved: 'Dismiss',
  restoreFailed: 'The device could not be put back on the bench.',
  restored: (serial: string) => `Put ${serial} back on the bench, as it was.`,
  /**
   * The scan that put this row here read a QR of a registration that is gone, and landed on the serial's registration
   * now (the scan store's `replaced`, the same answer the Scan screen words in strings.scan.replaced). What the app knows
   * only: the QR payload is undocumented (docs/reference/autopilot.md §10.4), so nothing is promised about when the PC's
   * code changes; Refresh on the PC is what the docs name for downloading the profile details again (§3.2 step 5).
   */
  scannedOldRegistration: (serial: string, qrId: string | null, deletedAt: string | null) =>
    (qrId
      ? deletedAt
        ? `The QR code just scanned is the old registration’s: device id ${qrId}, which this app deleted on ${deletedAt} (Register devices › Recycle). `
        : `The QR code just scanned is the old registration’s: device id ${qrId}, which Intune no longer has. `
      : deletedAt
        ? `This app deleted an earlier Windows Autopilot registration of ${serial} on ${deletedAt} (Register devices › Recycle). `
        : '') +
    `${serial} is registered again: this row is its registration now.` +
    (qrId
      ? ' The PC still shows the old registration’s details; press Refresh on the PC to download the profile details again before you press Provision.'
      : ''),
  noJob: '—',
  /** A device still at the bench whose job was closed: its job by name, not "—" (which reads as none). */
  closedJob: (name: string) => `${name} (closed)`,
  notStarted: '—',
  openCard: 'Open device card',
  removeDevice: 'Remove from bench',
  stage: benchStageWords satisfies Record<BenchStage, string>,
  stageIcon: { scanned: '◌', ready: '○', provisioning: '⟳', succeeded: '✓', resealed: '■', failed: '✕' } satisfies Record<BenchStage, string>,
  jobPicker: {
    label: 'Active job',
    hint: 'Scanned devices join this job.',
    none: 'No active job',
    manage: 'Manage jobs',
  },
  recorder: {
    heading: (serial: string) => `Attempt recorder — ${serial}`,
    noneSelected: 'Select a device to record its pre-provisioning attempt.',
    attemptNo: (n: number) => `Attempt ${n}`,
    phase: {
      none: 'Not started. When you press Provision (Windows 10) or Next (Windows 11) on the device, press P.',
      idle: 'Not started. When you press Provision (Windows 10) or Next (Windows 11) on the device, press P.',
      provisioning: 'Provisioning. When the device shows the success screen press S; on the failure screen press F.',
      succeeded: 'Success screen. Work through the reseal checklist, then press R once you pressed Reseal.',
      failed: 'Failed. Read the explanation and choose the next step.',
      resealed: 'Resealed: the device is off. Box it and ship it.',
      closed: 'Attempt closed. Press P when you start the next attempt on the device (Provision / Next, or Retry on its failure screen).',
    },
    provision: 'Provision pressed (P)',
    success: 'Success (S)',
    failure: 'Failure (F)',
    resealed: 'Resealed (R)',
    elapsed: 'Elapsed since Provision',
    recordFailed: 'Not recorded',
    keyNotNow: (key: string) => `${key} does nothing now, nothing was recorded.`,
    saving: 'Recording…',
    /** R on an attempt whose technician flow ran while Intune had another user than the manifest's (docs/reference/autopilot.md §1.4, §3). */
    userMismatch: {
      title: "Reseal with another user's pre-provisioning?",
      body: (inIntune: string, manifest: string, waiting: boolean) =>
        `This attempt ran while Intune had ${inIntune ? `'${inIntune}'` : 'no user'} assigned, not the manifest's '${manifest}'${waiting ? ' (its assignment was still waiting to reach Intune)' : ''}. ` +
        "The technician flow installs the assigned user's apps that install in device context, so this box would ship with that user's. " +
        "Microsoft's documentation does not say what a user assigned after pre-provisioning changes. " +
        `To ship it for '${manifest}': cancel, Reset the device once Intune shows '${manifest}', and provision it again.`,
      confirm: 'Reseal anyway',
      cancel: 'Cancel (Esc)',
    },
  },
  code: {
    label: 'Error code shown on the device',
    hint: 'Type the code (0x80180014, 80180014, -2145910764), the event ID or part of the message. Enter saves, Esc cancels; leave empty if the screen showed none.',
    suggestions: 'Known codes',
    save: 'Save (Enter)',
    cancel: 'Cancel (Esc)',
    correct: 'Correct the code',
    /** A scan while the code field is open: the failure being recorded waits (a scan used to throw it away). */
    scanHeld: (serial: string) => `Scan not used: save or cancel the failure for ${serial} first (Enter saves, Esc cancels), then scan again.`,
    during: 'When it failed (optional: what the screen showed)',
    duringUnknown: 'Not known',
  },
  explain: {
    heading: 'What the error means',
    meaning: 'Meaning',
    cause: 'Likely cause',
    action: 'Recommended action',
    caveats: 'Know before you act',
    source: 'Source',
    noCode: 'No error code was entered. Without a code the knowledge base cannot explain the failure; every next step is offered.',
    unknownHeading: 'Not in the knowledge base',
    during: (stage: string) => `The device's screen showed it during ${stage}.`,
  },
  actions: {
    heading: 'Next step',
    recommended: 'recommended',
    onlineOnly: 'Online only: calls Intune now.',
    resetCaveatsHeading: 'Before Reset',
    done: (label: string) => `Recorded: ${label}.`,
    fixProfileHint: 'Fix the deployment profile in the Intune admin center (steps above), then press Refresh on the device and check the profile.',
    reRegisterHint: 'Deregister and register the device again (steps above); the app records the decision.',
    confirmDelete:
      'Delete the Intune device record (Devices › All devices) of this device now? The Autopilot registration stays, so the device can enroll again on the next attempt (the fix for 0x80180014). This cannot be undone.',
    confirmDeleteButton: 'Delete record',
    cancelDelete: 'Cancel (Esc)',
    retryStarts: 'Retry on the device re-runs the technician flow at once: a new attempt starts now.',
    resetRestarts: 'Reset returns the device to the start of OOBE: press Win×5 and Provision / Next again, then P.',
  },
  sim: {
    drive: 'Also press it on the simulated PC (demo tenant)',
    driveHint:
      'In the demo tenant the device is simulated: Provision, Retry, Reset and Reseal are pressed on it too, and F pre-fills the code its failure screen shows.',
    failed: (message: string) => `Recorded here, but the simulated PC did not take the press: ${message}`,
    notOffered: (action: string, screen: string) =>
      `it shows its “${screen}” screen, which has no ${action} button. Press it on the Simulator screen once it is offered.`,
    /** P while the simulated PC is not on its pre-provisioning (or failure) screen: nothing is pressed there. */
    notAtProvision: (screen: string) =>
      `it shows its “${screen}” screen, not the pre-provisioning screen, so nothing was pressed on it. Go on to the pre-provisioning screen on the Simulator screen; undo this P (Ctrl+Z) and press P again when you press Provision / Next there.`,
  },
  reseal: {
    heading: 'Reseal checklist',
    earliest: 'User flow no earlier than',
    deadline: 'User flow no later than',
    enrolled: 'Enrollment confirmed in Intune',
    awaitingEnrollment: 'Intune has not confirmed the enrollment yet; the app checks after the next sync.',
  },
} as const

export const jobsStrings = {
  title: 'Jobs',
  intro: 'One job per customer or purchase order: what every device of it should end up with.',
  newJob: 'New job',
  showClosed: 'Show closed jobs',
  empty: 'No open job. Create one for the order you are preparing.',
  loadFailed: 'Jobs could not be loaded.',
  columns: {
    name: 'Job',
    purchaseOrder: 'Purchase order',
    profile: 'Deployment profile',
    groupTag: 'Group tag',
    template: 'Device name template',
    manifest: 'Manifest rows',
    status: 'Status',
  },
  open: 'Open',
  closed: (at: string) => `Closed ${at}`,
  active: 'Active job',
  setActive: 'Set as active job',
  edit: 'Edit',
  close: 'Close job',
  closeQuestion: {
    title: (name: string) => `Close the job “${name}”?`,
    meaning:
      'A closed job leaves the open list and takes no new devices: scans no longer join it, and if it is the active job the Bench has none. Its devices, attempts and hand-over report stay.',
    notDone: (notDone: number, total: number, parts: string) =>
      `${notDone} of its ${total} ${total === 1 ? 'device is' : 'devices are'} not done (not resealed): ${parts}.`,
    parts: { pending: (n: number) => `${n} pending`, failed: (n: number) => `${n} failed`, notSeen: (n: number) => `${n} not seen at the bench` },
    allDone: (total: number) => (total === 0 ? 'No device has been scanned for it.' : `All ${total} of its devices are resealed.`),
    confirm: 'Close job',
    cancel: 'Cancel (Esc)',
  },
  handover: 'Hand-over report',
  form: {
    createHeading: 'New job',
    editHeading: (name: string) => `Edit job ${name}`,
    name: 'Name',
    purchaseOrder: 'Purchase order',
    profile: 'Expected deployment profile',
    anyProfile: '(not checked)',
    profilesUnavailable: 'Deployment profiles could not be loaded (offline?): the job can be saved without one.',
    groupTag: 'Group tag',
    template: 'Device name template',
    templateHint: 'E.g. CONTOSO-%SERIAL% or LAB-%RAND:4%. At most 15 characters; letters, digits and hyphens; not only digits. Ignored for hybrid join.',
    preview: (name: string) => `Preview: ${name}`,
    save: 'Save (Enter)',
    cancel: 'Cancel (Esc)',
    saved: (name: string) => `Job “${name}” saved.`,
  },
  manifest: {
    heading: 'Manifest CSV',
    hint: 'Columns: serial number, user (UPN), user friendly name, device name. Rows with problems are skipped and listed; the others are imported.',
    file: 'Choose a CSV file',
    paste: 'Or paste the CSV',
    import: 'Import pasted CSV',
    imported: (n: number) => `${count(n, 'row')} imported.`,
    errorsHeading: (n: number) => `${n} ${n === 1 ? 'line was' : 'lines were'} not imported:`,
    line: (line: number) => `Line ${line}`,
    dismissResult: 'Dismiss',
    emptyPaste: 'Paste the CSV text first.',
    tooLarge: 'This manifest is larger than 5 MB. Split the order into jobs of fewer rows, or leave out columns the manifest does not use.',
  },
  report: {
    heading: (name: string) => `Hand-over report — ${name}`,
    generated: (at: string) => `Generated ${at}`,
    totals: (resealed: number, failed: number, pending: number) => `Resealed ${resealed} · Failed ${failed} · Pending ${pending}`,
    columns: {
      serial: 'Serial number',
      stage: 'Stage',
      attempts: 'Attempts',
      code: 'Last error code',
      provision: 'Provision pressed',
      finished: 'Finished',
      resealed: 'Resealed',
      enrolled: 'Enrollment confirmed',
      elapsed: 'Elapsed',
    },
    empty: 'No device of this job has been at the bench.',
    print: 'Print',
    csv: 'Download CSV',
    close: 'Close report',
    loading: 'Building the report…',
  },
} as const
