import { vi } from 'vitest'

// Importing the real `electron` package under plain Node starts a binary download and throws
// (docs/architecture.md §4.2). Any test that reaches it gets this inert stand-in instead; shell
// tests that need behaviour mock it themselves with test/support/fake-electron.ts.
vi.mock('electron', () => ({ default: {}, app: {}, ipcMain: {}, contextBridge: {}, ipcRenderer: {} }))
