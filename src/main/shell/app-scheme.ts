import type { Protocol } from 'electron'
import { APP_SCHEME } from '@core/security/app-url'

/**
 * Registers `app://` as a privileged scheme (security checklist #18: a custom protocol instead of
 * `file://`). Must run before `ready`. `standard` gives a real tuple origin (`app://bench`) so
 * same-origin rules, relative URLs and storage work; `secure` makes it a secure context, which
 * `getUserMedia` (the QR camera) requires; `supportFetchAPI` + `stream` let the renderer fetch the
 * QR decoder's wasm. `corsEnabled` stays off on purpose: it would make our files readable from any
 * origin (electron/electron#52908); same-origin module scripts do not need it.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }])
}
