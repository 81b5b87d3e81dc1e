import { useSyncExternalStore } from 'react'

/**
 * Browser mode: whether the app's loopback server stopped answering (`npm run web` ended). Set by the HTTP
 * transport (a call or the event stream could not connect) and cleared when it answers again. A module
 * store, not an app store: the transport is chosen before the stores exist, and the walk found a tab that
 * said "Online" with its server gone, so the status bar and the banner both read this one flag.
 */
let gone = false
const listeners = new Set<() => void>()

export function setLocalServerGone(next: boolean): void {
  if (gone === next) return
  gone = next
  for (const listener of [...listeners]) listener()
}

export const isLocalServerGone = (): boolean => gone

export function subscribeLocalServer(listener: () => void): () => void {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}

/** True while the tab's local server cannot be reached (never in the Electron app). */
export const useLocalServerGone = (): boolean => useSyncExternalStore(subscribeLocalServer, isLocalServerGone, isLocalServerGone)
