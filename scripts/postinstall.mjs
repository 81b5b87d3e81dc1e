// Runs after `npm install` in this repository.
// 1. Smoke-loads better-sqlite3 and fails the install loudly if the native addon did not build —
//    npm 11 silently skips dependency install scripts that `allowScripts` does not approve.
// 2. Tries to fetch the Electron binary, best-effort, under a hard timeout. Build and CI machines
//    cannot reach Electron's download host; `npm run web` and every test work without it.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'

const require = createRequire(import.meta.url)

function smokeSqlite() {
  try {
    const Database = require('better-sqlite3')
    const db = new Database(':memory:')
    const row = db.prepare('select sqlite_version() as v').get()
    db.close()
    console.log(`[postinstall] better-sqlite3 loads (SQLite ${row.v}, Node ABI ${process.versions.modules}).`)
  } catch (error) {
    console.error('[postinstall] better-sqlite3 did not load:', error && error.message)
    console.error('[postinstall] Its native build was probably skipped. Check "allowScripts" in package.json,')
    console.error('[postinstall] then run: npm rebuild better-sqlite3')
    process.exit(1)
  }
}

function tryElectronBinary() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') {
    console.log('[postinstall] ELECTRON_SKIP_BINARY_DOWNLOAD=1: not fetching the Electron binary.')
    return
  }
  const installer = 'node_modules/electron/install.js'
  if (!existsSync(installer)) return
  if (existsSync('node_modules/electron/path.txt')) return
  const timeoutMs = Number(process.env.ELECTRON_FETCH_TIMEOUT_MS ?? 60_000)
  const result = spawnSync(process.execPath, [installer], { stdio: 'inherit', timeout: timeoutMs })
  if (result.status === 0 && existsSync('node_modules/electron/path.txt')) {
    console.log('[postinstall] Electron binary installed.')
  } else {
    console.warn('[postinstall] Electron binary not available (offline?). `npm start` will not run;')
    console.warn('[postinstall] use `npm run web` instead. Tests that need Electron will skip.')
  }
}

smokeSqlite()
tryElectronBinary()
