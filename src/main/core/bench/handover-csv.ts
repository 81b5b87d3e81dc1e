import { stringify } from 'csv-stringify/sync'
import type { HandoverReport, HandoverStatus } from '@shared/bench-schemas'
import { formatElapsed } from '@shared/domain'
import { neutraliseFormula } from '../csv/neutralise-formula'
import { benchStageWords } from '@shared/domain/bench-stage-words'
import { dayAt } from '@shared/domain/day-window'

const statusText: Record<HandoverStatus, string> = {
  resealed: 'Resealed',
  failed: 'Failed',
  pending: 'Pending',
  'not-seen': 'Pending (not seen at the bench)',
}

const header = [
  'Job',
  'Purchase order',
  'Serial number',
  'Status',
  'Stage',
  'On manifest',
  'User',
  'Device name',
  'Group tag',
  'Deployment profile',
  'User flow not before (UTC)',
  'User flow not after (UTC)',
  'Attempts',
  'Last error code',
  'First Provision press (UTC)',
  'Finished (UTC)',
  'Resealed (UTC)',
  'Enrollment confirmed (UTC)',
  'Elapsed',
  'Elapsed seconds',
  'Elapsed, all attempts',
  'Autopilot device ID',
  // Last, so the columns before keep their places for whoever reads them by position.
  "User in Intune, if not the manifest's",
  "Device name in Intune, if not the manifest's",
  'Moved to job',
  'Not seen here, at the bench for job',
  'Already resealed for job',
  "User in Intune when provisioned, if not the manifest's",
  "Job's group tag, if not the device's",
]

/** Intune's value where it differs from the manifest's; "(none)" for an empty one, so it reads apart from "the same". */
const inIntune = (value: string | undefined) => (value === undefined ? '' : value || '(none)')

/** The hand-over report as CSV for Excel: UTF-8 with a BOM (so accents survive), CRLF, a header row. */
export function handoverCsv(report: HandoverReport): string {
  const rows = report.rows.map((row) => [
    report.job.name,
    report.job.purchaseOrder,
    row.serialNumber,
    statusText[row.status],
    row.stage ? benchStageWords[row.stage] : '',
    report.job.manifestRows === 0 ? '' : row.onManifest ? 'Yes' : 'No',
    row.userPrincipalName,
    row.deviceName,
    row.groupTag,
    row.profileName ?? '',
    row.userFlowNotBefore ?? '',
    row.userFlowNotAfter ?? '',
    String(row.attempts),
    row.lastErrorCode ?? '',
    row.provisionPressedAt ?? '',
    row.finishedAt ?? '',
    row.resealedAt ?? '',
    row.enrollmentConfirmedAt ?? '',
    row.elapsedSeconds === null ? '' : formatElapsed(row.elapsedSeconds * 1000),
    row.elapsedSeconds === null ? '' : String(row.elapsedSeconds),
    row.totalElapsedSeconds == null ? '' : formatElapsed(row.totalElapsedSeconds * 1000),
    row.deviceId ?? '',
    inIntune(row.userInIntune),
    inIntune(row.deviceNameInIntune),
    row.movedTo ?? '',
    row.atBenchFor ?? '',
    row.resealedFor ?? '',
    inIntune(row.provisionedWithUser),
    row.jobGroupTag ? `⚠ ${row.jobGroupTag}` : '',
  ])
  return stringify(
    [header, ...rows].map((cells) => cells.map(neutraliseFormula)),
    { bom: true, record_delimiter: 'windows' },
  )
}

/** `handover-contoso-po-4711-2026-11-23.csv`: the job name made file-safe, and the local date. */
export function handoverFileName(jobName: string, at: Date, timeZone: string): string {
  const slug = jobName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
  return `handover-${slug || 'job'}-${dayAt(at.getTime(), timeZone)}.csv`
}
