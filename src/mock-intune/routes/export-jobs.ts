import { createHmac, timingSafeEqual } from 'node:crypto'
import { GraphError, IntuneError } from '../graph-errors'
import type { MockResponse, RequestContext } from '../http/context'
import type { ExportJobRecord } from '../model/records'
import type { MockState } from '../mock-state'
import { compileFilter, UnsupportedFilterError, type FilterSchema } from '../odata/evaluate'
import type { RouteDefinition } from '../router'
import { zip } from '../domain/zip'
import { isoSeconds } from '../tenant/device-status'
import { historyEvent } from './autopilot-events'
import { contextUrl, created, listBody, objectBody, ok } from './common'

/**
 * Report export jobs (docs/reference/graph-api.md §B7, §B13 #10): POST /deviceManagement/reports/exportJobs
 * {reportName, filter, select, format, localizationType}, poll GET …/{id} until `completed`, then
 * download `url` — a .zip holding one CSV or JSON file, like Intune's (no bearer token needed, like a
 * storage SAS URL; the URL is signed).
 *
 * Mock choices: AutopilotV1DeploymentStatus rows are the autopilotEvents rows (simulator runs, then
 * the generated history), with the event property names in PascalCase as columns (the V1 column list
 * is not documented), at most 50,000 rows; the V2 reports (device preparation) use the columns captured
 * in §B7 and have no rows, as this is a classic Autopilot tenant ("The V1 report returns zero rows on a
 * device-prep tenant", and vice versa); a job completes after 30 s (nominal); JSON exports use Intune's
 * report shape {TotalRowCount, Schema, Values}; `filter` takes eq/ne/contains/startswith on columns.
 */
const COLLECTION = '/deviceManagement/reports/exportJobs'
const FEF = 'deviceManagement/reports/exportJobs'
const EXPORT_DELAY = 30_000
const MAX_ROWS = 50_000

const V1_SOURCE = [
  'id',
  'deviceId',
  'eventDateTime',
  'deviceRegisteredDateTime',
  'enrollmentStartDateTime',
  'enrollmentType',
  'deviceSerialNumber',
  'managedDeviceName',
  'userPrincipalName',
  'windowsAutopilotDeploymentProfileDisplayName',
  'enrollmentState',
  'windows10EnrollmentCompletionPageConfigurationDisplayName',
  'deploymentState',
  'deviceSetupStatus',
  'accountSetupStatus',
  'osVersion',
  'deploymentDuration',
  'deploymentTotalDuration',
  'deviceSetupDuration',
  'accountSetupDuration',
  'deploymentStartDateTime',
  'deploymentEndDateTime',
  'enrollmentFailureDetails',
] as const
const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1)
const V2_COLUMNS = [
  'DeviceId',
  'DeviceName',
  'SerialNumber',
  'UPN',
  'EnrollmentTimeInUtc',
  'CurrentProvisioningPhase',
  'DeploymentStatus',
  'DeploymentDurationTimeInSeconds',
  'Phase',
  'ResultCode',
]

const REPORTS: Record<string, readonly string[]> = {
  AutopilotV1DeploymentStatus: V1_SOURCE.map(pascal),
  AutopilotV2DeploymentStatus: V2_COLUMNS,
  AutopilotV2DeploymentStatusDetailedAppInfo: V2_COLUMNS,
  AutopilotV2DeploymentStatusDetailedScriptInfo: V2_COLUMNS,
}

const jobsOf = (state: MockState) => state.exportJobs

const signature = (state: MockState, id: string): string =>
  createHmac('sha256', `mock-intune exports ${state.seed}`).update(id).digest('base64url').slice(0, 22)

function jobJson(state: MockState, ctx: RequestContext, job: ExportJobRecord): Record<string, unknown> {
  const done = ctx.now >= job.createdAt + state.timing.scale(EXPORT_DELAY)
  return {
    '@odata.type': '#microsoft.graph.deviceManagementExportJob',
    id: job.id,
    reportName: job.reportName,
    filter: job.filter,
    select: job.select,
    format: job.format,
    snapshotId: null,
    localizationType: job.localizationType,
    status: done ? 'completed' : 'inProgress',
    url: done ? `${ctx.baseUrl}/_sim/exports/${job.id}?sig=${signature(state, job.id)}` : null,
    requestDateTime: isoSeconds(job.createdAt),
    expirationDateTime: done ? isoSeconds(job.createdAt + 60 * 60_000) : '0001-01-01T00:00:00Z',
  }
}

function create(state: MockState, ctx: RequestContext): MockResponse {
  const body = objectBody(ctx)
  const reportName = typeof body.reportName === 'string' ? body.reportName : ''
  const columns = Object.entries(REPORTS).find(([name]) => name.toLowerCase() === reportName.toLowerCase())
  if (!columns)
    throw new IntuneError(400, 'BadRequest', FEF, { detail: `Unknown reportName '${reportName.slice(0, 100)}' (${Object.keys(REPORTS).join(', ')})` })
  const format = body.format === undefined ? 'csv' : body.format
  if (format !== 'csv' && format !== 'json') throw new IntuneError(400, 'BadRequest', FEF, { detail: "format must be 'csv' or 'json'" })
  const select = body.select === undefined || body.select === null ? [] : body.select
  if (!Array.isArray(select) || select.some((c) => typeof c !== 'string' || !columns[1].some((k) => k.toLowerCase() === c.toLowerCase()))) {
    throw new IntuneError(400, 'BadRequest', FEF, { detail: `select must list columns of ${columns[0]}: ${columns[1].join(', ')}` })
  }
  const filter = typeof body.filter === 'string' ? body.filter : ''
  if (filter.trim() !== '') filterFor(columns[1], filter)
  const job: ExportJobRecord = {
    id: `${columns[0]}_${state.newGuid()}`,
    reportName: columns[0],
    filter,
    select: select.map((c: string) => columns[1].find((k) => k.toLowerCase() === c.toLowerCase()) ?? c),
    format,
    localizationType: typeof body.localizationType === 'string' ? body.localizationType : 'localizedValuesAsAdditionalColumn',
    createdAt: ctx.now,
  }
  jobsOf(state).set(job.id.toLowerCase(), job)
  state.markDirty()
  return created({ '@odata.context': contextUrl(ctx, 'deviceManagement/reports/exportJobs/$entity'), ...jobJson(state, ctx, job) })
}

function filterFor(columns: readonly string[], text: string) {
  const schema: FilterSchema = {
    properties: Object.fromEntries(columns.map((c) => [c, 'string'])),
    functions: new Set(['contains', 'startswith']),
    operators: new Set(['eq', 'ne', 'and', 'or', 'not']),
  }
  try {
    return compileFilter(text, schema)
  } catch (error) {
    if (error instanceof UnsupportedFilterError) throw new IntuneError(400, 'BadRequest', FEF, { detail: `Invalid filter: ${error.message}` })
    throw error
  }
}

function get(state: MockState, ctx: RequestContext): MockResponse {
  const job = jobsOf(state).get((ctx.params.id ?? '').toLowerCase())
  if (!job) throw new IntuneError(404, 'ResourceNotFound', `${FEF}('${(ctx.params.id ?? '').slice(0, 200)}')`)
  return ok({ '@odata.context': contextUrl(ctx, 'deviceManagement/reports/exportJobs/$entity'), ...jobJson(state, ctx, job) })
}

function rows(state: MockState, job: ExportJobRecord, now: number): string[][] {
  const columns = REPORTS[job.reportName] ?? []
  if (job.reportName !== 'AutopilotV1DeploymentStatus') return []
  const out: Array<Record<string, string>> = []
  const add = (event: Record<string, unknown>) => out.push(Object.fromEntries(V1_SOURCE.map((p) => [pascal(p), String(event[p] ?? '')])))
  for (const event of [...state.events].reverse()) if (event.publishAt <= now && out.length < MAX_ROWS) add(event as unknown as Record<string, unknown>)
  let examined = 0
  for (const entry of state.devices.scan()) {
    if (out.length >= MAX_ROWS || examined++ >= 1_000_000) break
    const event = historyEvent(state, entry.record())
    if (event) add(event as unknown as Record<string, unknown>)
  }
  const filter = job.filter.trim() === '' ? undefined : filterFor(columns, job.filter)
  const selected = job.select.length > 0 ? job.select : columns
  return out.filter((row) => !filter || filter.test(row)).map((row) => selected.map((c) => row[c] ?? ''))
}

const csvCell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)

/** GET /_sim/exports/{id}?sig=…: the finished export as a .zip (signed URL; no bearer token needed). */
export function download(state: MockState, id: string, sig: string | undefined, now: number): MockResponse {
  const job = jobsOf(state).get(id.toLowerCase())
  const expected = job ? Buffer.from(signature(state, job.id)) : undefined
  const given = Buffer.from(sig ?? '')
  if (!job || !expected || given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new GraphError(404, 'ResourceNotFound', 'The export does not exist or the link is not valid.')
  if (now < job.createdAt + state.timing.scale(EXPORT_DELAY)) throw new GraphError(409, 'Conflict', 'The export is not ready yet.')
  const columns = job.select.length > 0 ? job.select : (REPORTS[job.reportName] ?? [])
  const values = rows(state, job, now)
  const data =
    job.format === 'csv'
      ? Buffer.from([columns, ...values].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n', 'utf8')
      : Buffer.from(
          JSON.stringify({ TotalRowCount: values.length, Schema: columns.map((c) => ({ Column: c, PropertyType: 'String' })), Values: values }),
          'utf8',
        )
  return { status: 200, raw: { contentType: 'application/zip', bytes: zip([{ name: `${job.id}.${job.format}`, data }], new Date(job.createdAt)) } }
}

export const exportJobRoutes = (state: MockState): RouteDefinition[] => {
  const both = ['beta', 'v1.0'] as const
  return [
    { method: 'POST', path: COLLECTION, versions: both, handler: (ctx) => create(state, ctx) },
    {
      method: 'GET',
      path: COLLECTION,
      versions: both,
      handler: (ctx) =>
        ok(
          listBody(
            contextUrl(ctx, 'deviceManagement/reports/exportJobs'),
            [...jobsOf(state).values()].map((j) => jobJson(state, ctx, j)),
          ),
        ),
    },
    { method: 'GET', path: `${COLLECTION}/{id}`, versions: both, handler: (ctx) => get(state, ctx) },
  ]
}
