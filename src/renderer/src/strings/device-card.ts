import type { OnlineAction } from '@shared/action-schemas'
import { count } from '@shared/domain/words'
import type { ScreenId } from '../stores/ui-store'

type ReadinessStatus = 'ok' | 'warn' | 'fail' | 'unknown'
type Verdict = 'ready' | 'unconfirmed' | 'not-ready'

/** Device card screen: every user-visible string, in Intune admin-center words. */
export const deviceCardStrings = {
  title: 'Device',
  heading: (serial: string) => `Device ${serial}`,
  loading: 'Loading the device card…',
  noDevice: 'No device selected.',
  noDeviceHint: 'Open a device from the Devices list (Enter or double-click a row), from a scan or from the Bench.',
  notCached: 'This device is not in the cache.',
  notCachedHint:
    'Press Sync to download the Autopilot devices from Intune, or check that the device is registered in this tenant (Devices › Windows › Enrollment › Devices in the Intune admin center).',
  /** The open card's device left the cache: Intune no longer lists it (the next sync, or its 404). */
  gone: (serial: string, manufacturerModel: string) =>
    `${serial}${manufacturerModel ? ` (${manufacturerModel})` : ''} is no longer among Intune's Autopilot devices: it was deleted in Intune, perhaps by another admin.`,
  goneHint:
    'Nothing done here is lost: a change that could not reach it stays in Changes with Intune’s answer, and its attempts stay on record. To prepare this PC again, register its hardware hash (Register devices), then sync.',
  /** Opened from the bench, for a device the cache no longer holds (the bench row keeps its serial). */
  notCachedAtBench: (serial: string) =>
    `${serial} is at the bench but no longer in the cache: Intune no longer lists it (deleted after it was scanned), or the cache is being rebuilt.`,
  notCachedAtBenchHint:
    'Scan it again: the scan asks Intune. If Intune deleted it, register its hardware hash again (Register devices), then sync. Its attempts stay on record.',
  loadFailed: 'The device card could not be loaded.',
  tryAgain: 'Try again',
  /** The Back button, named after the screen the card was opened from, where it (and Esc) returns. */
  back: {
    devices: 'Back to devices',
    device: 'Back to devices',
    bench: 'Back to Bench',
    scan: 'Back to scan',
    register: 'Back to Register devices',
    changes: 'Back to Changes',
    jobs: 'Back to Jobs',
    simulator: 'Back to Simulator',
    diagnostics: 'Back to Diagnostics',
    settings: 'Back to Settings',
  } satisfies Record<ScreenId, string>,
  openFromList: 'Enter opens the device card of the top row; double-click opens any row.',
  openCard: 'Open device card',
  none: '—',

  header: {
    jobLabel: 'Check against job',
    benchJob: 'Its bench job (or none)',
    refresh: 'Refresh from Intune',
    refreshing: 'Refreshing…',
    exportDiagnostics: 'Export diagnostics…',
    online: 'Refreshed from Intune just now.',
    cached: (reason: string) => `Showing the cached values, because ${reason}`,
    cacheAge: (when: string) => `Read from Intune: ${when}`,
    manufacturerModel: (manufacturer: string, model: string) => [manufacturer, model].filter(Boolean).join(' ') || '—',
  },

  details: {
    heading: 'Properties',
    groupTag: 'Group tag',
    purchaseOrder: 'Purchase order',
    profileStatus: 'Profile status',
    assignedProfile: 'Assigned profile',
    /** Intune says a profile is assigned, but the sync's device list does not say which: the device's own record does. */
    profileNotRead: 'Not read yet: refresh from Intune',
    /** The device names a profile that the cached profiles do not hold (a profile created since the last sync). */
    profileNotCached: 'Not in the cache: sync to read its name',
    dateAssigned: 'Date assigned',
    user: 'User',
    friendlyName: 'User friendly name',
    deviceName: 'Device name',
    enrollmentState: 'Enrollment state',
    userlessStatus: 'Userless enrollment status',
    entraDevice: 'Microsoft Entra device',
    intuneDevice: 'Intune device',
    lastContacted: 'Last contacted',
    serialNumber: 'Serial number',
    manufacturer: 'Manufacturer',
    model: 'Model',
    never: 'Never',
    /**
     * The linked Intune device and Microsoft Entra device by name, as the admin center's Autopilot device
     * properties show them; the id only on hover and by Copy ID, never as the main text.
     */
    linked: {
      intune: {
        none: 'No Intune device record',
        notFound: 'Not found in Intune (deleted there)',
        idTitle: (id: string) => `Intune device ID: ${id}`,
        copyLabel: 'Copy the Intune device ID',
      },
      entra: {
        none: 'No Microsoft Entra device',
        notFound: 'Not found in Microsoft Entra ID (deleted there)',
        idTitle: (id: string) => `Microsoft Entra device ID: ${id}`,
        copyLabel: 'Copy the Microsoft Entra device ID',
      },
      /** Found, but Intune / Entra gave it no name. */
      unnamed: 'Found, no name given',
      /** Not looked up: the app is offline. */
      offline: 'Name not read: Intune can’t be reached',
      /** Not looked up yet (the card asks when it opens; a refresh asks again). */
      notRead: 'Name not read yet: Refresh from Intune',
      /** Graph refused the look-up (403): no refresh helps, a permission or role does (the sentence says which). */
      refused: (sentence: string) => `Name not read. ${sentence}`,
      copy: 'Copy ID',
      copied: 'Copied',
    },
  },

  readiness: {
    heading: 'Readiness',
    verdict: { ready: 'Ready to provision', unconfirmed: 'Not confirmed yet', 'not-ready': 'Not ready' } satisfies Record<Verdict, string>,
    verdictIcon: { ready: '✓', unconfirmed: '?', 'not-ready': '✕' } satisfies Record<Verdict, string>,
    status: { ok: 'OK', warn: 'Warning', fail: 'Problem', unknown: 'Unknown' } satisfies Record<ReadinessStatus, string>,
    statusIcon: { ok: '✓', warn: '!', fail: '✕', unknown: '?' } satisfies Record<ReadinessStatus, string>,
    /** An item whose online lookup is under way (status unknown meanwhile): the card updates itself when it answers. */
    checking: 'Checking…',
    checkingIcon: '◷',
    fix: 'Fix',
    next: 'Next',
    source: 'Source',
  },

  explanation: {
    heading: 'Why this profile',
    uncertain: 'Not certain: some group memberships could not be evaluated from the cache.',
    notes: 'Notes',
    /** A group tag change waits in the outbox: what it brings, before what Intune's tag gives now. */
    pendingTag: (tag: string) =>
      tag ? `Group tag change to '${tag}' not in Intune yet. With it:` : 'Clearing the group tag is not in Intune yet. Without a tag:',
    pendingBrings: (profile: string) => `Once Intune has it, the device gets profile '${profile}' (after Intune re-evaluates its groups).`,
    pendingBringsNone:
      'Once Intune has it, the device gets no deployment profile: no group with a profile takes it and no default (All Devices) profile reaches it.',
    untilThen: (tag: string) => `Until then, Intune's tag ${tag ? `'${tag}'` : '(none)'} applies:`,
    pendingUnexplained: (tag: string, now: string) =>
      `A group tag change to '${tag}' is not in Intune yet, and what it brings can't be told here; below is what Intune's tag ${now ? `'${now}'` : '(none)'} gives.`,
  },

  /** The card's jumps to the fields a technician came to change (card-jumps.tsx). */
  jumps: { label: 'Jump to', groupTag: 'Group tag', deviceName: 'Device name', user: 'User', actions: 'Intune actions' },
  editors: {
    heading: 'Group tag and device name',
    groupTagLabel: 'Group tag',
    groupTagHint: 'Suggestions come from the group tags of devices in this tenant.',
    confirmHeading: 'Change the group tag?',
    // Not "group tag": the dialog's name must not be found by the field's own label.
    confirmLabel: 'Confirm before saving',
    confirmYes: 'Change it anyway (Enter)',
    confirmNo: 'Keep the current tag (Esc)',
    groupTagLeaves: (from: string, to: string, groups: string) =>
      `${to === '' ? `Clearing the group tag '${from}'` : `Changing the group tag from '${from}' to '${to}'`} takes the device out of ${groups}: its dynamic rule matches on the tag ([OrderID]).`,
    groupTagLosesProfile: (profile: string) => `The device then loses its deployment profile '${profile}' (until another group assigns one).`,
    /** The new tag brings the same profile through another group (as far as the cached rules tell). */
    groupTagSameProfile: (profile: string, group: string | null) =>
      `It keeps its deployment profile '${profile}'${group ? `, through '${group}'` : ''}, as far as the cached group rules tell; check the profile status afterwards.`,
    groupTagOtherProfile: (before: string, after: string, group: string | null) =>
      `Its deployment profile changes from '${before}' to '${after}'${group ? ` (through '${group}')` : ''}, as far as the cached group rules tell.`,
    groupTagKeepsProfile: 'The profile it gets now comes through another group or All Devices, so it should keep it; check the profile status afterwards.',
    /** A tag no group with a profile takes (the card's cached rules), asked before saving as the job form does. */
    groupTagNoProfile: (tag: string, certain: boolean) =>
      `With group tag '${tag}' no group that has a deployment profile takes the device and no All Devices profile reaches it${
        certain ? '' : " (as far as the cached groups tell: a static group's members can't be told from the cache)"
      }: it gets no profile to pre-provision with.`,
    groupTagLikeJobTag: (tag: string, jobTag: string) => `'${tag}' is not the job's group tag '${jobTag}', but close to it: did you mean '${jobTag}'?`,
    groupTagCaseOfJobTag: (tag: string, jobTag: string) => `'${tag}' differs from the job's group tag '${jobTag}' only in upper and lower case.`,
    useJobTag: (tag: string) => `Use job's tag (${tag})`,
    deviceNameLabel: 'Device name',
    deviceNameHint: 'At most 15 characters: letters, digits and hyphens, not digits only.',
    preview: (name: string) => `Preview: ${name}`,
    templatePreview: (template: string, preview: string) => `Template ${template} gives ${preview}`,
    useTemplate: (name: string) => `Use template name (${name})`,
    useManifest: (name: string) => `Use manifest value (${name})`,
    edit: 'Edit',
    save: 'Save',
    cancel: 'Cancel',
    keys: 'Enter saves · Esc cancels',
    /** Under a field whose value is typed or filled but not saved. */
    unsaved: (current: string) => `Not saved yet: Enter or Save sends it to Intune; Esc puts back ${current === '' ? '(none)' : `“${current}”`}.`,
    queued: (what: string) => `${what} saved: waiting to send to Intune (works offline).`,
    delivered: (what: string) => `${what} saved and delivered: Intune shows it.`,
    recordNameUsed: (name: string) => `The device name '${name}' set on the record is valid and is used instead.`,
    saveFailed: 'The change could not be queued.',
  },

  attempt: {
    heading: 'Pre-provisioning attempt',
  },

  pending: {
    heading: (n: number) => `${count(n, 'change')} not in Intune yet`,
    open: 'Open Changes (retry, discard, conflicts)',
  },

  reminder: {
    heading: 'Next: Refresh on the device',
    waiting: 'Waiting for profile assignment',
    current: 'Current profile status',
    checking: 'Checking Intune…',
    pendingChanges: 'Changes not in Intune yet',
    done: (when: string) => `Profile assigned ${when}.`,
    stoppedAfter: 'Stopped checking after 15 minutes. Press Refresh from Intune to check again.',
    stop: 'Stop waiting',
    lastChecked: (when: string) => `Last checked ${when}`,
    cached: (reason: string) => `Intune could not be asked, so this is the cached status: ${reason}`,
    offline: 'The app is offline (Intune can’t be reached): it checks again as soon as Intune answers.',
    /** The group tag the device will have brings no profile: no assignment is coming. */
    noProfileHeading: 'No deployment profile to wait for',
    noProfile: (tag: string, certain: boolean) =>
      `With ${tag ? `group tag '${tag}'` : 'no group tag'} no group that has a deployment profile takes the device and no default (All Devices) profile reaches it${certain ? '' : ' (as far as the cached groups tell: a static group’s members can’t be told from the cache)'}, so Intune assigns none.`,
    noProfileChecking: 'Checking until Intune shows it (Profile status Not assigned)',
    noProfileDone: (tag: string) => `Intune shows Not assigned: with ${tag ? `group tag '${tag}'` : 'no group tag'} the device has no deployment profile.`,
    noProfileMeans:
      'Without a profile this device can’t be pre-provisioned: pre-provisioning needs a user-driven profile that allows pre-provisioned deployment, and without any profile (none assigned, no default) the device logs event 815 “No profile assigned to the device, and no default profile found in the tenant”. Give it a group tag whose group has such a profile.',
  },

  users: {
    heading: 'User assignment',
    current: 'Assigned user',
    noUser: 'No user assigned.',
    searchLabel: 'Find a user',
    searchHint: 'Type a name or the start of a user principal name. ↑/↓ choose, Enter assigns.',
    searching: 'Searching…',
    typeMore: (shown: number) => `Showing the first ${shown} matches: type more to narrow the list.`,
    noMatch: (query: string) => `No user matches “${query}”.`,
    fromCache: 'From the cache.',
    /** The search could not ask Intune (offline, refused): only users seen before, with the reason below. */
    fromCacheBecause: 'From the cache: only users this app has seen before, because Intune could not be asked (below).',
    fromOnline: 'From Intune (Microsoft Entra ID).',
    /** Intune is slow to answer: the users seen before are listed meanwhile. */
    fromCacheAsking: 'Users this app has seen before, while Intune is asked…',
    noCachedMatchAsking: (query: string) => `No user this app has seen before matches “${query}”; asking Intune…`,
    licensed: 'Licensed',
    unlicensed: 'No licence',
    licenceUnknown: 'Licence unknown',
    assign: 'Assign user',
    unassign: 'Unassign user',
    friendlyLabel: 'User friendly name',
    manifestUser: (upn: string) => `Use manifest user (${upn})`,
    assigned: (upn: string) => `Assigning ${upn}: waiting to send to Intune.`,
    unassigned: 'Unassigning the user: waiting to send to Intune.',
    assignedDone: (upn: string) => `Assigned ${upn}: Intune has it.`,
    unassignedDone: 'User unassigned: Intune has it.',
    /**
     * A user change whose last try did not get through, as one statement (the marker above said "last try: …"
     * and this line "waiting to send" at once): why, and when it is tried again.
     */
    waitingAgain: (what: string, reason: string, next: string | null) =>
      `${what}: not in Intune yet — ${reason.replace(/[.\s]+$/, '')}. ${next ? `Trying again at ${next}.` : 'Trying again at the next delivery.'}`,
    assigning: (upn: string) => `Assigning ${upn}`,
    unassigning: 'Unassigning the user',
  },

  actions: {
    heading: 'Intune actions (online only)',
    run: { 'autopilot-sync': 'Autopilot sync', 'unblock-device': 'Unblock device', 'delete-intune-record': 'Delete Intune device record' } satisfies Record<
      OnlineAction,
      string
    >,
    running: 'Working…',
    offline: 'Offline: these actions need Intune and are not queued. Reconnect and try again.',
    unblockFixPending:
      'Unblock device does not apply while the device is in Fix pending (Microsoft Learn: Windows Autopilot: What’s new, “Unblock fix pending state”).',
    noIntuneRecord: 'There is no Intune device record (managed device) for this device.',
    syncWait: (time: string) => `Intune allows one Autopilot sync every 10 minutes: next sync possible in ${time}.`,
    syncReady: 'Autopilot sync available.',
    lastSync: (when: string) => `Last manual sync: ${when}`,
    confirmDelete:
      'Delete the Intune device record (Devices › All devices) of this device? The Autopilot registration stays, so a pre-provisioned device can enroll again (the fix for 0x80180014). This cannot be undone.',
    confirm: 'Delete record',
    cancel: 'Cancel',
    failed: (action: string) => `${action} failed.`,
  },
} as const

/** "9:41" / "0:05" for a countdown. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`
}
