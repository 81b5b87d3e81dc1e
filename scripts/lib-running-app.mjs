// The running app for the screenshot scripts: the web server on a fresh data folder (demo tenant) and
// a Chromium (scripts/chromium.cjs finds or fetches one). Run after `npm run build`; `stop()` closes both and removes the data folder.
import { chromium } from '@playwright/test'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureChromium } from './chromium.cjs'

export async function startRunningApp(prefix) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix))
  const server = spawn(process.execPath, ['out/web/server.cjs', '--no-open', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise((resolve, reject) => {
    let out = ''
    server.stdout.on('data', (chunk) => {
      out += chunk
      const match = /^(http:\/\/127\.0\.0\.1:\d+\/#token=\w+)$/m.exec(out)
      if (match) resolve(match[1])
    })
    server.on('exit', (code) => reject(new Error(`server exited ${code}`)))
  })
  const browser = await chromium.launch({
    executablePath: ensureChromium().path,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update'],
  })
  const stop = async () => {
    await browser.close()
    server.kill('SIGTERM')
    await new Promise((resolve) => server.on('exit', resolve))
    rmSync(dataDir, { recursive: true, force: true })
  }
  return { url, browser, stop }
}

/** Calls a channel over the loopback transport, as the renderer does (the token from the app's URL). */
export async function rpc(url, channel, request) {
  const parsed = new URL(url)
  const token = parsed.hash.replace('#token=', '')
  const response = await fetch(`${parsed.origin}/api/rpc/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Origin: parsed.origin },
    body: JSON.stringify(request),
  })
  const body = await response.json()
  if (!body.ok) throw new Error(`${channel}: ${body.error.message}`)
  return body.value
}

/** From the Bench (where the app opens) to the device list, once the demo tenant's first sync has filled it. */
export async function openDeviceList(page) {
  await page.getByRole('heading', { name: 'Bench', level: 1 }).waitFor()
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: /^Devices/ })
    .click()
  await page.getByRole('heading', { name: 'Autopilot devices' }).waitFor()
  await page.getByRole('table').getByRole('row').nth(20).waitFor({ timeout: 30_000 })
}
