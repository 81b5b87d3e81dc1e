import type * as Electron from 'electron'

/**
 * The Electron objects the shell uses, passed in rather than imported so every shell module can be
 * driven by test/support/fake-electron.ts. Only src/main/index.ts imports the real ones.
 */
export type ShellElectron = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'dialog' | 'ipcMain' | 'protocol' | 'screen' | 'session' | 'shell'>
