import type { ProfileStatus } from '../../shared/device-schemas'

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
    loadMore: 'Load more',
    loadingMore: 'Loading more…',
    loading: 'Loading devices…',
    emptyCache: 'No devices in the cache yet — press Sync to download them from Intune.',
    noMatch: (search: string) => `No devices match “${search}”.`,
    loadFailed: 'The device list could not be loaded.',
    retry: 'Try again',
    empty: '—',
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
  },

  error: {
    detail: 'Detail',
  },
} as const
