/**
 * `npm run bench:mock [-- --devices N --pages P]`: the mock Intune API with a 1,000,000-device tenant.
 *
 * Measures, for the standalone CLI (as `npm run mock-intune -- --devices N` runs it, bundling
 * included) and for the in-process server:
 * - readyMs: from start to the URL line / the listening server (target ≤ 10 s);
 * - page-of-1000 latency over loopback at the start, middle and end of the serial order (target
 *   ≤ 50 ms): P consecutive pages from each position, following @odata.nextLink; median, p95, max,
 *   after P warm-up pages elsewhere; the very first request (cold JIT) is reported separately;
 * - get-by-id latency with $expand, and one worst-case filtered page (a contains() that matches
 *   nothing, scanning the 250,000-device budget) for information.
 * Prints one JSON document on stdout; progress goes to stderr.
 */
import { spawn } from 'node:child_process'
import { loadavg, cpus } from 'node:os'
import { startMockIntune } from '../src/mock-intune'
import { SkipTokenCodec } from '../src/mock-intune/paging'
import { TenantGenerator } from '../src/mock-intune/tenant/tenant-generator'

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`)
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`)
  return value
}

const DEVICES = arg('devices', 1_000_000)
const PAGES = arg('pages', 12)
const SEED = 1
const TOKEN = 'mock-intune-dev-token'
const PATH = '/beta/deviceManagement/windowsAutopilotDeviceIdentities'
const TARGETS = { readyMs: 10_000, pageMs: 50 }
const log = (text: string) => process.stderr.write(`[bench:mock] ${text}\n`)

const round = (value: number) => Math.round(value * 10) / 10
function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0
  return { n: sorted.length, medianMs: round(at(50)), p95Ms: round(at(95)), maxMs: round(sorted[sorted.length - 1] ?? 0) }
}

async function timedGet(url: string): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now()
  const res = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } })
  const body = await res.text()
  return { ms: performance.now() - started, status: res.status, body }
}

/** P consecutive pages from a keyset position (undefined = the first page). */
async function pagesFrom(base: string, index: number | undefined, codec: SkipTokenCodec, tenant: TenantGenerator): Promise<{ times: number[]; items: number }> {
  let url = `${base}${PATH}`
  if (index !== undefined) url += `?$skiptoken=${codec.encode({ serialNumber: tenant.serialAt(index), id: tenant.idAt(index) })}`
  const times: number[] = []
  let items = 0
  for (let i = 0; i < PAGES && url; i++) {
    const { ms, status, body } = await timedGet(url)
    if (status !== 200) throw new Error(`HTTP ${status} for ${url}: ${body.slice(0, 300)}`)
    const page = JSON.parse(body) as { value: unknown[]; '@odata.nextLink'?: string }
    times.push(ms)
    items += page.value.length
    url = page['@odata.nextLink'] ?? ''
  }
  return { times, items }
}

async function measure(base: string) {
  const tenant = new TenantGenerator(SEED, DEVICES)
  const codec = new SkipTokenCodec(SEED)
  const first = await timedGet(`${base}${PATH}?$top=1000`)
  // Warm-up (JIT) away from the measured positions: steady-state latency is what the target is about.
  await pagesFrom(base, Math.floor(DEVICES / 4), codec, tenant)
  const positions = { start: undefined, middle: Math.floor(DEVICES / 2), end: Math.max(0, DEVICES - PAGES * 1000 - 1) } as const
  const pages: Record<string, ReturnType<typeof stats> & { items: number }> = {}
  for (const [name, index] of Object.entries(positions)) {
    const { times, items } = await pagesFrom(base, index, codec, tenant)
    pages[name] = { ...stats(times), items }
    log(`${name}: ${JSON.stringify(pages[name])}`)
  }
  const gets: number[] = []
  for (let i = 0; i < 50; i++)
    gets.push((await timedGet(`${base}${PATH}/${tenant.idAt(Math.floor((i * DEVICES) / 50))}?$expand=deploymentProfile,intendedDeploymentProfile`)).ms)
  const scan = await timedGet(`${base}${PATH}?$filter=${encodeURIComponent("contains(serialNumber,'no-such-serial')")}`)
  return { firstRequestMs: round(first.ms), pages, getByIdMs: stats(gets), worstCaseFilteredPageMs: round(scan.ms) }
}

async function standalone() {
  log(`starting the CLI with ${DEVICES} devices`)
  const started = performance.now()
  const child = spawn(
    process.execPath,
    ['scripts/run-ts.mjs', 'src/mock-intune/cli.ts', '--devices', String(DEVICES), '--seed', String(SEED), '--token', TOKEN],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock did not start within 120 s:\n${output}`)), 120_000)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.once('exit', (code) => reject(new Error(`the mock exited (${code}):\n${output}`)))
  })
  const readyMs = round(performance.now() - started)
  log(`CLI ready in ${readyMs} ms at ${url}`)
  try {
    return { readyMs, ...(await measure(url)) }
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  }
}

async function inProcess() {
  const started = performance.now()
  const mock = await startMockIntune({ port: 0, devices: DEVICES, seed: SEED, token: TOKEN })
  const readyMs = round(performance.now() - started)
  log(`in-process mock ready in ${readyMs} ms`)
  try {
    return { readyMs, ...(await measure(mock.url)) }
  } finally {
    await mock.close()
  }
}

async function main() {
  const cli = await standalone()
  const embedded = await inProcess()
  const worstPage = (r: typeof cli) => Math.max(...Object.values(r.pages).map((p) => p.medianMs))
  const result = {
    benchmark: 'mock-intune',
    devices: DEVICES,
    pagesPerPosition: PAGES,
    machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0] ?? 0), node: process.version },
    targets: TARGETS,
    cli,
    inProcess: embedded,
    meetsTargets: {
      readyCli: cli.readyMs <= TARGETS.readyMs,
      readyInProcess: embedded.readyMs <= TARGETS.readyMs,
      pageMedianCli: worstPage(cli) <= TARGETS.pageMs,
      pageMedianInProcess: worstPage(embedded) <= TARGETS.pageMs,
    },
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
