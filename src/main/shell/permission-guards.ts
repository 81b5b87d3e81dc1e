import type { Session } from 'electron'
import type { LogSink } from '@core/logging/log-sink'
import { isCameraCheck, isCameraRequest } from '@core/security/camera-permission'

type Guarded = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>

/**
 * Camera for the QR scanner, nothing else (security checklist #5). Electron grants every permission
 * when no handler is set, so both handlers are installed: the check handler answers Chromium's
 * synchronous "would this be allowed?" queries, the request handler answers prompts. WebHID/USB/
 * serial device access is denied too.
 */
export function installPermissionGuards(session: Guarded, log: LogSink): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = isCameraRequest(permission, details, details.requestingUrl)
    if (!granted) log.log('info', 'permission request denied', { permission, url: String(details.requestingUrl).slice(0, 200) })
    callback(granted)
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => isCameraCheck(permission, details, requestingOrigin))
  session.setDevicePermissionHandler(() => false)
}
