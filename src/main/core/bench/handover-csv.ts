import { stringify } from 'csv-stringify/sync'
import type { BenchStage, HandoverReport } from '@shared/bench-schemas'
import { formatElapsed } from '@shared/domain'
import { neutraliseFormula } from '../csv/neutralise-formula'

const stageText: Record<BenchStage, string> = {
  scanned: 'Scanned',
  ready: 'Ready',
  provisioning: 'Provisioning',
  succeeded: 'Succeeded (not resealed yet)',
  resealed: 'Resealed',
  failed: 'Failed',
}

const header = [
  'Job',
  'Purchase order',
  'Serial number',
  'Stage',
  'Attempts',
  'Last error code',
  'First Provision press (UTC)',
  'Finished (UTC)',
  'Resealed (UTC)',
  'Enrollment confirmed (UTC)',
  'Elapsed',
  'Elapsed seconds',
  'Autopilot device ID',
]

/** The hand-over report as CSV for Excel: UTF-8 with a BOM (so accents survive), CRLF, a header row. */
export function handoverCsv(report: HandoverReport): string {
  const rows = report.rows.map((row) => [
    report.job.name,
    report.job.purchaseOrder,
    row.serialNumber,
    stageText[row.stage],
    String(row.attempts),
    row.lastErrorCode ?? '',
    row.provisionPressedAt ?? '',
    row.finishedAt ?? '',
    row.resealedAt ?? '',
    row.enrollmentConfirmedAt ?? '',
    row.elapsedSeconds === null ? '' : formatElapsed(row.elapsedSeconds * 1000),
    row.elapsedSeconds === null ? '' : String(row.elapsedSeconds),
    row.deviceId,
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
  const date = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)
  return `handover-${slug || 'job'}-${date}.csv`
}
