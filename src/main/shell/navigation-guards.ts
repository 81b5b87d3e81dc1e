import type { WebContents } from 'electron'
import type { LogSink } from '@core/logging/log-sink'
import { isAppUrl } from '@core/security/app-url'
import { toSafeExternalUrl } from '@core/security/external-url'
import { describeError } from './shell-log'

export interface NavigationGuardOptions {
  /** `shell.openExternal`; the only caller in the app, and only with a URL that passed the predicate. */
  openExternal(url: string): Promise<void>
  log: LogSink
}

type Guarded = Pick<WebContents, 'on' | 'setWindowOpenHandler'>

/**
 * The window never leaves `app://bench` (security checklist #11–15): navigations and redirects to
 * anything else are cancelled, `<webview>` is refused, and `window.open`/`target=_blank` never
 * creates a window — a safe http(s) link goes to the technician's browser instead.
 */
export function installNavigationGuards(contents: Guarded, options: NavigationGuardOptions): void {
  const { log } = options
  const stayInApp = (kind: string) => (event: { preventDefault(): void; url?: string }, url?: string) => {
    const target = url ?? event.url
    if (isAppUrl(target)) return
    event.preventDefault()
    log.log('warn', `blocked ${kind}`, { url: String(target).slice(0, 200) })
  }
  contents.on('will-navigate', stayInApp('navigation'))
  contents.on('will-redirect', stayInApp('redirect'))
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    log.log('warn', 'blocked <webview>')
  })
  contents.setWindowOpenHandler(({ url }) => {
    const safe = toSafeExternalUrl(url)
    if (safe) {
      options.openExternal(safe).catch((error: unknown) => log.log('warn', 'could not open link in the browser', describeError(error)))
    } else {
      log.log('warn', 'blocked window.open', { url: String(url).slice(0, 200) })
    }
    return { action: 'deny' }
  })
}
