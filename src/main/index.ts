/**
 * Electron entry point: glue only. Everything here is passed into ./shell/start-app so the wiring
 * runs under test with a fake `electron`, and everything below that lives in the Electron-free core.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, screen, session, shell, safeStorage } from 'electron'
import { join } from 'node:path'
// Not '@mock-intune': that would load the whole mock into this process too, where it no longer runs.
import { startMockIntuneInWorker } from '@mock-intune/in-worker'
import { demoTenantFaults } from '@core/demo-tenant-state'
import { startApp } from './shell/start-app'

startApp({
  electron: {
    app,
    BrowserWindow,
    dialog,
    ipcMain,
    protocol,
    session,
    shell,
    // A getter: Electron's `screen` may not be touched before the app is ready (the window is made after).
    get screen() {
      return screen
    },
  },
  // The demo tenant's mock on a thread of its own: in this one, each page it worked out blocked the core's event loop.
  startMockIntune: ({ port, token, onError, stateFile }) =>
    startMockIntuneInWorker(
      join(__dirname, 'mock-intune-worker.js'),
      { port, token, faults: demoTenantFaults(), ...(stateFile ? { stateFile } : {}) },
      onError,
    ),
  safeStorage,
  // out/main/index.js: the renderer, preload and db worker are found relative to this bundle.
  mainDir: __dirname,
}).catch((error: unknown) => {
  console.error('[autopilot-bench] start-up crashed', error)
  app.exit(1)
})
