import { describe, expect, it } from 'vitest'
import { GRAPH_FIXTURES, shapeMismatches } from '@mock-intune/fixtures'
import { send, useClockedMock } from '../support'

const JOBS = '/beta/deviceManagement/reports/exportJobs'

/** Reads the single stored entry of a ZIP written by the mock (checks the signatures on the way). */
function unzipSingle(zipBytes: Buffer): { name: string; data: Buffer } {
  expect(zipBytes.readUInt32LE(0)).toBe(0x04034b50)
  const size = zipBytes.readUInt32LE(18)
  const nameLength = zipBytes.readUInt16LE(26)
  const name = zipBytes.subarray(30, 30 + nameLength).toString('utf8')
  const data = zipBytes.subarray(30 + nameLength, 30 + nameLength + size)
  expect(zipBytes.readUInt32LE(zipBytes.length - 22)).toBe(0x06054b50)
  return { name, data }
}

/** docs/reference/graph-api.md §B7 / §B13 #10: report export jobs for AutopilotV1/V2DeploymentStatus. */
describe('report export jobs', () => {
  const { mock, clock } = useClockedMock({ devices: 400 })

  it('POST → inProgress; completes after the delay with a signed URL to a .zip holding the CSV', async () => {
    const res = await send(mock(), JOBS, { method: 'POST', body: GRAPH_FIXTURES.exportJob.request.body })
    expect(res.status).toBe(201)
    expect(shapeMismatches(GRAPH_FIXTURES.exportJob.response.body, res.json)).toEqual([])
    const job = res.json as { id: string; status: string }
    expect(job.id).toMatch(/^AutopilotV1DeploymentStatus_/)
    clock.advance(30_000)
    const done = (await send(mock(), `${JOBS}/${job.id}`)).json as { status: string; url: string }
    expect(done.status).toBe('completed')
    expect(done.url.startsWith(`${mock().url}/_sim/exports/`)).toBe(true)
    // Like a storage SAS link: no bearer token needed, but the signature is.
    const file = await send(mock(), done.url.slice(mock().url.length), { token: null })
    expect(file.status).toBe(200)
    expect(file.headers['content-type']).toBe('application/zip')
    const raw = await fetch(done.url).then(async (r) => Buffer.from(await r.arrayBuffer()))
    const entry = unzipSingle(raw)
    expect(entry.name).toBe(`${job.id}.csv`)
    const lines = entry.data.toString('utf8').trim().split('\r\n')
    expect(lines[0]!.split(',')).toContain('DeviceSerialNumber')
    expect(lines.length).toBeGreaterThan(50)
    expect((await send(mock(), done.url.slice(mock().url.length).replace(/sig=.*/, 'sig=forged'), { token: null })).status).toBe(404)
  })

  it('JSON format with select and filter; V2 reports have no rows on a classic tenant; bad requests are 400', async () => {
    const res = await send(mock(), JOBS, {
      method: 'POST',
      body: {
        reportName: 'AutopilotV1DeploymentStatus',
        format: 'json',
        select: ['DeviceSerialNumber', 'DeploymentState'],
        filter: "DeploymentState eq 'failure'",
      },
    })
    expect(res.status).toBe(201)
    clock.advance(30_000)
    const url = ((await send(mock(), `${JOBS}/${(res.json as { id: string }).id}`)).json as { url: string }).url
    const json = JSON.parse(unzipSingle(Buffer.from(await (await fetch(url)).arrayBuffer())).data.toString('utf8')) as {
      TotalRowCount: number
      Schema: Array<{ Column: string }>
      Values: string[][]
    }
    expect(json.Schema.map((c) => c.Column)).toEqual(['DeviceSerialNumber', 'DeploymentState'])
    expect(json.TotalRowCount).toBe(json.Values.length)
    expect(json.Values.length).toBeGreaterThan(0)
    expect(json.Values.every((row) => row[1] === 'failure')).toBe(true)
    const v2 = (await send(mock(), JOBS, { method: 'POST', body: { reportName: 'AutopilotV2DeploymentStatus', format: 'csv' } })).json as { id: string }
    clock.advance(30_000)
    const v2url = ((await send(mock(), `${JOBS}/${v2.id}`)).json as { url: string }).url
    expect(
      unzipSingle(Buffer.from(await (await fetch(v2url)).arrayBuffer()))
        .data.toString('utf8')
        .trim(),
    ).toBe(
      'DeviceId,DeviceName,SerialNumber,UPN,EnrollmentTimeInUtc,CurrentProvisioningPhase,DeploymentStatus,DeploymentDurationTimeInSeconds,Phase,ResultCode',
    )
    expect((await send(mock(), JOBS, { method: 'POST', body: { reportName: 'Nope' } })).status).toBe(400)
    expect((await send(mock(), JOBS, { method: 'POST', body: { reportName: 'AutopilotV1DeploymentStatus', select: ['Colour'] } })).status).toBe(400)
    expect((await send(mock(), JOBS, { method: 'POST', body: { reportName: 'AutopilotV1DeploymentStatus', format: 'xml' } })).status).toBe(400)
    expect((await send(mock(), `${JOBS}/nope`)).status).toBe(404)
    expect(((await send(mock(), JOBS)).json as { value: unknown[] }).value.length).toBe(3)
  })
})
