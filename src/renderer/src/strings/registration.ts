import { countShown } from '@shared/domain/words'

/** Register devices screen: every user-visible string. */
export const registrationStrings = {
  heading: 'Register devices',
  intro:
    'Drop hardware-hash CSV files (Get-WindowsAutopilotInfo, the OOBE diagnostics export, MDMDiagnostics ZIPs or OEM files). The app checks every line first and shows what it will upload, what it repaired and what it refuses. Nothing is uploaded until you confirm.',
  drop: {
    heading: 'Check files',
    help: 'Drop one or more .csv files (or a diagnostics .zip) here, or',
    choose: 'Choose files…',
    dropHere: 'Drop to check',
    checking: 'Checking…',
  },
  check: {
    heading: 'Check result',
    /** A check kept from before the app restarted (registration:get-draft). */
    keptFromBefore: (time: string) =>
      `Checked ${time} and not uploaded yet: kept from before this window opened (a restart of the app loses nothing). Upload it, or press Check other files to check the files again against today's devices.`,
    summary: (valid: string, rows: string) => `${valid} of ${countShown(rows, 'device')} can be uploaded.`,
    /** Nothing read as a device row, and the file refused (not text, no serial and hash header…). */
    notHashCsv: (files: number) =>
      files === 1
        ? 'This file is not a hardware-hash CSV: nothing in it can be uploaded.'
        : 'These files are not hardware-hash CSVs: nothing in them can be uploaded.',
    hashCsvShape:
      'A hardware-hash CSV is a text file with a header line naming at least Device Serial Number and Hardware Hash (Windows Product ID, Group Tag and Assigned User are optional), then one device per line, as Get-WindowsAutopilotInfo -OutputFile writes it. Why this file was refused is below.',
    files: 'Files',
    fileColumns: { file: 'File', encoding: 'Encoding', rows: 'Rows', valid: 'Will upload' },
    unreadable: 'cannot be read',
    refused: (count: string) => `Refused (${count})`,
    repaired: (count: string) => `Repaired (${count})`,
    warnings: (count: string) => `Warnings (${count})`,
    issueColumns: { file: 'File', line: 'Line', problem: 'Problem', fix: 'Fix' },
    repairColumns: { file: 'File', line: 'Line', what: 'Repaired' },
    more: (count: string) => `…and ${count} more.`,
    willUpload: 'Will upload',
    uploadColumns: { file: 'File', line: 'Line', serial: 'Serial number', groupTag: 'Group tag', user: 'Assigned user' },
    job: (name: string) => `The new devices join the bench job "${name}".`,
    noJob: 'No bench job is active: the new devices will not join a job. Pick one on the Bench screen first if they should.',
    confirm: (count: string) => `Upload ${countShown(count, 'device')}`,
    confirming: 'Queuing…',
    nothing: 'No row can be uploaded. Fix the refused lines and check the files again.',
    /** Every row refused because Intune has it or this PC uploaded it: nothing to fix, nothing to upload. */
    allRegistered: (files: number) =>
      `Every device in ${files === 1 ? 'this file' : 'these files'} is already registered in Intune or was uploaded from this PC (each line below says which): there is nothing to upload or fix.`,
    exportClean: 'Export clean CSV',
    exportHelp: 'For an upload elsewhere: the exact header, no quotes, ANSI, at most 500 rows per file.',
    exported: (files: string) => `Saved ${files}.`,
    skipped: (count: string) => `${countShown(count, 'row')} left out of the export (characters ANSI cannot hold).`,
    discard: 'Check other files',
    failed: 'The files could not be checked.',
  },
  repairs: {
    'bom-removed': 'Byte-order mark removed',
    'utf16-converted': 'Converted from UTF-16 (Unicode) to text Intune reads',
    'type-line-skipped': 'PowerShell "#TYPE" line skipped',
    'header-renamed': 'Header spelled as Intune wants it',
    'header-repeated': 'Repeated header line skipped',
    'delimiter-converted': 'Semicolons / tabs read as commas',
    'quotes-removed': 'Quotes removed',
    'whitespace-trimmed': 'Spaces at the start or end removed',
    'invisible-removed': 'Invisible characters removed',
    'hash-whitespace-removed': 'Spaces inside the hash removed',
    'hash-padded': 'Hash padded with "=" (the documented Base64 rule)',
  } as Record<string, string>,
  queued: {
    heading: 'Other imports',
    why: 'Imports are sent to Intune one at a time, in the order they were confirmed. One waiting for its devices to appear does not hold up the next.',
    item: (confirmed: string, devices: string, job: string | null) =>
      `Confirmed ${confirmed}: ${devices} ${devices === '1' ? 'device' : 'devices'}${job ? `, for the job "${job}"` : ''}`,
    /** Not being sent yet: the one above is. */
    waitsItsTurn: 'waits its turn.',
    /** Sent; its devices are being looked for. */
    waitingForDevices: (withProfile: string, registered: string) =>
      `waiting for its devices to appear with a profile (${withProfile} of ${registered} so far).`,
    syncing: 'running an Autopilot sync.',
    failed: 'failed: it stopped trying and waits for you to retry or discard it.',
    show: 'Show',
    /** The Show button's name for assistive technology: which import it opens. */
    showLabel: (confirmed: string) => `Show the import confirmed ${confirmed} and its devices`,
    /** Finished while the one above was shown, so its result is not lost from view. */
    finished: (registered: string, failed: string) => `finished: ${registered} registered, ${failed} failed.`,
  },
  upload: {
    heading: 'Upload',
    states: {
      draft: 'Not confirmed',
      uploading: 'Uploading to Intune',
      syncing: 'Running an Autopilot sync',
      waiting: 'Waiting for the devices to appear with a profile',
      done: 'Finished',
      failed: 'Failed: stopped trying',
      cancelled: 'Discarded',
    } as Record<string, string>,
    /** What the bar measures, said beside it: results while sending, then devices with a profile while waiting. */
    progressResults: (finished: string, total: string) => `Sent with a result: ${finished} of ${total}`,
    progressProfiles: (withProfile: string, registered: string) => `Appeared with a profile: ${withProfile} of ${registered} registered`,
    /** The table's rows: all of them, or only those that need a look. */
    filter: {
      label: 'Show:',
      all: (n: string) => `All devices (${n})`,
      notRegistered: (n: string) => `Not registered yet (${n})`,
      failed: (n: string) => `Failed (${n})`,
      none: 'No device of this upload matches this choice.',
    },
    /** Between batches: the finished batch's import records are removed first (docs/registration.md step 2). */
    cleanup: (batch: string, left: string, of: string) =>
      `Removing batch ${batch}'s import records from Intune: ${left} of ${of} left. The next batch is sent once they are removed; when Intune throttles (HTTP 429) this takes a minute or two.`,
    rowsShown: (shown: string, of: string) => `${shown} of ${of} shown.`,
    /** The core lists at most 5,000 rows of an upload. */
    rowsListed: (listed: string) => `This list holds the first ${listed}.`,
    showMore: (n: string) => `Show ${n} more`,
    /** After the 10-minute rule's message, in the technician's time. */
    syncAllowedAt: (time: string) => `The next Autopilot sync is allowed at ${time}.`,
    /** Without a bench job (none was active at upload) the sentence says nothing of one: "0 joined the job" read as a failure. */
    counts: (c: { registered: string; failed: string; total: string; appeared: string; withProfile: string; joined: string; job: string | null }) =>
      `${c.registered} registered, ${c.failed} failed of ${c.total}; ${c.appeared} appeared, ${c.withProfile} with a profile` +
      (c.job === null ? '.' : `, ${c.joined} joined the job${c.job ? ` "${c.job}"` : ''}.`),
    rowColumns: { serial: 'Serial number', line: 'File and line', result: 'Result', device: 'Device' },
    rowStatus: {
      queued: 'Waiting to be sent',
      submitting: 'Sending',
      submitted: 'Intune is processing',
      complete: 'Registered',
      error: 'Failed',
      timeout: 'No result in time',
    } as Record<string, string>,
    appeared: 'In Windows Autopilot devices',
    notYet: 'Not yet visible',
    profile: (status: string) => `profile status ${status}`,
    joined: 'joined the job',
    recordKept: 'import record not deleted yet',
    none: 'No upload yet.',
    open: 'Open device',
    /** A row of a batch Intune refused whole (HTTP 400); the reason is said once, above the rows. */
    refusedRow: 'Not registered: Intune refused its batch (the reason is above)',
    /** Rows of a batch whose try failed, while the upload waits to try again. */
    retryRow: (time: string) => `Not registered yet: trying again at ${time}`,
    /** Rows of an upload that stopped trying (Failed) and got no result: not "Sending" for ever. */
    failedRow: {
      queued: 'Not sent: the upload stopped trying',
      submitting: 'Not registered: the upload stopped trying (Retry first looks for what Intune received)',
    } as Record<string, string>,
    /** Of a Failed upload: the devices without a result, said beside "0 failed" (which counts Intune's per-device errors). */
    notRegistered: (n: string) => ` ${n} not registered: the upload stopped trying.`,
    /** Rows of a discarded upload that never got a result. */
    discardedRow: {
      queued: 'Not sent (discarded)',
      submitting: 'Discarded; Intune could not be asked whether it received it',
      submitted: 'Discarded while Intune was processing it',
    } as Record<string, string>,
  },
  failure: {
    heading: 'What now',
    /** Waiting between tries after a failed one. */
    between: (tries: string, errors: string, max: string, at: string) =>
      `${tries === '1' ? 'The last try' : `${tries} tries in a row`} failed${errors === '0' ? '' : ` (${errors} of ${max} answered with an error)`}. Trying again at ${at}.`,
    failed: 'Retry when Intune answers again: the app first looks for what Intune already received, so no device is sent twice. Or discard the upload.',
    kept: (devices: string) =>
      `The hardware hashes of ${devices} not registered are kept on this PC until you discard the upload; export them first to upload them later or elsewhere.`,
    retry: 'Retry now',
    retrying: 'Retrying…',
    export: 'Export devices not registered',
    exported: (files: string) => `Saved ${files}.`,
    discard: 'Discard upload…',
    confirmDiscard: (devices: string) =>
      `Discard this upload? The app first checks what Intune already received. The hashes of ${devices} not registered are then deleted from this PC.`,
    discardYes: 'Discard',
    discardNo: 'Keep it',
    discarding: 'Checking with Intune…',
    discardAnyway: 'Discard anyway',
    failedAction: 'That did not work.',
  },
}
