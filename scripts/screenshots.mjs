// `npm run screenshots`: takes the README's screenshots from the running app (browser mode, demo
// tenant) in Debian's Chromium. Run after `npm run build`.
import { chromium } from '@playwright/test'
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const dataDir = mkdtempSync(join(tmpdir(), 'ab-shots-'))
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
  executablePath: process.env.AB_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update'],
})
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 810 } })
  await page.goto(url)
  await page.getByRole('heading', { name: 'Autopilot devices' }).waitFor()
  await page.getByRole('button', { name: 'Sync' }).waitFor({ state: 'visible' })
  await page.getByRole('table').getByRole('row').nth(20).waitFor({ timeout: 30_000 })
  await page.waitForTimeout(500)
  mkdirSync('docs/screenshots', { recursive: true })
  await page.screenshot({ path: 'docs/screenshots/devices.png' })
  await page.getByLabel('Search serial number, user, group tag, model').fill('lenovo')
  await page.waitForTimeout(800)
  await page.screenshot({ path: 'docs/screenshots/devices-search.png' })
  console.log('wrote docs/screenshots/devices.png and devices-search.png')
} finally {
  await browser.close()
  server.kill('SIGTERM')
  await new Promise((resolve) => server.on('exit', resolve))
  rmSync(dataDir, { recursive: true, force: true })
}
