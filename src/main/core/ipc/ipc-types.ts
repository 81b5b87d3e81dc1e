/**
 * The slice of an Electron `IpcMainInvokeEvent` the adapter reads. Declared here, structurally, so
 * the core never imports `electron`; the real event satisfies it.
 */
export interface SenderEvent {
  readonly sender: unknown
  readonly senderFrame?: { readonly url?: string; readonly parent?: unknown } | null
}

/** The slice of Electron's `ipcMain` the adapter needs; tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, fn: (event: SenderEvent, payload: unknown) => Promise<unknown>): void
  removeHandler?(channel: string): void
}
