import type { DownloadItem, Event, Session } from 'electron'
import type { LogSink } from '@core/logging/log-sink'
import { isAppUrl } from '@core/security/app-url'

type DownloadSession = Pick<Session, 'on'>
type Item = Pick<DownloadItem, 'getURL' | 'getFilename' | 'setSaveDialogOptions'>

/**
 * Diagnostics bundles and hand-over CSVs reach disk as downloads of Blobs the app made itself: the
 * technician picks the folder in the save dialog.
 * Any other download — one our page did not create — is cancelled, so no content can drop files.
 */
export function installDownloadGuard(session: DownloadSession, log: LogSink): void {
  session.on('will-download', (event: Event, item: Item) => {
    const url = item.getURL()
    if (!isOwnBlob(url)) {
      event.preventDefault()
      log.log('warn', 'download refused', { url: url.slice(0, 200) })
      return
    }
    item.setSaveDialogOptions({ title: 'Save to…', defaultPath: item.getFilename(), buttonLabel: 'Save' })
  })
}

/** `blob:app://bench/<uuid>`: a Blob URL our own page created (the origin decided by URL parsing). */
export const isOwnBlob = (url: string): boolean => url.startsWith('blob:') && isAppUrl(url.slice('blob:'.length))
