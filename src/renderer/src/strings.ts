import type { ProfileStatus } from '../../shared/device-schemas'
import type { ChangeKind, ChangeState } from '../../shared/change-schemas'

/**
 * Every user-facing string of the renderer, in one place, so wording stays consistent (Intune
 * admin-center vocabulary) and a later translation touches one file. Error explanations per code
 * live in src/shared/error-codes.ts (`errorText`), next to the codes themselves.
 */
export const strings = {
  appName: 'Autopilot Bench',

  nav: {
    label: 'Screens',
    devices: 'Devices',
    changes: 'Changes',
    /** The badge on the Changes entry, read out with the label. */
    changesBadge: (count: string) => `${count} not yet in Intune`,
  },

  tokenMissing: {
    title: 'Session token missing',
    /** Shown as: before + <code>command</code> + after. */
    body: { before: 'Session token missing — open the full address printed by ', command: 'npm run web', after: ' (it ends with #token=…).' },
    why: 'For safety the token is removed from the address bar as soon as the app loads, so reloading the page needs the full address again.',
  },

  errorBoundary: {
    title: 'This screen ran into a problem',
    body: 'Your data is safe. Reload the screen to try again; if it keeps happening, export diagnostics.',
    reload: 'Reload',
    detail: 'Technical detail',
  },

  status: {
    label: 'Status',
    tenant: 'Tenant',
    tenantLoading: 'Loading tenant…',
    tenantUnknown: 'Tenant unavailable',
    online: 'Online',
    notSynced: 'Not synced yet',
    offlineSince: (time: string) => `Offline — showing data from ${time}`,
    offlineNoData: 'Offline — no data downloaded yet',
    lastSyncFailed: 'Last sync failed',
    lastSync: (time: string) => `Last sync ${time}`,
    neverSynced: 'Never synced',
    deviceCount: (count: string) => `${count} devices in cache`,
    syncing: (devices: string) => `Syncing… ${devices} devices`,
    connectionUnknown: 'Connection not checked yet',
    changesWaiting: (count: string, n: number) => (n === 1 ? '1 change waiting for Intune' : `${count} changes waiting for Intune`),
    changesFailed: (count: string, n: number) => (n === 1 ? '1 change failed' : `${count} changes failed`),
    changesConflicts: (count: string, n: number) => (n === 1 ? '1 conflict to resolve' : `${count} conflicts to resolve`),
    changesNone: 'No changes waiting for Intune',
    changesHint: 'Open the Changes screen',
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
    showing: (shown: string, total: string) => `Showing ${shown} of ${total} devices`,
    loading: 'Loading devices…',
    emptyCache: 'No devices in the cache yet — press Sync to download them from Intune.',
    noMatch: (search: string) => `No devices match “${search}”.`,
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
    attempts: (n: number) => (n === 1 ? '1 attempt' : `${n} attempts`),
    queuedAt: (time: string) => `Queued ${time}`,
    updatedAt: (time: string) => `Last update ${time}`,
    failedTitle: 'Intune did not take this change',
    retry: 'Retry',
    discard: 'Discard',
    confirmDiscard: 'Discard this change?',
    confirmDiscardBody: (value: string) => `Intune keeps ${value}. The change is not sent.`,
    confirmDiscardYes: 'Yes, discard',
    cancel: 'Cancel',
    conflictTitle: 'Intune changed this value too',
    conflictBody: (base: string, mine: string, server: string) => `You changed ${base} → ${mine}, but Intune now shows ${server}.`,
    keepMine: 'Keep mine (send it)',
    keepIntune: "Keep Intune's",
    actionFailed: 'That did not work.',
  },

  profileStatus: {
    notAssigned: 'Not assigned',
    assigning: 'Assigning',
    assigned: 'Assigned',
    fixPending: 'Fix pending',
    attentionRequired: 'Attention required',
    unknown: 'Unknown',
  } satisfies Record<ProfileStatus, string>,

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
    downloaded: (devices: string) => `${devices} devices downloaded`,
    estimate: (devices: string, expected: string) => `${devices} of about ${expected} devices`,
    rate: (rate: string) => `${rate} devices/s`,
    completed: (devices: string) => `Sync complete: ${devices} devices downloaded.`,
    failed: (detail: string) => `Sync failed. ${detail}`,
    startFailed: 'The sync could not start.',
    lastRunFailed: 'The last sync did not finish.',
    eta: (left: string) => `about ${left} left`,
    etaUnderMinute: 'less than a minute left',
    minutes: (n: number) => `${n} min`,
    hours: (h: number, m: number) => (m === 0 ? `${h} h` : `${h} h ${m} min`),
    waiting: (seconds: string) => `Waiting — retrying in ${seconds} s`,
    lastSuccess: (time: string) => `Last successful sync: ${time}`,
    neverSucceeded: 'No successful sync yet',
  },

  error: {
    detail: 'Detail',
  },
} as const
