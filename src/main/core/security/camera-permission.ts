import { isAppUrl } from './app-url'

/** The parts of Electron's permission-request details we read; everything is optional at runtime. */
export interface MediaRequestDetails {
  mediaTypes?: readonly unknown[]
  isMainFrame?: boolean
  requestingUrl?: string
}

/** The parts of Electron's permission-check details we read. */
export interface MediaCheckDetails {
  mediaType?: string
  isMainFrame?: boolean
  requestingUrl?: string
}

/**
 * True only for a camera request from our own top frame: `media` with `mediaTypes` non-empty and all
 * `video`. Microphone (`audio`) is refused. Empty `mediaTypes` is refused: it is what some Windows
 * builds report for requests whose kind is unknown. Electron 45 reports screen capture as
 * `display-capture`, which is therefore refused by the permission name alone.
 */
export function isCameraRequest(permission: string, details: MediaRequestDetails | undefined, requestingUrl: unknown): boolean {
  if (permission !== 'media' || !details) return false
  if (details.isMainFrame === false) return false
  const types = details.mediaTypes
  if (!Array.isArray(types) || types.length === 0) return false
  return types.every((type) => type === 'video') && isAppUrl(requestingUrl)
}

/**
 * The synchronous twin for `setPermissionCheckHandler`, which Chromium consults before a request
 * (and for `enumerateDevices` labels). `requestingOrigin` is an origin such as `app://bench`;
 * `details.requestingUrl` is preferred when present because it is a full URL.
 */
export function isCameraCheck(permission: string, details: MediaCheckDetails | undefined, requestingOrigin: unknown): boolean {
  if (permission !== 'media' || !details) return false
  if (details.isMainFrame === false || details.mediaType !== 'video') return false
  return isAppUrl(details.requestingUrl ?? requestingOrigin)
}
