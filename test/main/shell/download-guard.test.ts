import { describe, expect, it } from 'vitest'
import { installDownloadGuard, isOwnBlob } from '@main/shell/download-guard'
import { FakeSession } from '@support/fake-electron'
import { recordingLog } from '@support/ipc-fixtures'

function download(url: string) {
  const session = new FakeSession()
  installDownloadGuard(session as never, recordingLog())
  const event = {
    prevented: false,
    preventDefault() {
      this.prevented = true
    },
  }
  const item = {
    dialog: null as unknown,
    getURL: () => url,
    getFilename: () => 'bundle.zip',
    setSaveDialogOptions(options: unknown) {
      this.dialog = options
    },
  }
  for (const listener of session.listeners.get('will-download') ?? []) (listener as (e: unknown, i: unknown) => void)(event, item)
  return { prevented: event.prevented, dialog: item.dialog }
}

describe('download guard', () => {
  it('lets the app save its own Blob through the save dialog, named as the app named it', () => {
    expect(download('blob:app://bench/2f1c5a8e-1111-4222-8333-444455556666')).toEqual({
      prevented: false,
      dialog: { title: 'Save to…', defaultPath: 'bundle.zip', buttonLabel: 'Save' },
    })
  })

  it.each([
    'https://evil.example/x.exe',
    'blob:https://evil.example/uuid',
    'blob:app://bench.evil/uuid',
    'blob:app://bench@evil/uuid',
    'file:///etc/passwd',
    'data:text/plain,hi',
  ])('cancels a download the app did not create: %s', (url) => {
    expect(download(url)).toEqual({ prevented: true, dialog: null })
    expect(isOwnBlob(url)).toBe(false)
  })
})
