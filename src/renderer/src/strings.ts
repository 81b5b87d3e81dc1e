import { profileStatusLabels } from '@shared/domain/enrollment-words'
import { SEARCH_ANYWHERE_FROM_CHARS, type ProfileStatus } from '@shared/device-schemas'
import type { ChangeKind, ChangeState } from '@shared/change-schemas'
import type { ErrorCode } from '@shared/error-codes'
import { count, countShown } from '@shared/domain/words'

/**
 * Every user-facing string of the renderer, in one place, so wording stays consistent (Intune
 * admin-center vocabulary) and a later translation touches one file. Error explanations per code
 * live in src/shared/error-codes.ts (`errorText`), next to the codes themselves.
 */
/** What kinds of ignored codes were seen, in words ("a Wi-Fi code and a web link"). */
function describeCodes(kinds: readonly string[]): string {
  const words = [...new Set(kinds.map((kind) => (kind === 'wifi' ? 'a Wi-Fi code' : kind === 'url' ? 'a web link' : 'another code')))]
  return words.length <= 1 ? (words[0] ?? 'another code') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`
}

export const strings = {
  appName: 'Autopilot Bench',

  nav: {
    label: 'Screens',
    devices: 'Devices',
    changes: 'Changes',
    /** The badge on the Changes entry, read out with the label. */
    changesBadge: (count: string) => `${count} not yet in Intune`,
    scan: 'Scan',
    simulator: 'Simulator',
    bench: 'Bench',
    jobs: 'Jobs',
    diagnostics: 'Diagnostics',
    register: 'Register devices',
  },

  tokenMissing: {
    title: 'Session token missing',
    /** Shown as: before + <code>command</code> + after. */
    body: { before: 'Session token missing — open the full address printed by ', command: 'npm run web', after: ' (it ends with #token=…).' },
    why: 'For safety the token is removed from the address bar as soon as the app loads; this tab keeps it for a reload, but a new tab or a restarted server needs the full address again.',
  },
  sessionEnded: {
    title: 'This session has ended',
    /** Shown as: before + <code>command</code> + after. */
    body: {
      before: "The app's local server refused this tab's session token: it was restarted and made a new one. Open the full address ",
      command: 'npm run web',
      after: ' printed last (it ends with #token=…), here or in a new tab. Nothing you saved is lost: it is in the app, not in this tab.',
    },
  },

  /** Browser mode: the tab's local server stopped answering (`npm run web` ended); kept until it answers again. */
  localServerGone: {
    title: "Autopilot Bench's local server stopped",
    /** Shown as: before + <code>command</code> + after. */
    body: {
      before: 'Nothing you did is lost: it is saved in the app, not in this tab. Start it again with ',
      command: 'npm run web',
      after: ' and open the new address it prints (it ends with #token=…).',
    },
    why: 'This tab cannot reconnect by itself: a started server makes a new session token. Until then nothing here reaches the app or Intune, and what is shown is as it was when the server stopped.',
  },

  errorBoundary: {
    title: 'This screen ran into a problem',
    body: 'Your data is safe. Reload the screen to try again; if it keeps happening, export diagnostics.',
    reload: 'Reload',
    detail: 'Technical detail',
  },

  /** Ctrl+E's outcome, pressed from any screen. */
  keyNotice: {
    exported: (fileName: string) => `Hand-over CSV saved: ${fileName}`,
    exportFailed: (message: string) => `Hand-over CSV not exported: ${message} Open the job under Jobs to try again.`,
    dismiss: 'Dismiss',
  },
  status: {
    label: 'Status',
    tenant: 'Tenant',
    tenantLoading: 'Loading tenant…',
    tenantUnknown: 'Tenant unavailable',
    online: 'Online',
    /** Browser mode: the app's own local server stopped (the banner at the top says what to do). */
    localServerGone: 'App server stopped',
    /** A sync is waiting: for an answer Intune has not given yet, or out a fault or throttling before its retry. */
    waitingForIntune: 'Waiting for Intune',
    notSynced: 'Not synced yet',
    offlineSince: (time: string) => `Offline — showing data from ${time}`,
    offlineNoData: 'Offline — no data downloaded yet',
    lastSyncFailed: 'Last sync failed',
    /** Intune answers, but the last sync ended without finishing (throttled, a server error): the cache is not current. */
    onlineLastSyncFailed: 'Online — last sync failed',
    lastSyncCancelled: 'Last sync cancelled',
    lastSync: (time: string) => `Last sync ${time}`,
    neverSynced: 'Never synced',
    deviceCount: (count: string) => `${countShown(count, 'device')} in cache`,
    syncing: (devices: string) => `Syncing… ${countShown(devices, 'device')}`,
    /** The running sync waits for Intune (no answer in time, throttled, offline): "Syncing… 0 devices" read as stuck for good. */
    syncWaiting: (devices: string) => `Sync waiting — ${countShown(devices, 'device')} so far`,
    /** Intune has answered nothing of the running sync for this long (it ticks). */
    noAnswerFor: (clock: string) => `Intune: no answer for ${clock}`,
    /** The running sync's try while Intune is silent, and when it gives up (it ticks). */
    syncTry: (attempt: number, attempts: number, clock: string | null) =>
      clock === null ? `Sync try ${attempt} of ${attempts}` : `Sync try ${attempt} of ${attempts}, stops in ${clock}`,
    syncTryHint: 'Open Devices: what the sync is waiting for, and Cancel sync',
    connectionUnknown: 'Connection not checked yet',
    /** The active customer tenant has no usable sign-in: nothing reaches Intune until the technician signs in. */
    notSignedIn: 'Not signed in',
    notSignedInHint: (tenant: string) => `Not signed in to ${tenant} — sign in under Settings › Tenants to sync and send changes.`,
    changesWaiting: (count: string, n: number) => (n === 1 ? '1 change waiting for Intune' : `${count} changes waiting for Intune`),
    changesFailed: (count: string, n: number) => (n === 1 ? '1 change failed' : `${count} changes failed`),
    changesConflicts: (count: string, n: number) => (n === 1 ? '1 conflict to resolve' : `${count} conflicts to resolve`),
    changesNone: 'No changes waiting for Intune',
    dataDirNotPrivate: 'Data folder readable by other users — see the log',
    databaseNotice: { damaged: 'Database damaged — restart to repair', rebuilt: 'Database rebuilt — see Settings' },
    databaseNoticeHint: 'Open Settings: what happened and what to do',
    changesHint: 'Open the Changes screen',
    /**
     * Words a narrow window (1024 px) leaves out, whole, at the end of the less important items ("0 devices in
     * cache" → "0 devices", "No changes waiting for Intune" → "No changes waiting"), so the tenant and the sync's
     * state keep theirs and nothing is cut mid-word. The full text stays the item's title.
     */
    narrowTails: [' in cache', ' for Intune'],
  },

  devices: {
    heading: 'Autopilot devices',
    searchLabel: 'Search serial number, user, group tag, model',
    searchPlaceholder: 'Serial, user, group tag, model…',
    searchShortcut: 'Ctrl+K',
    searchShortcutHint: 'Press Ctrl+K to search from anywhere.',
    tableCaption: 'Autopilot devices in the local cache',
    columns: {
      serialNumber: 'Serial number',
      manufacturer: 'Manufacturer',
      model: 'Model',
      groupTag: 'Group tag',
      userPrincipalName: 'Assigned user',
      displayName: 'Device name',
      profileStatus: 'Profile status',
    },
    showing: (shown: string, total: string) => `Showing ${shown} of ${countShown(total, 'device')}`,
    loading: 'Loading devices…',
    emptyCache: 'No devices in the cache yet — press Sync to download them from Intune.',
    /** The cache is empty while a sync runs (Sync is disabled then, its progress shown above). */
    emptyCacheSyncing: 'Downloading devices from Intune — they appear here as they arrive.',
    noMatch: (search: string) =>
      [...search].length < SEARCH_ANYWHERE_FROM_CHARS
        ? `No serial number starts with “${search}”. One or two characters search the start of serial numbers; type 3 or more to search users, group tags, device names and models too.`
        : `No devices match “${search}”.`,
    /** After noMatch while the first download runs: the device may simply not have arrived yet. */
    noMatchFirstSync:
      'The first download from Intune is still running: more devices are still arriving, so it may be among them. Search again when it has finished.',
    /** The search box was filled in from an earlier session (it hides every device that does not match). */
    searchRestored: (search: string) => `Search kept from your last session: “${search}”. Only matching devices are shown.`,
    clearSearch: 'Clear search',
    /** Shown above the matches of a one- or two-character search, which looks at serial numbers only. */
    shortSearch: 'One or two characters find serial numbers that start with them; type 3 or more to search users, group tags, names and models too.',
    /** While a first download's devices are listed but not yet in the search index (devices-repo: searchBehind). */
    searchBehind:
      'The first download is still running: search finds its devices once it has finished, so matches may be missing until then. To find a device now, scan its QR code (F2).',
    /** The same, once no sync runs: the first download stopped before its devices were indexed (a full disk, say). */
    searchBehindStopped:
      'The first download stopped before search could take in all its devices, so matches may be missing. Press Sync to finish it. To find a device now, scan its QR code (F2).',
    loadFailed: 'The device list could not be loaded.',
    retry: 'Try again',
    empty: '—',
    /** The visible rows of the virtualized list, after the count. */
    rows: (first: string, last: string) => `rows ${first}–${last}`,
    listLabel: 'Device list',
    listHint: 'Use the arrow keys, Page Up, Page Down, Home and End to move through the list.',
    placeholder: 'Loading…',
  },

  /** A value changed in this app that Intune does not show yet, in place of Intune's value. */
  pending: {
    pending: 'Pending',
    failed: 'Not sent',
    conflict: 'Conflict',
    intuneShows: (value: string) => `Intune shows: ${value}`,
    failedHint: 'Sending this change failed; see Changes.',
    conflictHint: 'Intune changed this value too; choose on the Changes screen.',
    friendlyName: (value: string) => `User friendly name → ${value}`,
    lastTry: (reason: string) => `last try: ${reason}`,
    none: '(none)',
  },

  changes: {
    heading: 'Changes',
    intro: 'Every change made in this app waits here until Intune shows it. Nothing is dropped without you deciding.',
    showDelivered: 'Show delivered',
    loading: 'Loading changes…',
    loadFailed: 'The changes could not be loaded.',
    retryLoad: 'Try again',
    empty: 'No changes waiting for Intune.',
    emptyAll: 'No changes have been made in this app yet.',
    listLabel: 'Changes, newest first',
    kind: {
      'group-tag': 'Group tag',
      'device-name': 'Device name',
      'user-friendly-name': 'User friendly name',
      'assign-user': 'Assigned user',
      'unassign-user': 'Unassign user',
    } satisfies Record<ChangeKind, string>,
    state: {
      pending: 'Waiting to send',
      sending: 'Sending',
      verifying: 'Checking Intune',
      done: 'Delivered',
      failed: 'Failed',
      conflict: 'Conflict',
      discarded: 'Discarded',
    } satisfies Record<ChangeState, string>,
    none: '(none)',
    device: 'Device',
    from: 'From',
    to: 'To',
    attempts: (n: number) => count(n, 'attempt'),
    queuedAt: (time: string) => `Queued ${time}`,
    updatedAt: (time: string) => `Last update ${time}`,
    // The sentence under it says what Intune did ("… and did not take the change"): the title does not say it again.
    failedTitle: 'Why it failed',
    /** A change still on its way whose last try did not get through: why, and when the next one is. */
    /** Still queued while the tenant has no sign-in: it is not retried, it waits for the sign-in. */
    waitingForSignIn: (tenant: string) => `Waits for you to sign in to ${tenant} (Settings › Tenants); then it is sent.`,
    waitingReason: (reason: string, next: string | null) => (next ? `${reason}. Trying again at ${next}.` : `${reason}. Trying again at the next delivery.`),
    /** The badge of a change whose last try failed, waiting for its next (it said "Sending" while nothing was sent). */
    waitingToRetry: 'Waiting to retry',
    /** The badge while a try runs after a failed one. */
    tryingAgain: 'Trying again',
    /** A try is running after a failed one: the last reason stays, rather than a bare "Sending" for the whole try. */
    tryingAgainNow: (reason: string) => `Trying again now — last time: ${reason}.`,
    retry: 'Retry',
    /** On a change waiting for its next try: send it now instead of at the time shown. */
    tryNow: 'Try now',
    discard: 'Discard',
    confirmDiscard: 'Discard this change?',
    confirmDiscardBody: (value: string) => `Intune keeps ${value}. The change is not sent.`,
    /** Discarding a change whose last try got no clear answer: that try may have been applied. */
    confirmDiscardTried: 'Nothing more is sent. Its last try may still have reached Intune: check the device there after discarding.',
    /**
     * Discarding while a try is on its way: the outbox never moves a discarded change, so that try's answer
     * is ignored and nothing more is sent; whatever Intune applied stays (outbox-repo.ts discard).
     */
    confirmDiscardInFlight:
      'A try is on its way to Intune now. Nothing more is sent and its answer is ignored, but if Intune applies it, Intune keeps the new value: check the device there after discarding.',
    confirmDiscardYes: 'Yes, discard',
    cancel: 'Cancel',
    conflictTitle: 'Intune changed this value too',
    conflictBody: (base: string, mine: string, server: string) => `You changed ${base} → ${mine}, but Intune now shows ${server}.`,
    keepMine: 'Keep mine (send it)',
    keepIntune: "Keep Intune's",
    actionFailed: 'That did not work.',
  },

  // The renderer's check that every status has its words (src/shared/domain cannot import the schemas).
  profileStatus: profileStatusLabels satisfies Record<ProfileStatus, string>,

  sync: {
    button: 'Sync',
    buttonHint: 'Download all Autopilot devices from Intune into the local cache.',
    progressLabel: 'Sync progress',
    phase: {
      idle: 'Waiting to start',
      devices: 'Downloading devices',
      finishing: 'Removing devices deleted in Intune',
      done: 'Sync complete',
      failed: 'Sync failed',
    },
    downloaded: (devices: string) => `${countShown(devices, 'device')} downloaded`,
    estimate: (devices: string, expected: string) => `${devices} of about ${countShown(expected, 'device')}`,
    rate: (rate: string) => `${rate} devices/s`,
    completed: (devices: string) => `Sync complete: ${countShown(devices, 'device')} downloaded.`,
    failed: (detail: string) => `Sync failed. ${detail}`,
    startFailed: 'The sync could not start.',
    cancel: 'Cancel sync',
    cancelling: 'Cancelling…',
    cancelHint: 'Stops after the current page. Devices already downloaded are kept; nothing is deleted.',
    cancelFailed: 'The sync could not be cancelled.',
    cancelled: (detail: string) => detail || 'Sync cancelled. Devices already downloaded are kept.',
    lastRunFailed: 'The last sync did not finish.',
    /** What to do after a sync that ended, where the catalogue's words fit an action that is still going. */
    lastRunText: {
      throttled:
        'Intune is throttling requests (too many in a short time), so the sync stopped. It does not start again by itself: press Sync again in a minute. Devices already downloaded are kept; nothing was deleted.',
      // The catalogue's "The operation took too long" named no one: it is Intune that did not answer.
      timeout:
        'Intune did not answer the sync in time, so it stopped. The devices already in the cache stay usable and nothing was deleted. Check the network (and Intune’s service health in the admin center), then press Sync again.',
      stalled:
        'Intune stopped sending in the middle of a page, so the sync stopped. The devices already in the cache stay usable and nothing was deleted. Check the network, then press Sync again.',
    } satisfies Partial<Record<ErrorCode, string>>,
    /** The same with nothing in the cache: the catalogue's "cached data is still shown" would point at nothing. */
    lastRunTextNoCache: {
      offline: 'Intune cannot be reached, so no devices have been downloaded yet. Check the network connection, then press Sync again.',
      timeout: 'Intune did not answer in time, so no devices have been downloaded yet. Check the network connection, then press Sync again.',
      stalled: 'Intune stopped sending in the middle of a page, so no devices have been downloaded yet. Check the network connection, then press Sync again.',
      'wait-too-long':
        'Intune asked the app to wait longer than it waits on its own (the detail says how long), so no devices have been downloaded yet. Press Sync again later.',
    } satisfies Partial<Record<ErrorCode, string>>,
    eta: (left: string) => `about ${left} left`,
    etaUnderMinute: 'less than a minute left',
    minutes: (n: number) => `${n} min`,
    hours: (h: number, m: number) => (m === 0 ? `${h} h` : `${h} h ${m} min`),
    waiting: (seconds: string) => `Waiting — retrying in ${seconds} s`,
    /** A sync waiting for Intune (SyncWait): the first line, said once per try (a live region), then the clocks, which tick. */
    wait: {
      noAnswer: (attempt: number, attempts: number) => `Intune is not answering the sync — try ${attempt} of ${attempts}.`,
      noAnswerLast: (attempt: number, attempts: number) => `Intune is not answering the sync — last try (${attempt} of ${attempts}).`,
      noAnswerLastOthers: (attempt: number, attempts: number) =>
        `Intune is not answering the sync — last try (${attempt} of ${attempts}): other requests got no answer either, so more tries would not help.`,
      pauseAfterNoAnswer: (failed: number, attempts: number) => `Intune is not answering the sync — try ${failed} of ${attempts} got no answer.`,
      pause: (reason: string) => `${reason}.`,
      silentFor: (clock: string) => `No answer from Intune for ${clock}.`,
      tryGivesUpIn: (clock: string) => `This try stops waiting in ${clock}, then the next one starts.`,
      lastTryGivesUpIn: (clock: string) => `The sync stops in ${clock} if this try gets no answer.`,
      nextTryIn: (attempt: number, attempts: number, clock: string) => `Next try (${attempt} of ${attempts}) in ${clock}.`,
      nextTryNow: (attempt: number, attempts: number) => `Next try (${attempt} of ${attempts}) now.`,
      givesUpAt: (clock: string, time: string) => `If Intune stays silent, the sync stops in ${clock} (at ${time}).`,
      meanwhile: 'The devices already in the cache stay usable meanwhile. Cancel sync stops it now; nothing is deleted, and Sync starts it again.',
      now: 'now',
    },
    lastSuccess: (time: string) => `Last successful sync: ${time}`,
    neverSucceeded: 'No successful sync yet',
  },

  scan: {
    /** A scan with the focus on a dropdown, option or button of a form not yet saved: the window stays. */
    notUsedInForm: 'Scan not used: this form is not saved yet. Save or cancel it, then scan again (or click a text field to scan into it).',
    /** A scan while a question asked in the page (Close job, Remove row) waits for its answer: the window stays. */
    notUsedInQuestion: 'Scan not used: answer the question first (Enter or Esc), then scan again.',
    heading: 'Scan',
    shortcut: 'F2',
    shortcutHint: 'Press F2 from any screen to scan.',
    inputLabel: 'Scan, paste or type a device QR code, device id or serial number',
    inputPlaceholder: 'USB scanner, paste, or type a serial and press Enter',
    inputHint: 'This field listens for USB barcode scanners; a QR code typed through a non-US keyboard layout is repaired.',
    submit: 'Look up',
    camera: {
      label: 'Camera',
      region: 'Camera view',
      picker: 'Camera',
      defaultCamera: 'Default camera',
      start: 'Start camera',
      stop: 'Stop camera',
      mirror: 'Mirror',
      sound: 'Sound',
      starting: 'Starting the camera…',
      aim: 'Hold the QR code on the device screen (or a box-label barcode) inside the view.',
      attempts: (perSecond: number) => `${perSecond} decode attempts/s`,
      decoderLoading: 'Loading the decoder…',
      fallback: (reason: string) => `The fast decoder could not load (${reason}); using the slower JavaScript decoder.`,
      alsoIgnored: (kinds: readonly string[]) => `Also saw ${describeCodes(kinds)} — ignored.`,
      onlyIgnored: (kinds: readonly string[]) => `Saw ${describeCodes(kinds)} — not an Autopilot device code, ignored.`,
      codePicker: {
        heading: (count: number) => `${count} Autopilot devices' codes in view — which one?`,
        /** One device's code read, and another QR code in view that could not be read. */
        headingUnreadable: 'Another code is in view but could not be read — is this the device?',
        hintUnreadable: 'The other code may be the next device’s, cut off by the edge of the picture. Pick this device, or aim at one code only.',
        hint: 'Pick the device, or aim the crosshair at its code and keep the other out of view.',
        left: 'left',
        right: 'right',
        aimed: 'under the crosshair',
        device: 'Device',
        serial: (serial: string) => `Serial ${serial}`,
        noSerial: 'no serial in the code',
        dismiss: 'Dismiss',
      },
      problem: {
        unsupported: { title: 'No camera access here', body: 'This window cannot use cameras. Use a USB scanner or type the serial number below.' },
        'no-camera': { title: 'No camera found', body: 'Connect a webcam, then press Start camera. A USB scanner or the serial number works too.' },
        'permission-denied': {
          title: 'Camera permission denied',
          body: 'Allow camera access for Autopilot Bench (browser: the camera icon in the address bar; Windows: Settings › Privacy › Camera), then press Start camera.',
        },
        'camera-busy': {
          title: 'The camera is in use',
          body: 'Another app (Teams, the Camera app, another browser tab) is using it. Close that app, then press Start camera.',
        },
        'camera-error': { title: 'The camera could not start', body: 'Pick another camera or press Start camera to try again.' },
      },
    },
    lookingUp: 'Looking up…',
    refreshing: 'Checking Intune…',
    cardHeading: 'Scanned device',
    fields: {
      serialNumber: 'Serial number',
      manufacturer: 'Manufacturer',
      model: 'Model',
      groupTag: 'Group tag',
      userPrincipalName: 'Assigned user',
      profileStatus: 'Profile status',
      deviceId: 'Device id (ZtdId)',
    },
    none: '—',
    fromCache: (age: string) => `From the local cache (synced ${age})`,
    fromCacheIn: (ms: string) => `shown in ${ms} ms`,
    online: 'Up to date from Intune',
    /** What was repaired to read the code, said under the result; the layout's name needs no article ("the Italian"). */
    layoutRepaired: (layout: string) => `Typed through the ${layout} keyboard layout; repaired.`,
    unknownLayoutRepaired: 'Typed through a keyboard layout the app does not know; the device id was picked out of the code.',
    partialRepaired: 'Part of the code was missing or damaged; the device was found by the device id it still holds.',
    serialMismatch: (scanned: string, record: string) =>
      `The device reports serial ${scanned}, but Intune's record says ${record}. Check the device: a board replacement or a mixed-up record needs re-registering.`,
    notice: 'Not refreshed',
    /**
     * The scanned registration is gone and the serial is registered again under the record shown. What the app knows
     * only: the QR payload is undocumented (docs/reference/autopilot.md §10.4), so nothing is promised about when the PC's
     * code changes; Refresh on the PC is what the docs name for downloading the profile details again (§3.2 step 5).
     */
    replaced: (qrId: string | null, deletedAt: string | null) =>
      (qrId
        ? deletedAt
          ? `This QR code names device id ${qrId}, the Windows Autopilot registration this app deleted on ${deletedAt} (Register devices › Recycle). `
          : `Intune no longer has device id ${qrId}, the Windows Autopilot registration this QR code names. `
        : deletedAt
          ? `This app deleted an earlier Windows Autopilot registration of this serial number on ${deletedAt} (Register devices › Recycle). `
          : '') +
      'The serial number is registered again: this is its registration now.' +
      (qrId ? ' The PC still shows the old registration’s details; press Refresh on the PC to download the profile details again.' : ''),
    multiple: (serial: string) => `Several devices have serial ${serial}. Pick the one on the bench:`,
    choose: 'Choose',
    notFound: {
      'unknown-ztdid': {
        title: 'This device is not in this tenant',
        body: (tenant: string) =>
          `The tenant ${tenant} has no Autopilot device with this id in Intune. A QR code only appears once a device is registered and has a profile, so the app is probably signed in to a different tenant than the one shown on the device — or the record was deleted since the device booted. Check the organisation on the device's screen.`,
      },
      'unknown-offline': {
        title: 'Not in the local cache, and Intune cannot be reached',
        body: 'The device may have been registered after the last sync. Check the network, then scan again.',
      },
      'unknown-not-synced': {
        title: 'Not known yet: the local cache has never been synced',
        body: 'Whether this device is registered cannot be told until the app has synced this tenant (or can reach Intune). Sync, or check the network, then scan again. Don’t upload its hardware hash before that: a device that is already registered must not be imported again.',
      },
      'unknown-serial': {
        title: 'No Autopilot device with this serial number',
        body: 'It is not registered in this tenant (as of the last sync). Register it: upload its hardware hash (or ask the reseller to), assign a group tag, then scan again. If it was registered just now, sync first.',
      },
      // The bench row says the same (bench-readiness.ts, deletedHereNext): never "not registered" alone, which hid why.
      'deleted-here': {
        title: 'Deleted from Windows Autopilot by this app',
        body: (time: string) =>
          `This app deleted its Windows Autopilot registration on ${time} (Register devices › Recycle). To use it again, register its hardware hash again: upload it (or ask the reseller to), assign a group tag, then scan again.`,
        /** The cache has no new registration of the serial and Intune could not be asked: "register again" may be wrong. */
        intuneNotAsked:
          'Intune could not be asked whether it was registered again since; the local cache has no new registration of this serial number. Check the network and scan again before uploading its hash.',
      },
      // Not "upload its hash": this PC holds it already (a walk scanned a device of a Failed upload and was sent to upload it again).
      'in-upload': {
        title: 'Its hardware hash is in an upload on this PC',
        body: (state: string, since: string, registered: boolean) =>
          registered
            ? `Intune registered it from the upload of ${since}; it shows here once Windows Autopilot devices list it and the app has synced. Register devices follows it.`
            : state === 'failed'
              ? `The upload of ${since} stopped trying (Intune answered with errors) before this device was registered. In Register devices, retry it, or export its devices not registered to upload them later.`
              : `The upload of ${since} is still on its way to Intune. Register devices shows its progress; the device shows here once it is registered and synced.`,
      },
      'other-tenant': {
        title: 'This device is registered in another tenant',
        unnamed: 'another tenant',
        // Never "upload its hardware hash": importing a device another tenant holds is refused, and the fix is a switch.
        body: (active: string, other: string) =>
          `This device is registered in ${other}, not in ${active} (the active tenant). Switch tenant in Settings to work on it.`,
      },
    },
    openSettings: 'Switch tenant in Settings',
    openRegister: 'Open Register devices',
    lookupFailed: 'The lookup failed.',
    rejected: 'Not a device code',
    blocks: (received: number, total: number) => `Block ${received} of ${total} read — scan the next code.`,
    /** A partial multi-block code another scan ended: "The first block of a 2-block code was set aside: scan both blocks again." */
    blocksSetAside: (sequences: readonly number[], total: number) => {
      const which =
        sequences.length === 1 && sequences[0] === 1
          ? 'The first block'
          : sequences.length === 1
            ? `Block ${sequences[0]}`
            : `Blocks ${sequences.slice(0, -1).join(', ')} and ${sequences[sequences.length - 1]}`
      return `${which} of a ${total}-block code ${sequences.length === 1 ? 'was' : 'were'} set aside: scan ${total === 2 ? 'both blocks' : `all ${total} blocks`} again.`
    },
    announce: {
      found: (serial: string, model: string, status: string) => `Scanned ${serial}, ${model}. Profile: ${status}.`,
      notFound: (title: string) => `Scan: ${title}.`,
      rejected: (message: string) => `Scan not accepted. ${message}`,
    },
  },

  simulator: {
    heading: 'OOBE simulator',
    intro: 'Simulated devices of the demo tenant, showing what their screens show. Scan the QR code from another window, browser or phone.',
    devices: 'Simulated devices',
    search: 'Find a device by serial number',
    searchPlaceholder: 'Serial number…',
    onlyDemo: 'The simulator exists only for the embedded demo tenant.',
    loadFailed: 'The simulator could not be reached.',
    screenOff: 'The device is off.',
    preprovisionTitle: 'Pre-provision with Windows Autopilot',
    organisation: 'Organisation',
    profile: 'Profile',
    assignedUser: 'Assigned user',
    noQr: 'No QR code: this device has no Autopilot profile assigned.',
    qrLabel: (serial: string) => `QR code of device ${serial}`,
    refreshHint: 'After changing anything in Intune, press Refresh to download the profile details again.',
    steerLabel: 'Next attempt on this PC',
    steerHint: 'For demos and training: make the next Provision/Next attempt fail on purpose.',
    steer: {
      random: 'As the tenant decides (occasional TPM failures)',
      success: 'Succeeds',
      tpmFailure: 'Fails: TPM attestation (0x81039001)',
      deviceSetupFailure: 'Fails: app installation in device setup',
    } as Record<string, string>,
    steered: (what: string) => `Next attempt: ${what}.`,
    action: {
      'power-on': 'Power on',
      'power-off': 'Power off',
      win5: 'Press Windows key ×5',
      next: 'Next',
      continue: 'Continue',
      back: 'Back',
      refresh: 'Refresh',
      provision: 'Provision',
      reseal: 'Reseal',
      retry: 'Retry',
      reset: 'Reset',
      wipe: 'Wipe (reset and redeploy)',
    } as Record<string, string>,
    screen: {
      off: 'Off',
      oobe: 'Windows setup (OOBE)',
      whatToDo: 'What would you like to do?',
      preprovision: 'Pre-provision with Windows Autopilot',
      provisioning: 'Provisioning',
      success: 'Success',
      failed: 'Failed',
      resealed: 'Resealed',
      userOobe: 'User setup',
    } as Record<string, string>,
    elapsed: (seconds: number) => `Elapsed ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`,
    error: (code: string, step: string) => `Error ${code} during ${step}`,
    step: { notStarted: 'Not started', inProgress: 'In progress', complete: 'Complete', failed: 'Failed' } as Record<string, string>,
  },

  error: {
    detail: 'Detail',
    /** Intune's own answer (ids, date, raw text), collapsed under the sentence: what Microsoft support asks for. */
    support: 'Details for support',
    copy: 'Copy',
    copied: 'Copied',
    copyFailed: 'Could not copy: select the text instead',
  },
} as const
