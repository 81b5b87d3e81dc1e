// The Electron-free IPC adapter; the shell passes the real ipcMain.
export { registerIpc, type RegisterIpcOptions } from './register-ipc'
export { createTrustedSenderCheck } from './trusted-sender'
export type { IpcMainLike, SenderEvent } from './ipc-types'
