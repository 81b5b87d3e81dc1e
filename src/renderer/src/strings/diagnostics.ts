/** Diagnostics screen: every user-visible string. */
import { count } from '@shared/domain/words'

export const diagnosticsStrings = {
  heading: 'Diagnostics',
  intro:
    'Export what support needs as one ZIP, or open one to review it offline: an Autopilot Bench bundle, Windows’ own MDMDiagnostics CAB or ZIP, the diagnostics ZIP downloaded from Intune, or a Windows event log (.evtx). Nothing you open is added to the device cache.',
  export: {
    heading: 'Export a diagnostics bundle',
    scope: 'What to export',
    scopes: { device: 'One device', attempt: 'One attempt', job: 'A bench job', day: 'A whole day' },
    /** The plain field's label (a job's id is typed only when the list of jobs cannot load). */
    idLabel: { device: 'Serial number or device id', attempt: 'Attempt id', job: 'Bench job id', day: 'Day' },
    /** The lists' labels: a job and an attempt are picked by name, never by id. */
    pickLabel: { job: 'Bench job', attempt: 'Attempt' },
    /** Which midnights bound the day: the computer's own clock, named so nobody guesses UTC. */
    dayHint: (timeZone: string) => `Midnight to midnight, ${timeZone.replace(/_/g, ' ')} time (this computer's clock).`,
    redactHeading: 'Redact',
    /**
     * What redaction hides and what it keeps (docs/diagnostics.md › Not redacted): the heading alone read as if
     * the bundle kept nothing that names a device, while the ZtdId, the Entra device id and the purchase order stay.
     */
    redactNote:
      'What you tick is replaced by pseudonyms that cannot be turned back, the same value the same all through the bundle. Not hidden either way: device ids (ZtdId, Intune and Entra device ids), purchase orders, group tags, device names, models and the tenant.',
    redactSerials: 'Serial numbers',
    redactUsers: 'User names and UPNs',
    start: 'Export bundle',
    working: 'Exporting…',
    steps: { reading: 'Reading the cache and the log', redacting: 'Redacting and writing files', compressing: 'Compressing', done: 'Done' } as Record<
      string,
      string
    >,
    failed: 'The bundle could not be exported.',
    ready: (name: string, kb: number, devices: number, attempts: number) =>
      `Saved ${name} (${kb} KB): ${count(devices, 'device')}, ${count(attempts, 'attempt')}.`,
    saveAgain: 'Save again',
    /** Export pressed with nothing chosen: what is missing, for the scope chosen (the field then has the keyboard). */
    idRequired: {
      device: 'Type or scan the serial number of the device to export first.',
      attempt: 'Type or scan the device’s serial number, press Find attempts and choose the attempt first.',
      job: 'Choose the job to export first.',
      day: 'Choose the day to export first.',
    },
    pickJob: 'Choose a job…',
    closed: 'closed',
    attemptSerial: 'Serial number of the device',
    findAttempts: 'Find attempts',
    noDevice: (serial: string) => `No device ${serial || '(empty)'} in the cache. Check the serial number, or sync.`,
    noAttempts: (serial: string) => `${serial} has no recorded attempt.`,
  },
  open: {
    heading: 'Review a bundle offline',
    help: 'Choose a .cab, .zip or .evtx, or drop it here: an Autopilot Bench bundle, the MDMDiagnostics CAB or ZIP (MDMDiagnosticsTool.exe -area "Autopilot;TPM" -cab C:\\temp\\diag.cab — keep the quotes in PowerShell — or -zip C:\\temp\\diag.zip), the diagnostics ZIP downloaded from Intune, or one Windows event log (.evtx). Up to 200 MB.',
    choose: 'Open a CAB, ZIP or event log…',
    dropHere: 'Drop a CAB, ZIP or .evtx here',
    reading: (name: string) => `Reading ${name}…`,
    failed: 'This file could not be opened.',
    /** What the file is, its size, and what to do instead. */
    tooLarge: (name: string, size: string) =>
      `${name} is ${size}, larger than the 200 MB this review opens. For an Autopilot Bench bundle, ask for a bundle of one device or one attempt instead of a whole day or job. For Windows diagnostics, collect only the Autopilot area (MDMDiagnosticsTool.exe -area "Autopilot;TPM" -cab C:\\temp\\diag.cab), or open the event logs (.evtx) in it one at a time.`,
    /** A 0-byte file: a copy or download that did not finish, or a collection that wrote nothing. */
    empty: (name: string) => `${name} is empty (0 bytes): it was not copied or saved completely. Copy it again from where it was made, or collect it again.`,
    close: 'Close review',
  },
  review: {
    mergedTimeline: 'Timeline with the event logs in the bundle',
    readOnly: 'Read-only review — nothing here changes the device cache or Intune.',
    bundleFrom: (tenant: string, created: string, version: string) => `Exported from ${tenant} on ${created} by Autopilot Bench ${version}.`,
    scope: (kind: string, id: string | null, devices: number) => `Scope: ${kind}${id ? ` ${id}` : ''} · ${count(devices, 'device')}`,
    /** A day and the zone whose midnights bound it: "2026-12-07 (America/Los_Angeles)". */
    dayScope: (day: string, timeZone: string) => `${day} (${timeZone.replace(/_/g, ' ')})`,
    /** A job scope by its name (no id where a name exists). */
    jobScope: (name: string, devices: number) => `Scope: bench job “${name}” · ${count(devices, 'device')}`,
    redactedLabel: 'Redacted:',
    /** Exactly what the bundle's manifest says was redacted. */
    redacted: (serials: boolean, users: boolean) =>
      serials && users
        ? 'Serial numbers and user names (UPNs) in this bundle are pseudonyms.'
        : serials
          ? 'Serial numbers in this bundle are pseudonyms; user names are not redacted.'
          : 'User names (UPNs) in this bundle are pseudonyms; serial numbers are not redacted.',
    warnings: 'Warnings',
    qr: 'Summary QR',
    qrLabel: (serial: string) => `Summary QR code for ${serial}`,
    qrFields: { serial: 'Serial number', ztdId: 'ZtdId', lastError: 'Last error', stage: 'Stage', elapsed: 'Elapsed' },
    none: '—',
    timeline: 'Attempt timeline',
    noAttempts: 'No pre-provisioning attempt in this bundle.',
    attemptsWhat: 'Attempts',
    errorsWhat: 'Error explanations',
    /** A section whose file is missing or damaged: said there, instead of an empty section that reads as "none". */
    fileUnread: (what: string, file: string, issue: 'missing' | 'unreadable') =>
      `${what} could not be read: ${file} ${issue === 'missing' ? 'is missing from the bundle' : 'is damaged (not valid JSON, or not in the expected shape)'}.`,
    fileChanged: (file: string) =>
      `Read from ${file}, a file that does not match its checksum: it was changed after export, so this may not be what was exported.`,
    attemptTitle: (serial: string, started: string) => `${serial} — started ${started}`,
    /** Provision press to success or failure, as the Bench shows it (m:ss). */
    attemptElapsed: (elapsed: string) => `${elapsed} from Provision to the outcome`,
    /** An attempt step named in an audit entry (an undone one). */
    auditStep: (what: string, at: string) => `${what} at ${at}`,
    voidedNote: (at: string) =>
      `Voided on the bench${at ? ` on ${at}` : ''}: kept here as evidence, but not counted as an attempt (not in the summary QR, the summary or the hand-over report).`,
    errors: 'Errors explained',
    noErrors: 'No error codes recorded.',
    status: { known: 'Known error', undocumented: 'No documented meaning', unknown: 'Not in the knowledge base' } as Record<string, string>,
    whatToDo: 'What to do',
    devices: 'Device snapshots',
    deviceColumns: { serial: 'Serial number', model: 'Model', groupTag: 'Group tag', user: 'Assigned user', profile: 'Profile status' },
    profiles: 'Deployment profiles',
    outbox: 'Changes (outbox)',
    outboxColumns: { created: 'Created', device: 'Device', change: 'Change', values: 'From → to', state: 'State', lastError: 'Last error' },
    auditColumns: { at: 'At', action: 'Action', device: 'Device', details: 'Details' },
    audit: 'Audit history',
    empty: 'None.',
    files: 'Files',
  },
  log: {
    heading: 'App log',
    level: 'Level',
    allLevels: 'All levels',
    filter: 'Filter text',
    shown: (shown: number, matching: number, total: number) => `Showing ${shown} of ${count(matching, 'matching line')} (${total} in the bundle).`,
    showMore: 'Show more',
    empty: 'No log line matches.',
  },
  events: {
    empty: 'No Autopilot, error or warning events in the event logs.',
    attempt: (serial: string) => `Bench attempt ${serial}`,
    /** A voided attempt's declarations in the merged timeline: marked, so they are not read as what happened. */
    voidedAttempt: (serial: string, voided: string) => `Bench attempt ${serial} (${voided})`,
    noTime: 'no time',
    level: (level: number | null) => ({ 1: 'Critical', 2: 'Error', 3: 'Warning', 4: 'Information', 5: 'Verbose' })[level ?? 0] ?? 'Event',
    levelSeverity: (level: number | null) => (level === 1 || level === 2 ? 'error' : level === 3 ? 'warning' : 'info'),
    eventId: (id: number | null) => `Event ID ${id ?? '—'}`,
    noExplanation: 'Microsoft Learn does not explain this event; open the raw event for its data.',
    source: 'Source',
    showRaw: 'Show raw event',
  },
  windows: {
    kinds: {
      'mdm-diagnostics': 'MDMDiagnostics archive',
      'intune-diagnostics': 'Diagnostics ZIP downloaded from Intune',
      'event-log': 'Windows event log (.evtx)',
      unknown: 'Archive without known Windows diagnostics',
    } as Record<string, string>,
    /** An archive with none of the files the review knows, named by its real format (a CAB is not a ZIP). */
    unknownKind: (container: 'zip' | 'cab' | 'evtx' | undefined) =>
      container === 'cab'
        ? 'CAB without known Windows diagnostics'
        : container === 'zip'
          ? 'ZIP without known Windows diagnostics'
          : 'Archive without known Windows diagnostics',
    tenant: (id: string | null, domain: string | null, source: string) =>
      `Tenant: ${domain ?? '—'} (${id ?? 'no id'}), from the ${source === 'registry' ? 'registry dump' : 'AutopilotDDSZTDFile.json'}.`,
    noTenant: 'No tenant found in the archive.',
    /** A lone .evtx is not an archive, and an event log names no tenant: "in the archive" misled. */
    noTenantInEventLog: 'An event log on its own does not name the tenant.',
    found: 'Found',
    notFound: 'Not found',
    notRead: 'Could not be read, or not parsed',
    esp: 'Enrollment Status Page tracking',
    ztd: 'AutopilotDDSZTDFile.json (downloaded profile)',
    eventLogs: 'Event logs',
    /** In the Events column of a log that could not be read (not "0"). */
    logNotRead: (reason: string | null) => `not read${reason ? ` — ${reason}` : ''}`,
    none: '—',
    noLogRead: 'None of the event logs could be read, so there is no event timeline (see the warning above).',
    noEventsInReadLogs: 'No Autopilot, error or warning events in the event logs that could be read.',
    timeline: 'Event timeline',
    timelineOmitted: (n: number) => `${count(n, 'more event')} not shown (only the first 500 per log).`,
    columns: {
      name: 'Name',
      value: 'Value',
      meaning: 'Meaning',
      source: 'Where',
      file: 'File',
      size: 'Size',
      reason: 'Why',
      scope: 'Scope',
      category: 'Category',
      item: 'Item',
      state: 'State',
      channel: 'Channel',
      records: 'Events',
      damaged: 'Damaged chunks',
    },
    nothing: 'Nothing.',
  },
} as const
